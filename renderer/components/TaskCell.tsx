// What a session demonstrates, in the session tables (sessions, review queue, export): one line
// (the whole task on hover), or a muted "no task" when none was named.
export function TaskCell({ task, as: Cell = 'span' }: { task: string | null; as?: 'span' | 'td' }) {
  return (
    <Cell role={Cell === 'span' ? 'cell' : undefined} className="task-cell" title={task ?? 'No task named yet'}>
      {task ?? <span className="muted">no task</span>}
    </Cell>
  );
}

/** The task as a line under another cell's content (the export table's date). */
export function TaskLine({ task }: { task: string | null }) {
  return (
    <span className="task-line task-cell" title={task ?? 'No task named yet'}>
      {task ?? <span className="muted">no task</span>}
    </span>
  );
}
