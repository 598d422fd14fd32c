// The one state machine of a session. Every change of state goes through `transition`, and the
// store writes an audit row for each one it applies. Its table is shared/session-states.ts.
import { actionsFrom, nextState, type SessionAction, type SessionState } from '../shared/session-states.ts';
import { DomainError } from './domain-error.ts';

/** A step the session's state does not allow: a conflict at every boundary. */
export class IllegalTransition extends DomainError {
  readonly from: SessionState;
  readonly action: SessionAction;

  constructor(from: SessionState, action: SessionAction) {
    super('conflict', `A session that is ${from} cannot be ${pastTense(action)}; ${hint(from)}`);
    this.name = 'IllegalTransition';
    this.from = from;
    this.action = action;
  }
}

export function transition(from: SessionState, action: SessionAction): SessionState {
  const to = nextState(from, action);
  if (!to) throw new IllegalTransition(from, action);
  return to;
}

function pastTense(action: SessionAction): string {
  return { stop: 'stopped', interrupt: 'interrupted', submit: 'submitted', approve: 'approved', reject: 'rejected', delete: 'deleted' }[action];
}

function hint(from: SessionState): string {
  const allowed = actionsFrom(from);
  return allowed.length ? `from ${from} it can only be ${allowed.map(pastTense).join(' or ')}.` : 'it is final.';
}
