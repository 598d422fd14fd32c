// The dark stage a frame is shown on, focusable and stepped with the keyboard (the arrow keys,
// Page Up/Down, Home and End: STEP_KEYS): the session's frame viewer, the review stage and the
// steps scrubber share it.
import type { ReactNode } from 'react';
import { onStepKey } from './step-keys.ts';

interface Props {
  className?: string;
  /** What the stage is, for a screen reader ("frame viewer", "step player"). */
  kind: string;
  label: string;
  testId?: string;
  index: number;
  count: number;
  onStep(to: number): void;
  children: ReactNode;
}

export function SteppingStage({ className, kind, label, testId, index, count, onStep, children }: Props) {
  return (
    <div className={`viewer-stage${className ? ` ${className}` : ''}`} tabIndex={0} role="group" aria-roledescription={kind} aria-label={label} data-testid={testId} onKeyDown={onStepKey(index, count, onStep)}>
      {children}
    </div>
  );
}
