// The states of a session and which action leads from each to which: the table of the one state
// machine. The store applies it (core/session-state.ts `transition`, with an audit row each time),
// the contract lists the states, and the screens ask it which buttons a session allows.
export const SESSION_STATES = ['recording', 'interrupted', 'recorded', 'submitted', 'approved', 'rejected', 'deleted'] as const;
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

/** Where `action` leads from `from`, or undefined when it is not allowed there. */
export function nextState(from: SessionState, action: SessionAction): SessionState | undefined {
  return NEXT[from][action];
}

export function canTransition(from: SessionState, action: SessionAction): boolean {
  return NEXT[from][action] !== undefined;
}

/** The actions allowed from a state, in the table's order. */
export function actionsFrom(from: SessionState): SessionAction[] {
  return Object.keys(NEXT[from]) as SessionAction[];
}
