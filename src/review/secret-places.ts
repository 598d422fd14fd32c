// A secret found in typed text or a window title is also a secret on screen: what someone types
// is echoed (a terminal prints `echo KEY`, an editor shows the line), and a title is drawn in a
// tab strip. So every frame of that window from the moment the secret was typed (or, for a title,
// while the window bears it) is a place it may be. On each such frame the secret is searched for in the OCR reading,
// by its value (errors allowed), and every place it is read becomes a finding with a box, which
// redaction blacks out. Where it is not read, the frame is clear only when the reading is
// complete (every inked cell of a terminal read exactly): Cairn cannot otherwise tell "not
// there" from "not read", so the frame itself becomes a finding without a box, which a person
// must black out or waive. The secret's value lives only in memory during a scan; findings keep
// the masked preview and the key span or window it came from.
import type { FindingLocation, NewFinding } from '../store/findings-repo.ts';
import type { FrameInfo } from '../store/session-content.ts';
import type { WindowRow } from '../store/write-batch.ts';
import { findOnScreen } from './ocr/find-on-screen.ts';
import type { Box } from './ocr/frame-words.ts';
import type { ScreenReading } from './ocr/read-screen.ts';
import { sameWindowRow } from './session-text.ts';

export interface ShownSecret {
  source: 'text' | 'title';
  detector: string;
  preview: string;
  value: string;
  /** Where the text or title finding is: a frame finding of this secret carries it too. */
  origin: FindingLocation;
  window: WindowRow;
  /** When it was first on screen: its first key-down, or the titled window row's start. */
  from: number;
  /** For typed text, when each character (code point) was typed: a frame taken while it was being
   *  typed shows only what was typed by then. */
  typedAt?: number[];
  /** False for text typed into a password prompt, which is not echoed: a frame where it is not
   *  read raises nothing (it is still blacked out where it is read). */
  mustProve: boolean;
}

/** Fewer characters than this of a secret being typed are not searched for (nor flagged): a
 *  prefix as short as `AKI` is no secret and would match half a screen. */
const MIN_SHOWN_CHARS = 4;

/** The frames a secret may be on: of its window (retitles included), from when it was typed on;
 *  for a title, while the window bears it (a browser draws it in its tab strip). */
export function mayShow(secret: ShownSecret, frame: FrameInfo, rowOf: ReadonlyMap<number, WindowRow>): boolean {
  const row = rowOf.get(frame.windowSeq);
  if (frame.t < secret.from || !sameWindowRow(row, secret.window)) return false;
  return secret.source === 'text' || (row?.title ?? '').includes(secret.value);
}

/**
 * The findings of one secret on one frame: a box wherever it is read; else, unless the reading is
 * complete (or the secret is one that is never echoed), the frame itself. `reading` is undefined
 * when the frames are not OCR'd in this scan: the frame can then only be flagged.
 */
export function secretOnFrame(secret: ShownSecret, frame: FrameInfo, reading: ScreenReading | undefined): NewFinding[] {
  const value = shownPart(secret, frame.t);
  if (value.length < Math.min(MIN_SHOWN_CHARS, Array.from(secret.value).length)) return [];
  const base = { source: 'frame' as const, detector: secret.detector, preview: secret.preview };
  const at = { ...secret.origin, frameSeq: frame.seq };
  const boxes = reading ? findOnScreen(reading, value).boxes : [];
  if (boxes.length) return boxes.map((box) => ({ ...base, location: { ...at, box: wholePixels(box) } }));
  if (reading?.complete || !secret.mustProve) return [];
  return [{ ...base, location: at }];
}

/** What of the secret was on screen at time `t`: all of it, or what had been typed by then. */
function shownPart(secret: ShownSecret, t: number): string {
  if (!secret.typedAt) return secret.value;
  const chars = Array.from(secret.value);
  return chars.filter((_, i) => (secret.typedAt![i] ?? Infinity) <= t).join('');
}

/** OCR boxes may come fractional; a finding's box covers every pixel they touch. */
export function wholePixels(b: Box): Box {
  const x = Math.max(0, Math.floor(b.x));
  const y = Math.max(0, Math.floor(b.y));
  return { x, y, width: Math.max(1, Math.ceil(b.x + b.width) - x), height: Math.max(1, Math.ceil(b.y + b.height) - y) };
}
