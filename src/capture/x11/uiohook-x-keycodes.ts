// Which X key each uiohook key code stands for. uiohook reports its own codes (PC scan codes, 0x0Exx
// for extended keys), translated from the X keycode by libuiohook's evdev table (input_helper.c,
// evdev_scancode_table); this is that table read backwards, so the recorded keymap can say what a
// stored code types and what it is called. An X keycode missing from libuiohook's table reaches
// Cairn as code 0 (VC_UNDEFINED), and no keymap can say which key that was.
// tests/unit/uiohook-x-keycodes.test.ts checks this table against libuiohook's source.

/** uiohook's code for a key it does not know. */
export const UIOHOOK_UNDEFINED = 0;

/** Keys outside the main block: [uiohook code, X keycode]. */
const EXTENDED: readonly (readonly [number, number])[] = [
  [0x0070, 98], [0x007b, 99], [0x0079, 100], [0x007e, 103], // Katakana, Hiragana, Kanji, KP comma
  [0x0e1c, 104], [0x0e1d, 105], [0x0e35, 106], [0x0e37, 107], [0x0e38, 108], // KP Enter, Ctrl R, KP /, Print, Alt R
  [0x0e47, 110], [0xe048, 111], [0x0e49, 112], [0xe04b, 113], [0xe04d, 114], // Home, Up, PageUp, Left, Right
  [0x0e4f, 115], [0xe050, 116], [0x0e51, 117], [0x0e52, 118], [0x0e53, 119], // End, Down, PageDown, Insert, Delete
  [0xe020, 121], [0xe02e, 122], [0xe030, 123], [0xe05e, 124], [0x0e0d, 125], [0x0e45, 127], // volume, power, KP =, Pause
  [0x007d, 132], [0x0e5b, 133], [0x0e5c, 134], [0x0e5d, 135], // Yen, Super L/R, Menu
  [0xff78, 136], [0xff79, 137], [0xff76, 138], [0xff7a, 139], [0xff77, 140], [0xff7c, 141], // Sun keys
  [0xff74, 142], [0xff7d, 143], [0xff7e, 144], [0xff7b, 145], [0xff75, 146],
  [0xe021, 148], [0xe05f, 150], [0xe06c, 166], [0xe022, 167], [0xe032, 186], // launch and media keys
  [0x005b, 191], [0x005c, 192], [0x005d, 193], [0x0063, 194], [0x0064, 195], [0x0065, 196], // "F13".."F24"
  [0x0066, 197], [0x0067, 198], [0x0068, 199], [0x0069, 200], [0x006a, 201], [0x006b, 202],
  [0xe065, 225], [0x0e46, 226],
];

/** X keycodes 9..96 are the evdev codes + 8, and uiohook's codes there are the evdev codes, but for
 *  these three, which libuiohook leaves undefined (ISO_Level3_Shift, an unused one, the 102nd key). */
const MAIN_BLOCK_UNDEFINED = new Set([92, 93, 94]);

/** Keypad keys whose code libuiohook ORs with 0xEE00 while NumLock is off (they act as Home, End...). */
const NUMLOCK_OFF_FLAG = 0xee00;
const NUMLOCK_KEYS = [0x47, 0x48, 0x49, 0x4b, 0x4c, 0x4d, 0x4f, 0x50, 0x51, 0x52, 0x53];

export interface UiohookKey {
  code: number;
  xKeycode: number;
  /** A keypad key reported with NumLock off: it does what its first level says (KP_Home...). */
  numLockOff: boolean;
}

function table(): UiohookKey[] {
  const keys: UiohookKey[] = [];
  for (let x = 9; x <= 96; x++) if (!MAIN_BLOCK_UNDEFINED.has(x)) keys.push({ code: x - 8, xKeycode: x, numLockOff: false });
  for (const [code, xKeycode] of EXTENDED) keys.push({ code, xKeycode, numLockOff: false });
  for (const code of NUMLOCK_KEYS) keys.push({ code: code | NUMLOCK_OFF_FLAG, xKeycode: code + 8, numLockOff: true });
  return keys;
}

/** Every code uiohook reports on an evdev X server, with its X keycode. */
export const UIOHOOK_KEYS: readonly UiohookKey[] = table();
