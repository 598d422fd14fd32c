// The window decision for a frame's pixels, for every frame whatever took it (the periodic and
// focus frames of frame-scheduler.ts, the step observations of step-observations.ts): the rule the
// gate applies to input (window-decision.ts), over the moments from before the pixels were read to
// after. For a browser that means waiting for a report newer than the read, up to a hold.
import type { Millis } from '../core/input-event.ts';
import type { WindowInfo } from '../core/window-info.ts';
import type { WindowJudge, WindowVerdict } from '../core/window-decision.ts';

/** How often a frame waiting for a browser report looks again. */
const REPORT_POLL_MS = 50;

export type FinalVerdict = Exclude<WindowVerdict, { kind: 'wait' }>;

/** The decision for `window` from `from` to `to` (event clock), once a browser report newer than `to`
 *  has come or `holdMs` has passed (then what the judge says when it is too late), or the caller gives up. */
export async function frameVerdict(
  judge: Pick<WindowJudge, 'decide'>,
  window: WindowInfo,
  from: Millis,
  to: Millis,
  holdMs: Millis,
  givenUp: () => boolean,
): Promise<FinalVerdict> {
  const giveUpAt = performance.now() + holdMs;
  for (;;) {
    const verdict = judge.decide(window, from, to);
    if (verdict.kind !== 'wait') return verdict;
    if (givenUp() || performance.now() >= giveUpAt) return verdict.otherwise;
    await new Promise((resolve) => setTimeout(resolve, REPORT_POLL_MS));
  }
}

/** Whether a frame under `verdict` may be stored: the window is recorded, with screens on. */
export function framesAllowed(verdict: WindowVerdict): boolean {
  return verdict.kind !== 'drop' && verdict.policy.screens === 'on';
}
