// The team service's review queue: submitted sessions, oldest first, with their contributor and
// the findings open on the service (while the service's own detectors still check a session, it
// says so). A token that may not see it gets the service's refusal.
import { useEffect, useState } from 'react';
import { formatCount, formatTime } from '../../../src/shared/format.ts';
import type { SessionSummary } from '../../../src/shared/team-review-api.ts';
import { getTeamApi } from '../../api/get-api.ts';
import { ReviewCell } from '../../components/ReviewCell.tsx';

export function TeamQueue({ done, onOpen }: { done: string | null; onOpen: (id: string) => void }) {
  const [queue, setQueue] = useState<SessionSummary[] | null>(null);
  const [refused, setRefused] = useState<string | null>(null);
  useEffect(() => {
    getTeamApi().queue().then(setQueue, (err: Error) => setRefused(err.message));
  }, []);
  return (
    <section aria-labelledby="team-queue-title" className="screen">
      <h1 id="team-queue-title">Review queue</h1>
      {refused && (
        <p className="notice warn" role="alert">
          {refused}
        </p>
      )}
      {done && (
        <p className="notice ok" role="status">
          {done}
        </p>
      )}
      {!refused && <p className="lead">{queue ? `${queue.length} submitted session${queue.length === 1 ? '' : 's'} waiting for review, oldest first.` : 'Loading…'}</p>}
      {queue && queue.length > 0 && (
        <div className="card flush">
          <table className="table queue-table">
            <thead>
              <tr>
                <th scope="col">Submitted</th><th scope="col">Contributor</th><th scope="col" className="num">Events</th><th scope="col" className="num">Frames</th>
                <th scope="col" className="num">Open findings</th><th scope="col"><span className="visually-hidden">Open</span></th>
              </tr>
            </thead>
            <tbody>
              {queue.map((s) => (
                <tr key={s.id}>
                  <td>{formatTime(s.submittedAt)}</td>
                  <td>{s.contributor}</td>
                  <td className="num">{formatCount(s.events)}</td>
                  <td className="num">{formatCount(s.frames)}</td>
                  <td className="num">{s.checking ? `${s.openFindings}, checking…` : s.openFindings}</td>
                  <ReviewCell onOpen={() => onOpen(s.id)} label={`Review the session of ${s.contributor} submitted ${formatTime(s.submittedAt)}`} />
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {queue?.length === 0 && <p className="card muted">Nothing to review: no session is waiting.</p>}
    </section>
  );
}
