// The session's way forward: the contributor submits it; a reviewer approves it, or rejects it with
// a reason its contributor will read. When the core refuses (an open finding, a wrong state), its
// sentence is shown right here.
import { useState } from 'react';
import { canTransition } from '../../../src/shared/session-states.ts';
import { useReview } from '../../stores/review-store.ts';

export type ReviewRole = 'contributor' | 'reviewer';

export function WorkflowBar({ role, onDone }: { role: ReviewRole; onDone(action: 'submitted' | 'approved' | 'rejected'): void }) {
  const { detail, busy, refusal, submit, approve, reject } = useReview();
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');
  if (!detail) return null;
  // The buttons the state machine allows; the core checks again whatever this shows.
  const submittable = canTransition(detail.state, 'submit');
  const decidable = canTransition(detail.state, 'approve');
  return (
    <section className="card workflow" aria-labelledby="workflow-title">
      <h2 id="workflow-title">{role === 'reviewer' ? 'Decision' : 'Submit for review'}</h2>
      {role === 'contributor' && (
        <div className="actions">
          <button type="button" className="button primary" disabled={busy || !submittable} onClick={async () => (await submit()) && onDone('submitted')}>
            Submit for review
          </button>
          <span className="muted small">
            {submittable ? 'A reviewer then sees it in their queue, redacts what you missed, and approves or rejects it.' : `This session is ${detail.state}.`}
          </span>
        </div>
      )}
      {role === 'reviewer' && !rejecting && (
        <div className="actions">
          <button type="button" className="button primary" disabled={busy || !decidable} onClick={async () => (await approve()) && onDone('approved')}>
            Approve
          </button>
          <button type="button" className="button danger" disabled={busy || !decidable} onClick={() => setRejecting(true)}>
            Reject…
          </button>
          {!decidable && <span className="muted small">This session is {detail.state}.</span>}
        </div>
      )}
      {role === 'reviewer' && rejecting && (
        <form
          className="reject-form"
          onSubmit={async (e) => {
            e.preventDefault();
            if (reason.trim() && (await reject(reason.trim()))) onDone('rejected');
          }}
        >
          <label htmlFor="reject-reason">Why is it rejected? The contributor reads this.</label>
          <textarea id="reject-reason" rows={3} maxLength={2000} value={reason} onChange={(e) => setReason(e.target.value)} autoFocus />
          <div className="actions">
            <button type="submit" className="button danger" disabled={busy || !reason.trim()}>
              Reject with this reason
            </button>
            <button type="button" className="button" onClick={() => setRejecting(false)}>
              Cancel
            </button>
          </div>
        </form>
      )}
      {refusal && (
        <p className="notice warn refusal" role="alert">
          {refusal}
        </p>
      )}
    </section>
  );
}
