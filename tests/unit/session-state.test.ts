import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IllegalTransition, transition } from '../../src/core/session-state.ts';
import { SESSION_STATES, type SessionAction, canTransition } from '../../src/shared/session-states.ts';

const ACTIONS: SessionAction[] = ['stop', 'interrupt', 'submit', 'approve', 'reject', 'delete'];

describe('session state machine', () => {
  it('follows recording → recorded → submitted → approved', () => {
    expect(transition('recording', 'stop')).toBe('recorded');
    expect(transition('recorded', 'submit')).toBe('submitted');
    expect(transition('submitted', 'approve')).toBe('approved');
  });

  it('never approves a session that was not submitted, and deleted is final', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...ACTIONS), { maxLength: 20 }), (actions) => {
        let state: (typeof SESSION_STATES)[number] = 'recording';
        for (const action of actions) {
          const before = state;
          if (canTransition(state, action)) {
            state = transition(state, action);
            if (state === 'approved') expect(before).toBe('submitted');
            expect(before).not.toBe('deleted');
          } else {
            expect(() => transition(state, action)).toThrow(IllegalTransition);
          }
        }
      }),
    );
  });

  it('explains an illegal transition in one sentence', () => {
    expect(() => transition('recorded', 'approve')).toThrow(/cannot be approved; from recorded it can only be submitted or deleted\./);
  });
});
