// The steps agent-training code expects, derived from a session's raw input: what `deriveActions`
// returns and every export writer reads. Coordinates come twice: in screen pixels as recorded, and
// relative to the frame the step is paired with (pixels of that image, and normalised to 0..1).
import type { Bounds } from '../../core/window-info.ts';
import type { Modifier } from '../../shared/modifiers.ts';

export type MouseButton = 'left' | 'right' | 'middle';
export type ScrollDirection = 'up' | 'down' | 'left' | 'right';

export interface StepWindow {
  app: string;
  /** null when the app's titles policy is off. */
  title: string | null;
  bounds: Bounds;
}

/** A point in screen pixels, in pixels of the paired frame, and normalised to that frame. */
export interface StepPoint {
  x: number;
  y: number;
  frameX: number;
  frameY: number;
  xNorm: number;
  yNorm: number;
}

/** Why a step's frame is not simply "the latest frame at or before it". */
export type FrameNote = 'before-first-frame' | 'no-frames';

interface StepBase {
  index: number;
  /** ms since the session's start (event clock), at the step's first event. */
  t: number;
  /** ms since the session's start at the step's last event. */
  endT: number;
  /** seqs of the stored events this step was made from. */
  seqs: number[];
  window: StepWindow | null;
  /** The frame observed just before the step; null only when the session has no frames. */
  frameSeq: number | null;
  frameNote?: FrameNote;
  /** The frame observed after the step settled (see frame-pairing.ts); null when none was. */
  afterFrameSeq: number | null;
  /** Where the pointer was (screen and frame coordinates), for steps that have a position. */
  point: StepPoint | null;
  /** e.g. 'redacted-keys' (a key stroke whose code was not kept), 'outside-frame' (the point lies
   *  outside the paired frame and was clamped to its edge). */
  flags: string[];
}

export interface ClickStep extends StepBase {
  kind: 'click';
  button: MouseButton;
  count: 1 | 2 | 3;
  mods: Modifier[];
}

export interface DragStep extends StepBase {
  kind: 'drag';
  button: MouseButton;
  mods: Modifier[];
  /** From the press to the release, as the pointer went (the first point is `point`). */
  path: StepPoint[];
}

export interface ScrollStep extends StepBase {
  kind: 'scroll';
  direction: ScrollDirection;
  /** Wheel notches, summed over the run. */
  amount: number;
  /** Signed notches: positive is right / down (uiohook's convention). */
  dx: number;
  dy: number;
  mods: Modifier[];
}

export interface TypeStep extends StepBase {
  kind: 'type';
  /** The text typed; every key stroke whose code was not kept is REDACTED_CHAR (shared/redaction-mark.ts). */
  text: string;
  redacted: number;
}

export interface HotkeyStep extends StepBase {
  kind: 'hotkey';
  /** Modifiers first (ctrl, alt, shift, meta), then the key, in Cairn's key names. */
  keys: string[];
}

export interface KeyStep extends StepBase {
  kind: 'key';
  key: string;
}

export interface WaitStep extends StepBase {
  kind: 'wait';
  ms: number;
}

export type Action = ClickStep | DragStep | ScrollStep | TypeStep | HotkeyStep | KeyStep | WaitStep;
