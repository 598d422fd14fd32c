// Cairn's global hotkeys in the desktop app: the very keys of shared/hotkeys.ts (the ones the
// consent gate keeps out of recordings), turned into Electron accelerators and registered with
// globalShortcut. uiohook names keys by physical PC scan code; the hotkeys are letters, which
// Electron names by their US position.
import { type ControlAction, DEFAULT_HOTKEYS, type Hotkey } from '../shared/hotkeys.ts';
import { BUILTIN_US_LAYOUT } from '../shared/keyboard-layout.ts';

function letterOfKeycode(keycode: number): string | null {
  const plain = BUILTIN_US_LAYOUT.keys[String(keycode)]?.[0] ?? '';
  return /^[a-z]$/.test(plain) ? plain.toUpperCase() : null;
}

/** The Electron accelerator of a hotkey ("Control+Alt+Shift+R"), or null if its key is no letter. */
export function hotkeyAccelerator(hotkey: Hotkey): string | null {
  const key = letterOfKeycode(hotkey.keycode);
  if (!key) return null;
  const { ctrl, alt, shift, meta } = hotkey.mods;
  return [ctrl && 'Control', alt && 'Alt', shift && 'Shift', meta && 'Super', key].filter(Boolean).join('+');
}

export interface ShortcutRegistry {
  register(accelerator: string, callback: () => void): boolean;
}

/** Registers every hotkey; answers the labels of those the desktop would not give Cairn. */
export function registerHotkeys(
  registry: ShortcutRegistry,
  onAction: (action: ControlAction) => void,
  hotkeys: readonly Hotkey[] = DEFAULT_HOTKEYS,
): string[] {
  const refused: string[] = [];
  for (const hotkey of hotkeys) {
    const accelerator = hotkeyAccelerator(hotkey);
    if (!accelerator || !registry.register(accelerator, () => onAction(hotkey.action))) refused.push(hotkey.label);
  }
  return refused;
}
