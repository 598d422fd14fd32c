// Cairn's own hotkeys: what each does, its key and the label people read. The consent gate keeps
// them (and the modifier presses that build them) out of every recording, the desktop app registers
// them, and the CLI and the Record screen name them, all from this one list.
import { keyLabel } from './key-names.ts';
import { type Modifiers, modifierMask } from './modifiers.ts';

/** What a hotkey (or a tray item, or the API's recorder.control) asks for. */
export const CONTROL_ACTIONS = ['toggle-record', 'toggle-pause', 'forget-5-minutes'] as const;
export type ControlAction = (typeof CONTROL_ACTIONS)[number];

export interface Hotkey {
  action: ControlAction;
  /** uiohook key code (a letter's physical position). */
  keycode: number;
  mods: Modifiers;
  /** "Ctrl+Alt+Shift+R" */
  label: string;
}

const CTRL_ALT_SHIFT: Modifiers = { ctrl: true, alt: true, shift: true, meta: false };

function hotkey(action: ControlAction, keycode: number, mods: Modifiers): Hotkey {
  return { action, keycode, mods, label: keyLabel(keycode, modifierMask(mods)) };
}

export const DEFAULT_HOTKEYS: readonly Hotkey[] = [
  hotkey('toggle-record', 19, CTRL_ALT_SHIFT),
  hotkey('toggle-pause', 25, CTRL_ALT_SHIFT),
  hotkey('forget-5-minutes', 33, CTRL_ALT_SHIFT),
];

/** The label of the hotkey that does `action` ("Ctrl+Alt+Shift+P"). */
export function hotkeyLabel(action: ControlAction, hotkeys: readonly Hotkey[] = DEFAULT_HOTKEYS): string {
  return hotkeys.find((h) => h.action === action)!.label;
}

/** The hotkey a key press is, if any: its key with exactly its modifiers. */
export function matchHotkey(press: { kind: string; keycode: number; mods: Modifiers }, hotkeys: readonly Hotkey[]): Hotkey | undefined {
  if (press.kind !== 'key-down') return undefined;
  return hotkeys.find(
    (h) =>
      h.keycode === press.keycode &&
      h.mods.shift === press.mods.shift &&
      h.mods.ctrl === press.mods.ctrl &&
      h.mods.alt === press.mods.alt &&
      h.mods.meta === press.mods.meta,
  );
}
