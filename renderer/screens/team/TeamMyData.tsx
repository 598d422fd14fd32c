// A contributor's "My data on the service": their sessions with the state each is in and who
// decided it, who accessed each one and how (the access log), and the two downloads the service
// owes them: everything it holds about them, and their ledger statement. Another person's session
// never appears: the service answers only the token's own.
import { useState } from 'react';
import { accessInWords } from '../../../src/shared/access-words.ts';
import { formatTime } from '../../../src/shared/format.ts';
import type { SessionSummary } from '../../../src/shared/team-review-api.ts';
import { ROLE_ROUTES, type AccessEntry } from '../../../src/shared/team-roles-api.ts';
import { getTeamApi } from '../../api/get-api.ts';
import { DownloadButton } from './DownloadButton.tsx';
import { useTeamLoad } from './useTeamLoad.ts';

const STATE_WORDS: Record<SessionSummary['state'], string> = {
  submitted: 'waiting for review',
  approved: 'approved',
  rejected: 'rejected',
  erased: 'erased (withdrawn or deleted)',
};

export function TeamMyData({ name }: { name: string }) {
  const { data: sessions, problem } = useTeamLoad(() => getTeamApi().mySessions());
  const [open, setOpen] = useState<string | null>(null);
  return (
    <section aria-labelledby="my-data-title" className="screen">
      <h1 id="my-data-title">My data on the service</h1>
      <p className="lead">
        The sessions you submitted to this service, who looked at each one and what they did. You can download everything the service holds about you, and your
        ledger statement of approved minutes and steps.
      </p>
      <div className="card team-downloads">
        <DownloadButton path={ROLE_ROUTES.myData} filename={`cairn-my-data-${name}.tar`}>
          Download all my data (tar)
        </DownloadButton>
        <DownloadButton path={ROLE_ROUTES.ledger} filename={`cairn-ledger-${name}.csv`}>
          Download my ledger statement (CSV)
        </DownloadButton>
        <p className="muted small">
          The archive holds your account, every session with its decision, the access log, and each session still held as a bundle (<code>cairn bundle import FILE</code>).
          The same from a terminal: <code>cairn remote my-data --out FILE</code>, <code>cairn remote ledger --out FILE</code>.
        </p>
      </div>
      {problem && (
        <p className="notice warn" role="alert">
          {problem}
        </p>
      )}
      {sessions?.length === 0 && <p className="card muted">You have not submitted a session to this service yet (<code>cairn remote submit SESSION</code>).</p>}
      {sessions && sessions.length > 0 && (
        <div className="card flush">
          <table className="table my-sessions-table" aria-label="My sessions">
            <thead>
              <tr>
                <th scope="col">Submitted</th><th scope="col">Session</th><th scope="col">State</th><th scope="col">Decided by</th><th scope="col"><span className="visually-hidden">Access log</span></th>
              </tr>
            </thead>
            <tbody>
              {sessions.map((s) => (
                <SessionRows key={s.id} session={s} open={open === s.id} onToggle={() => setOpen(open === s.id ? null : s.id)} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function SessionRows({ session: s, open, onToggle }: { session: SessionSummary; open: boolean; onToggle: () => void }) {
  return (
    <>
      <tr>
        <td>{formatTime(s.submittedAt)}</td>
        <td><code className="hash">{s.id}</code></td>
        <td>
          <span className={`pill state-${s.state}`}>{STATE_WORDS[s.state]}</span>
          {s.reason && <div className="small">Reason: {s.reason}</div>}
        </td>
        <td>{s.decidedBy ? `${s.decidedBy}, ${formatTime(s.decidedAt!)}` : '—'}</td>
        <td className="num">
          <button type="button" className="button small" aria-expanded={open} onClick={onToggle} aria-label={`Who accessed the session submitted ${formatTime(s.submittedAt)}`}>
            {open ? 'Hide access log' : 'Access log'}
          </button>
        </td>
      </tr>
      {open && (
        <tr className="access-log-row">
          <td colSpan={5}>
            <AccessLog id={s.id} />
          </td>
        </tr>
      )}
    </>
  );
}

function AccessLog({ id }: { id: string }) {
  const { data: log, problem } = useTeamLoad<AccessEntry[]>(() => getTeamApi().accessLog(id));
  if (problem) return <p className="notice warn" role="alert">{problem}</p>;
  if (!log) return <p className="muted">Loading…</p>;
  return (
    <table className="table access-log" aria-label={`Access log of session ${id}`}>
      <thead>
        <tr>
          <th scope="col">When</th><th scope="col">Who</th><th scope="col">What</th>
        </tr>
      </thead>
      <tbody>
        {log.map((e, i) => (
          <tr key={i}>
            <td>{formatTime(e.at)}</td>
            <td>{e.who} ({e.role})</td>
            <td>{accessInWords(e.action, e.detail)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
