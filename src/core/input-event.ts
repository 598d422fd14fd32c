// The input events Cairn understands, independent of the hook that produced them.
// `time` is on the event clock (on X11: the X server's millisecond clock, shared with the focus
// watcher); `arrivedAt` is this process's monotonic clock (performance.now()) at receipt.
import type { Modifiers } from '../shared/modifiers.ts';

export type Millis = number;

interface Base {
  time: Millis;
  arrivedAt: Millis;
}

export interface KeyEvent extends Base {
  kind: 'key-down' | 'key-up';
  /** Physical key code as uiohook reports it (PC scan-code set 1; 0xE0xx for extended keys). */
  keycode: number;
  mods: Modifiers;
  /** The keyboard group (layout) active when the key was pressed, where the platform tells: 0 first. */
  group?: number;
}

export interface MouseButtonEvent extends Base {
  kind: 'mouse-down' | 'mouse-up';
  x: number;
  y: number;
  button: number;
  clicks: number;
  mods: Modifiers;
}

export interface MouseMoveEvent extends Base {
  kind: 'mouse-move';
  x: number;
  y: number;
}

export interface WheelEvent extends Base {
  kind: 'wheel';
  x: number;
  y: number;
  /** 'vertical' or 'horizontal' */
  axis: 'vertical' | 'horizontal';
  /** Signed notches: positive is down/right. */
  rotation: number;
  mods: Modifiers;
}

export type InputEvent = KeyEvent | MouseButtonEvent | MouseMoveEvent | WheelEvent;

export const NO_MODIFIERS: Modifiers = Object.freeze({ shift: false, ctrl: false, alt: false, meta: false });

export function isKey(e: InputEvent): e is KeyEvent {
  return e.kind === 'key-down' || e.kind === 'key-up';
}
