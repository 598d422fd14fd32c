// The keys that step through a session's frames or steps, shared by every stage (SteppingStage) and
// the review timeline.
export const STEP_KEYS: Record<string, (index: number, count: number) => number> = {
  ArrowLeft: (i) => i - 1,
  ArrowUp: (i) => i - 1,
  ArrowRight: (i) => i + 1,
  ArrowDown: (i) => i + 1,
  PageUp: (i) => i - 10,
  PageDown: (i) => i + 10,
  Home: () => 0,
  End: (_, n) => n - 1,
};

/** A keydown handler that steps by STEP_KEYS: `go` receives the index the key asks for, kept
 *  within 0..count-1; other keys pass through. */
export function onStepKey(index: number, count: number, go: (to: number) => void) {
  return (e: { key: string; preventDefault(): void }) => {
    const to = STEP_KEYS[e.key];
    if (!to) return;
    e.preventDefault();
    go(Math.max(0, Math.min(count - 1, to(index, count))));
  };
}
