// A keyboard layout as recorded with each session: for every physical key (uiohook key code) the
// character it types without and with Shift. Typed text is rebuilt from key codes with it, and keys
// are named with it; the US layout stands in where the real one cannot be read.
import { z } from 'zod';

export const KeyboardLayout = z.object({
  /** Where the map came from, e.g. "x11:evdev+us" or "builtin:us". */
  name: z.string(),
  /** uiohook key code (decimal string) -> [plain, shifted]; empty string where the level types nothing. */
  keys: z.record(z.string(), z.tuple([z.string(), z.string()])),
});
export type KeyboardLayout = z.infer<typeof KeyboardLayout>;

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
