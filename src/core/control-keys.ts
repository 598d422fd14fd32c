// Cairn's own hotkeys. They must never appear in a recording, nor the modifier presses that
// build them, so the gate holds modifier presses until it knows what they were for.
import type { ControlAction } from '../shared/contract.ts';
import type { KeyEvent, Modifiers } from './input-event.ts';

// The actions are named in the API contract (`recorder.control` takes them); the keys are here.
export type { ControlAction };

/** uiohook key codes of the modifier keys (left and right variants). */
export const MODIFIER_KEYCODES: ReadonlyMap<number, keyof Modifiers> = new Map([
  [42, 'shift'], [54, 'shift'],
  [29, 'ctrl'], [3613, 'ctrl'],
  [56, 'alt'], [3640, 'alt'],
  [3675, 'meta'], [3676, 'meta'],
]);

export interface Hotkey {
  action: ControlAction;
  keycode: number;
  mods: Modifiers;
  label: string;
}

const CTRL_ALT_SHIFT: Modifiers = { ctrl: true, alt: true, shift: true, meta: false };

export const DEFAULT_HOTKEYS: readonly Hotkey[] = [
  { action: 'toggle-record', keycode: 19, mods: CTRL_ALT_SHIFT, label: 'Ctrl+Alt+Shift+R' },
  { action: 'toggle-pause', keycode: 25, mods: CTRL_ALT_SHIFT, label: 'Ctrl+Alt+Shift+P' },
  { action: 'forget-5-minutes', keycode: 33, mods: CTRL_ALT_SHIFT, label: 'Ctrl+Alt+Shift+F' },
];

export function isModifierKey(keycode: number): boolean {
  return MODIFIER_KEYCODES.has(keycode);
}

export function matchHotkey(event: KeyEvent, hotkeys: readonly Hotkey[]): Hotkey | undefined {
  if (event.kind !== 'key-down') return undefined;
  return hotkeys.find(
    (h) =>
      h.keycode === event.keycode &&
      h.mods.shift === event.mods.shift &&
      h.mods.ctrl === event.mods.ctrl &&
      h.mods.alt === event.mods.alt &&
      h.mods.meta === event.mods.meta,
  );
}
