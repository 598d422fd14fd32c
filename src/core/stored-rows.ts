// The rows a recording is stored as: shared by the coalescer that makes them and the store that
// writes them. `t` is milliseconds since the session's start on the event clock.
export type EventKind = 'key-down' | 'key-up' | 'mouse-down' | 'mouse-up' | 'mouse-move' | 'wheel';
/** Why a frame was taken: read just before a step, settled after one, after a focus change, or on
 *  the periodic timer ('click' and 'typing' are the step frames of sessions recorded before the
 *  observation ring, taken at a press and after a typing burst). */
export const FRAME_REASONS = ['before', 'after', 'focus', 'periodic', 'click', 'typing'] as const;
export type FrameReason = (typeof FRAME_REASONS)[number];

/** A focus segment of an allowed app; `t` is ms since the session's start (event clock). */
export interface WindowRow {
  seq: number;
  t: number;
  app: string;
  /** null when the app's titles policy is off. */
  title: string | null;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface EventRow {
  seq: number;
  t: number;
  kind: EventKind;
  windowSeq: number;
  x?: number | null;
  y?: number | null;
  button?: number | null;
  clicks?: number | null;
  /** null when the app's keys policy is timing. */
  keycode?: number | null;
  /** Modifier bits (shared/modifiers.ts). */
  mods: number;
  rotation?: number | null;
  axis?: 'vertical' | 'horizontal' | null;
}

export interface FrameRow {
  seq: number;
  t: number;
  windowSeq: number;
  reason: FrameReason;
  width: number;
  height: number;
  format: string;
  sha256: string;
  bytes: Uint8Array;
}
