// A keyboard layout as recorded with each session: for every physical key (uiohook key code) the
// character it types without and with Shift (in each group of the keymap, at the third level, after a
// dead key), and the key's name. Typed text is rebuilt from key codes with it, and keys are named
// with it; the US layout stands in where the real one cannot be read.
import { z } from 'zod';

/** What a dead key makes of the character typed after it: "e" -> "é", " " -> "'" (X's Compose rules). */
const DeadKey = z.record(z.string(), z.string());
export type DeadKey = z.infer<typeof DeadKey>;

export const KeyboardLayout = z.object({
  /** Where the map came from, e.g. "x11:evdev+us" or "builtin:us". */
  name: z.string(),
  /** uiohook key code (decimal string) -> [plain, shifted]; empty string where the level types nothing. */
  keys: z.record(z.string(), z.tuple([z.string(), z.string()])),
  /**
   * uiohook key code -> the key's name as the keymap gives it (pyautogui's spelling: "enter", "f13",
   * "volumeup"; for a key that types a character, the Latin character shortcuts name it by: "c" for
   * the key that types "с" on a Russian layout). Read from X; a layout recorded before names were
   * kept, and the built-in US one, have none (key-names.ts then names the keys every keyboard has).
   */
  names: z.record(z.string(), z.string()).optional(),
  /** Like `keys`, for the keymap's further groups (group 2...), where it has them: a layout such as
   *  "ru,us" that a group toggle switches. Each key row says which group typed it. */
  groupKeys: z.array(z.record(z.string(), z.tuple([z.string(), z.string()]))).optional(),
  /** The first group's dead keys (de: ^ ´ `): per level, what it makes of the next character; null
   *  where that level is not dead. */
  dead: z.record(z.string(), z.tuple([DeadKey.nullable(), DeadKey.nullable()])).optional(),
  /** The keys that choose the third level (AltGr, ISO_Level3_Shift), and what each key types at
   *  levels 3 and 4 (AltGr, AltGr+Shift: @ on Q in de, ą on A in pl). uiohook reports AltGr as Alt. */
  levelThreeShift: z.array(z.string()).optional(),
  levelThree: z.record(z.string(), z.tuple([z.string(), z.string()])).optional(),
});
export type KeyboardLayout = z.infer<typeof KeyboardLayout>;

/**
 * [plain, shifted] of a key in a group (0 for the first), or at levels 3-4 while AltGr is held; a key
 * the group or the third level leaves empty types as in the first group.
 */
export function levelsIn(layout: KeyboardLayout, keycode: number, group = 0, levelThree = false): readonly [string, string] | undefined {
  const code = String(keycode);
  const third = levelThree && group === 0 ? layout.levelThree?.[code] : undefined;
  return third ?? (group > 0 ? layout.groupKeys?.[group - 1]?.[code] : undefined) ?? layout.keys[code];
}

/** Whether a key chooses the third level (AltGr) on this layout. */
export function isLevelThreeShift(layout: KeyboardLayout, keycode: number): boolean {
  return layout.levelThreeShift?.includes(String(keycode)) ?? false;
}

function usLayout(): KeyboardLayout {
  const keys: KeyboardLayout['keys'] = {};
  const row = (first: number, plain: string, shifted: string): void => {
    for (let i = 0; i < plain.length; i++) keys[String(first + i)] = [plain[i]!, shifted[i]!];
  };
  row(2, '1234567890-=', '!@#$%^&*()_+');
  row(16, 'qwertyuiop[]', 'QWERTYUIOP{}');
  row(30, "asdfghjkl;'`", 'ASDFGHJKL:"~');
  row(43, '\\zxcvbnm,./', '|ZXCVBNM<>?');
  keys['15'] = ['\t', '\t'];
  keys['28'] = ['\n', '\n'];
  keys['57'] = [' ', ' '];
  keys['55'] = ['*', '*'];
  keys['74'] = ['-', '-'];
  keys['78'] = ['+', '+'];
  const keypad: Record<number, string> = { 71: '7', 72: '8', 73: '9', 75: '4', 76: '5', 77: '6', 79: '1', 80: '2', 81: '3', 82: '0', 83: '.' };
  for (const [code, ch] of Object.entries(keypad)) keys[code] = [ch, ch];
  keys[String(0x0e1c)] = ['\n', '\n'];
  keys[String(0x0e35)] = ['/', '/'];
  return { name: 'builtin:us', keys };
}

/** A US keyboard, for sessions recorded where the X server's map cannot be read. */
export const BUILTIN_US_LAYOUT: KeyboardLayout = usLayout();
