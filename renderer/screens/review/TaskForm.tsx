// The task of the session under review: what it demonstrates, exported as every format's
// instruction. Editable until the session is decided; the core scans it like a window title, so a
// finding on it appears in the findings list after saving.
import { useEffect, useState } from 'react';
import { TASK_MAX_CHARS } from '../../../src/shared/task-limit.ts';

export function TaskForm({ task, editable, busy, onSave }: { task: string | null; editable: boolean; busy: boolean; onSave: (task: string) => void }) {
  const [draft, setDraft] = useState(task ?? '');
  // A redaction or a reload may change the stored task under the form.
  useEffect(() => setDraft(task ?? ''), [task]);
  return (
    <form
      className="task-form"
      onSubmit={(e) => {
        e.preventDefault();
        onSave(draft);
      }}
    >
      <label className="task-field">
        <span>Task</span>
        <input type="text" maxLength={TASK_MAX_CHARS} value={draft} disabled={!editable} placeholder="No task yet: what does this session demonstrate?" onChange={(e) => setDraft(e.target.value)} />
      </label>
      {editable && (
        <button type="submit" className="button small" disabled={busy || draft === (task ?? '')}>
          Save task
        </button>
      )}
    </form>
  );
}
