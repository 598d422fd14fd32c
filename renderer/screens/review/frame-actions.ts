// What happened while a frame was the latest one on screen: clicks (with where they land on the
// frame), the text typed and the other keys pressed, read from the events of its time span.
import { keyLabel } from '../../../src/shared/key-names.ts';
import { isModifierKey } from '../../../src/shared/modifiers.ts';
import type { ReviewDetail } from '../../stores/review-store.ts';
import type { EventRow } from './event-slices.ts';

type Frame = ReviewDetail['frames'][number];
type Window = ReviewDetail['windows'][number];

export interface Click {
  seq: number;
  t: number;
  /** In the frame's own pixels; null when the click fell outside it. */
  x: number;
  y: number;
  button: number;
}

export interface FrameActions {
  clicks: Click[];
  /** Text typed, in order (characters as the session's layout rebuilt them). */
  typed: string;
  keys: string[];
  moves: number;
  scrolls: number;
}

/** seq of a key-down -> the character it typed, from the session's typed text runs. */
export function typedCharacters(detail: ReviewDetail): Map<number, string> {
  const chars = new Map<number, string>();
  for (const run of detail.typedText) {
    Array.from(run.text).forEach((ch, i) => {
      const seq = run.seqs[i];
      if (seq !== undefined && seq > 0) chars.set(seq, (chars.get(seq) ?? '') + ch);
    });
  }
  return chars;
}

export function frameActions(events: readonly EventRow[], frame: Frame, window: Window | undefined, chars: Map<number, string>): FrameActions {
  const actions: FrameActions = { clicks: [], typed: '', keys: [], moves: 0, scrolls: 0 };
  // Frames are the focused window, cropped and maybe scaled: screen points map into them so.
  const sx = window && window.width > 0 ? frame.width / window.width : 1;
  const sy = window && window.height > 0 ? frame.height / window.height : 1;
  for (const e of events) {
    if (e.kind === 'mouse-down' && e.x != null && e.y != null) {
      const x = (e.x - (window?.x ?? 0)) * sx;
      const y = (e.y - (window?.y ?? 0)) * sy;
      if (x >= 0 && y >= 0 && x <= frame.width && y <= frame.height) actions.clicks.push({ seq: e.seq, t: e.t, x, y, button: e.button ?? 1 });
    } else if (e.kind === 'key-down') {
      const ch = chars.get(e.seq);
      if (ch !== undefined) actions.typed += ch;
      // Shortcuts and keys that type nothing, named on a US keyboard: the viewer has no session layout.
      else if (!isModifierKey(e.keycode ?? -1)) actions.keys.push(keyLabel(e.keycode, e.mods));
    } else if (e.kind === 'mouse-move') actions.moves++;
    else if (e.kind === 'wheel') actions.scrolls++;
  }
  return actions;
}

/** The time span a frame stands for: from it until the next frame (the first from the start, the
 *  last to the end), so every action belongs to exactly one frame. */
export function frameSpan(frames: readonly Frame[], index: number): [number, number] {
  const from = index === 0 ? 0 : (frames[index]?.t ?? 0);
  const next = frames[index + 1];
  return [from, next ? next.t : Number.MAX_SAFE_INTEGER];
}
