// How long a session's task may be: long enough for a task sentence with its details, short enough
// that it stays an instruction. Shared so the Record screen's field stops where the core refuses.
export const TASK_MAX_CHARS = 500;
