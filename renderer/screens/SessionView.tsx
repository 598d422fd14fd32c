// One session: its task, its steps played on their frames, its frames, what was typed in each app,
// its windows, what was dropped and why, and its audit trail; deleting it asks once. "Review" opens it in the review viewer, where the
// contributor redacts and submits it; a reviewer's reason for rejecting it is shown here.
import { useEffect, useState } from 'react';
import { DroppedTable } from '../components/DroppedTable.tsx';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { Figure } from '../components/Figure.tsx';
import { countOf, formatCount, formatDuration, formatTime } from '../../src/shared/format.ts';
import { useNav } from '../stores/nav-store.ts';
import { useSessions } from '../stores/sessions-store.ts';
import { FrameViewer } from './FrameViewer.tsx';
import { StepScrubber } from './StepScrubber.tsx';
import { SessionReview } from './review/SessionReview.tsx';

export function SessionView({ id }: { id: string }) {
  const { detail, open, remove } = useSessions();
  const openSession = useNav((s) => s.openSession);
  const [confirming, setConfirming] = useState(false);
  const [reviewing, setReviewing] = useState(false);
  useEffect(() => void open(id), [id, open]);
  if (reviewing) {
    const leave = () => {
      // Redactions changed what this screen showed: read the session again.
      useSessions.setState({ detail: null });
      void open(id);
      setReviewing(false);
    };
    return <SessionReview id={id} role="contributor" backLabel="Back to the session" onBack={leave} onDone={leave} />;
  }
  const back = (
    <button type="button" className="button small" onClick={() => openSession(null)}>
      ← All sessions
    </button>
  );
  if (!detail || detail.id !== id) {
    return (
      <section className="screen" aria-labelledby="session-title">
        {back}
        <h1 id="session-title">Session</h1>
        <p className="muted">Loading…</p>
      </section>
    );
  }
  const apps = new Map(detail.windows.map((w) => [w.seq, w.app]));
  const appOf = (seq: number) => apps.get(seq) ?? 'unknown app';
  const lengthMs = detail.endedAt ? Date.parse(detail.endedAt) - Date.parse(detail.startedAt) : 0;
  const droppedTotal = Object.values(detail.dropped).reduce((sum, n) => sum + n, 0);
  return (
    <section className="screen" aria-labelledby="session-title">
      <div className="screen-head">
        {back}
        <div className="actions">
          <button type="button" className="button primary small" onClick={() => setReviewing(true)} disabled={detail.state === 'recording'}>
            Review
          </button>
          <button type="button" className="button danger small" onClick={() => setConfirming(true)}>
            Delete session
          </button>
        </div>
      </div>
      <h1 id="session-title">
        Session of {formatTime(detail.startedAt)} <span className={`pill state-${detail.state}`}>{detail.state}</span>
      </h1>
      <p className="session-task" data-testid="session-task">
        <span className="muted">Task:</span>{' '}
        {detail.task ? <strong>{detail.task}</strong> : <span className="muted">none named yet; name it under Review (every export carries it as the instruction).</span>}
      </p>
      {detail.state === 'rejected' && (
        <p className="notice warn" role="status">
          <strong>Rejected{detail.review.reviewer ? ` by ${detail.review.reviewer}` : ''}:</strong> {detail.review.reason ?? 'no reason given.'}{' '}
          <span className="muted">Redact what it asks for under Review, then submit again.</span>
        </p>
      )}
      <dl className="figures card">
        <Figure label="Length" value={formatDuration(lengthMs)} />
        <Figure label="Events" value={formatCount(detail.counts.events)} />
        <Figure label="Frames" value={formatCount(detail.counts.frames)} />
        <Figure label="Dropped" value={formatCount(droppedTotal)} />
        <Figure label="Keyboard" value={detail.keyboardLayout} />
      </dl>

      <div className="card">
        <h2>Steps</h2>
        <p className="muted small">Each step as an export spells it, drawn on the frame seen just before it: what a model trained on it is shown. After shows the frame seen once the step settled, which the exports carry too.</p>
        <StepScrubber key={detail.id} id={detail.id} frames={detail.frames} />
      </div>

      <div className="card">
        <h2>Frames</h2>
        <FrameViewer key={detail.id} id={detail.id} frames={detail.frames} appOf={appOf} />
      </div>

      <div className="card">
        <h2>What was typed</h2>
        {detail.typedText.length === 0 && <p className="muted">Nothing typed, or keys were not recorded.</p>}
        {detail.typedText.map((run, i) => (
          <div key={i} className="typed">
            <h3>{run.app ?? 'Unknown app'}</h3>
            <pre className="typed-text">{run.text}</pre>
          </div>
        ))}
      </div>

      <div className="columns">
        <div className="card">
          <h2>Windows</h2>
          <table className="table compact">
            <thead>
              <tr><th scope="col">At</th><th scope="col">App</th><th scope="col">Title</th><th scope="col">Size</th></tr>
            </thead>
            <tbody>
              {detail.windows.map((w) => (
                <tr key={w.seq}>
                  <td>{formatDuration(w.t)}</td><td>{w.app}</td><td>{w.title ?? <span className="muted">not kept</span>}</td><td>{w.width}×{w.height}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div className="card">
          <h2>Dropped, by reason</h2>
          <DroppedTable dropped={detail.dropped} />
        </div>
      </div>

      <div className="card">
        <h2>Audit trail</h2>
        <AuditTable audit={detail.audit} />
      </div>

      <ConfirmDialog
        open={confirming}
        title="Delete this session?"
        confirmLabel="Delete session"
        danger
        onCancel={() => setConfirming(false)}
        onConfirm={async () => {
          setConfirming(false);
          if (await remove(id)) openSession(null);
        }}
      >
        <p>Its {countOf(detail.counts.events, 'event')} and {countOf(detail.counts.frames, 'frame')} are erased for good. Only its id stays, as a tombstone.</p>
      </ConfirmDialog>
    </section>
  );
}

export function AuditTable({ audit }: { audit: { id: number; at: number; actor: string; action: string; detail: Record<string, unknown> | null }[] }) {
  if (!audit.length) return <p className="muted">No entries.</p>;
  return (
    <table className="table compact">
      <thead>
        <tr><th scope="col">When</th><th scope="col">Who</th><th scope="col">What</th><th scope="col">Detail</th></tr>
      </thead>
      <tbody>
        {audit.map((a) => (
          <tr key={a.id}>
            <td>{formatTime(a.at)}</td><td>{a.actor}</td><td>{a.action}</td>
            <td className="detail">{a.detail ? Object.entries(a.detail).map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`).join(' · ') : ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
