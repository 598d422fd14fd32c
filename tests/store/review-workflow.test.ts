// The review workflow through the one state machine: submit, approve (refused while a finding is
// open), reject with a reason the contributor sees, and what export may take (isExportable).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type SessionState, SESSION_STATES } from '../../src/shared/session-states.ts';
import { resolveFinding } from '../../src/review/redaction/resolve-finding.ts';
import { describeSession, printSession } from '../../src/review/session-view.ts';
import { approveSession, isExportable, openFindings, rejectSession, submitSession } from '../../src/review/workflow.ts';
import { addFindings } from '../../src/store/findings-repo.ts';
import { applyAction, getSession } from '../../src/store/session-repo.ts';
import type { Store } from '../../src/store/store.ts';
import { open, tempDataDir } from './helpers.ts';
import { seedReviewSession } from '../helpers/seed-review.ts';

const ID = '7c0e5a1c-2222-4333-8444-955556666777';

function flag(store: Store, seq: number): void {
  addFindings(store, ID, [{ source: 'text', detector: 'email', preview: 'j•••@e•••.com', location: { windowSeq: 1, fromSeq: seq, toSeq: seq + 2 } }], 'detector');
}

describe('the review workflow', () => {
  it('refuses to approve while a finding is open, in one sentence naming how many and what to do', async () => {
    const store = open(tempDataDir());
    await seedReviewSession(store, { id: ID, state: 'submitted' });
    flag(store, 1);
    flag(store, 10);
    await expect(approveSession(store, ID, { rescan: false })).rejects.toThrow(
      /has 2 open findings; redact or waive each \(`cairn redact`, or the review screen\) before approving\.$/,
    );
    expect(getSession(store, ID).state).toBe('submitted');
    expect(isExportable(store, ID)).toBe(false);
  });

  it('the rescan before approval finds a secret nobody scanned for', async () => {
    const store = open(tempDataDir());
    await seedReviewSession(store, { id: ID, state: 'submitted' });
    await expect(approveSession(store, ID)).rejects.toThrow(/open finding/);
    expect(openFindings(store, ID).some((f) => f.detector.includes('aws'))).toBe(true);
  });

  it('approves once every finding is redacted or waived; the session is then exportable', async () => {
    const store = open(tempDataDir());
    await seedReviewSession(store, { id: ID, state: 'submitted' });
    flag(store, 1);
    await resolveFinding(store, ID, openFindings(store, ID)[0]!.id, 'waive', 'test address');
    expect(await approveSession(store, ID, { rescan: false, at: 1234 })).toBe('approved');
    expect(isExportable(store, ID)).toBe(true);
    expect(describeSession(store, ID).review).toEqual({ reviewer: 'reviewer', reviewedAt: 1234, reason: null });
  });

  it('a rejection keeps its reason for the contributor, who can redact and submit again', async () => {
    const store = open(tempDataDir());
    await seedReviewSession(store, { id: ID, state: 'submitted' });
    rejectSession(store, ID, '  Cut the part where the mail client is open.  ', { at: 99 });
    const view = describeSession(store, ID);
    expect(view.state).toBe('rejected');
    expect(view.review).toEqual({ reviewer: 'reviewer', reviewedAt: 99, reason: 'Cut the part where the mail client is open.' });
    const lines: string[] = [];
    printSession(view, (l) => lines.push(l), { events: false });
    expect(lines.join('\n')).toContain('Rejected by reviewer');
    expect(lines.join('\n')).toContain('Cut the part where the mail client is open.');
    expect(submitSession(store, ID)).toBe('submitted');
    expect(() => rejectSession(store, ID, '   ')).toThrow(/needs a reason/);
  });

  it('submit, approve and reject refuse every state they do not start from', async () => {
    const store = open(tempDataDir());
    await seedReviewSession(store, { id: ID, state: 'recorded' });
    await expect(approveSession(store, ID, { rescan: false })).rejects.toThrow(/A session that is recorded cannot be approved/);
    expect(() => rejectSession(store, ID, 'no')).toThrow(/cannot be rejected/);
    submitSession(store, ID);
    expect(() => submitSession(store, ID)).toThrow(/A session that is submitted cannot be submitted/);
  });
});

type Step = { kind: 'submit' | 'approve' | 'reject' | 'delete' | 'flag' | 'resolve' };

describe('the workflow under random sequences of actions (property)', () => {
  it('never reaches an illegal state, and approve succeeds only from submitted with no open finding', async () => {
    const step = fc.constantFrom<Step['kind']>('submit', 'approve', 'reject', 'delete', 'flag', 'resolve').map((kind) => ({ kind }));
    const legal: Record<SessionState, SessionState[]> = {
      recording: [], interrupted: ['submitted', 'deleted'], recorded: ['submitted', 'deleted'], submitted: ['approved', 'rejected', 'deleted'],
      rejected: ['submitted', 'deleted'], approved: ['deleted'], deleted: [],
    };
    const store = open(tempDataDir());
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 12 }), async (steps) => {
        // Each run gets its own session in the one store: fresh ids, same rules.
        const id = `${(n++).toString(16).padStart(8, '0')}-0000-4000-8000-000000000000`;
        store
          .prepare(`INSERT INTO sessions (id, state, started_at, clock_origin, layout_json, policies_json) VALUES (?, 'recorded', 0, 0, '{}', '[]')`)
          .run(id);
        let seq = 1;
        for (const { kind } of steps) {
          const before = getSession(store, id).state;
          const open = openFindings(store, id).length;
          let ok = true;
          try {
            if (kind === 'submit') submitSession(store, id);
            else if (kind === 'approve') await approveSession(store, id, { rescan: false });
            else if (kind === 'reject') rejectSession(store, id, 'reason');
            else if (kind === 'delete') applyAction(store, id, 'delete', { actor: 'contributor' });
            else if (kind === 'flag') addFindings(store, id, [{ source: 'title', detector: 'email', preview: '•', location: { windowSeq: seq++ } }], 'detector');
            else if (open > 0) await resolveFinding(store, id, openFindings(store, id)[0]!.id, 'waive', 'fine');
          } catch {
            ok = false;
          }
          const after = getSession(store, id).state;
          expect(SESSION_STATES).toContain(after);
          if (after !== before) expect(legal[before]).toContain(after);
          if (kind === 'approve') expect(ok).toBe(before === 'submitted' && open === 0);
          if (after === 'approved') expect(isExportable(store, id)).toBe(openFindings(store, id).length === 0);
        }
      }),
      { numRuns: 150 },
    );
  });
});
