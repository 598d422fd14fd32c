// The one state machine of a session. Every change of state goes through `transition`, and the
// store writes an audit row for each one it applies.
import { DomainError } from './domain-error.ts';

export const SESSION_STATES = [
  'recording',
  'interrupted',
  'recorded',
  'submitted',
  'approved',
  'rejected',
  'deleted',
] as const;
export type SessionState = (typeof SESSION_STATES)[number];

export type SessionAction = 'stop' | 'interrupt' | 'submit' | 'approve' | 'reject' | 'delete';

const NEXT: Record<SessionState, Partial<Record<SessionAction, SessionState>>> = {
  recording: { stop: 'recorded', interrupt: 'interrupted', delete: 'deleted' },
  // An interrupted recording is kept as it was cut: it can be reviewed and submitted like any other.
  interrupted: { submit: 'submitted', delete: 'deleted' },
  recorded: { submit: 'submitted', delete: 'deleted' },
  submitted: { approve: 'approved', reject: 'rejected', delete: 'deleted' },
  // A rejected session goes back to its contributor, who may redact and submit it again.
  rejected: { submit: 'submitted', delete: 'deleted' },
  approved: { delete: 'deleted' },
  deleted: {},
};

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
  const to = NEXT[from][action];
  if (!to) throw new IllegalTransition(from, action);
  return to;
}

export function canTransition(from: SessionState, action: SessionAction): boolean {
  return NEXT[from][action] !== undefined;
}

function pastTense(action: SessionAction): string {
  return { stop: 'stopped', interrupt: 'interrupted', submit: 'submitted', approve: 'approved', reject: 'rejected', delete: 'deleted' }[action];
}

function hint(from: SessionState): string {
  const allowed = Object.keys(NEXT[from]);
  return allowed.length ? `from ${from} it can only be ${allowed.map((a) => pastTense(a as SessionAction)).join(' or ')}.` : 'it is final.';
}
