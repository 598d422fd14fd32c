// The sessions an export can hold: approved ones can be chosen, every other one is shown disabled
// with the reason it cannot leave this computer yet.
import { formatCount, formatDuration, formatTime } from '../../src/shared/format.ts';
import type { SessionSummary } from '../stores/sessions-store.ts';
import { TaskLine } from '../components/TaskCell.tsx';

const WHY: Record<string, string> = {
  recording: 'Still recording.',
  interrupted: 'Cut short; review and submit it first.',
  recorded: 'Not submitted for review yet.',
  submitted: 'Waiting for a reviewer’s approval.',
  rejected: 'Rejected by a reviewer; redact and submit it again.',
};

function whyNot(s: SessionSummary): string {
  if (s.state === 'approved') return `${s.openFindings} open finding${s.openFindings === 1 ? '' : 's'}: redact or waive ${s.openFindings === 1 ? 'it' : 'them'} first.`;
  return WHY[s.state] ?? 'Cannot be exported.';
}

export function ExportSessionTable({ sessions, chosen, onToggle }: { sessions: SessionSummary[]; chosen: ReadonlySet<string>; onToggle(id: string): void }) {
  return (
    <table className="table export-table">
      <thead>
        <tr>
          <th scope="col"><span className="visually-hidden">Include</span></th>
          <th scope="col">Recorded · task</th><th scope="col">State</th><th scope="col">Length</th><th scope="col">Apps</th>
          <th scope="col" className="num">Events</th><th scope="col" className="num">Frames</th><th scope="col">Export</th>
        </tr>
      </thead>
      <tbody>
        {sessions.map((s) => {
          const approved = s.state === 'approved' && s.openFindings === 0;
          const id = `export-${s.id}`;
          return (
            <tr key={s.id} className={approved ? 'exportable' : 'blocked'}>
              <td>
                <input type="checkbox" id={id} checked={chosen.has(s.id)} disabled={!approved} onChange={() => onToggle(s.id)} aria-describedby={`${id}-why`} />
              </td>
              <td className="recorded-cell">
                <label htmlFor={id}>{formatTime(s.startedAt)}</label>
                <TaskLine task={s.task} />
              </td>
              <td><span className={`pill state-${s.state}`}>{s.state}</span></td>
              <td>{formatDuration(s.durationMs)}</td>
              <td className="apps-cell">{s.apps.join(', ') || '—'}</td>
              <td className="num">{formatCount(s.eventCount)}</td>
              <td className="num">{formatCount(s.frameCount)}</td>
              <td id={`${id}-why`} className={approved ? 'why ok' : 'why'}>{approved ? 'Approved: can be exported.' : whyNot(s)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
