// The reviewer's queue: submitted sessions waiting for review, oldest first, each with its task;
// opening one shows it in the review viewer, and a decision brings the reviewer back here with the next.
import { useEffect, useState } from 'react';
import { formatBytes, formatCount, formatDuration, formatTime } from '../../src/shared/format.ts';
import { useReview } from '../stores/review-store.ts';
import { SessionReview } from './review/SessionReview.tsx';
import { TaskCell } from '../components/TaskCell.tsx';
import { ReviewCell } from '../components/ReviewCell.tsx';

export function ReviewQueue() {
  const { queue, loadQueue } = useReview();
  const [openId, setOpenId] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  useEffect(() => {
    if (!openId) void loadQueue();
  }, [openId, loadQueue]);
  if (openId) {
    return (
      <SessionReview
        id={openId}
        role="reviewer"
        backLabel="Review queue"
        onBack={() => setOpenId(null)}
        onDone={(action) => {
          setDone(`The session was ${action}.`);
          setOpenId(null);
        }}
      />
    );
  }
  const sorted = queue ? [...queue].sort((a, b) => a.startedAt - b.startedAt) : null;
  return (
    <section aria-labelledby="review-title" className="screen">
      <h1 id="review-title">Review queue</h1>
      <p className="lead">{sorted ? `${sorted.length} submitted session${sorted.length === 1 ? '' : 's'} waiting for review, oldest first.` : 'Loading…'}</p>
      {done && (
        <p className="notice ok" role="status">
          {done}
        </p>
      )}
      {sorted && sorted.length > 0 && (
        <div className="card flush">
          <table className="table queue-table">
            <thead>
              <tr>
                <th scope="col">Recorded</th><th scope="col">Task</th><th scope="col">Length</th><th scope="col">Apps</th>
                <th scope="col" className="num">Events</th><th scope="col" className="num">Frames</th><th scope="col" className="num">Size</th><th scope="col"><span className="visually-hidden">Open</span></th>
              </tr>
            </thead>
            <tbody>
              {sorted.map((s) => (
                <tr key={s.id}>
                  <td>{formatTime(s.startedAt)}</td>
                  <TaskCell task={s.task} as="td" />
                  <td>{formatDuration(s.durationMs)}</td>
                  <td>{s.apps.join(', ') || '—'}</td>
                  <td className="num">{formatCount(s.eventCount)}</td>
                  <td className="num">{formatCount(s.frameCount)}</td>
                  <td className="num">{formatBytes(s.bytes)}</td>
                  <ReviewCell onOpen={() => setOpenId(s.id)} label={`Review the session of ${formatTime(s.startedAt)}`} />
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {sorted?.length === 0 && <p className="card muted">Nothing to review: no session is waiting.</p>}
    </section>
  );
}
