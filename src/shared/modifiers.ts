// The modifier keys in the three spellings Cairn meets them: uiohook key codes (left and right
// variants), the bit mask a stored event keeps in `mods`, and the names steps and hotkeys use. The
// core, the export and the renderer all read this one table.

export type Modifier = 'ctrl' | 'alt' | 'shift' | 'meta';
/** Which modifiers are held. */
export type Modifiers = Record<Modifier, boolean>;

/** Bits of a stored event's `mods`. */
export const MOD_SHIFT = 1;
export const MOD_CTRL = 2;
export const MOD_ALT = 4;
export const MOD_META = 8;
/** The modifiers that make a key press a shortcut rather than typing (Shift only picks the character). */
export const SHORTCUT_MODS = MOD_CTRL | MOD_ALT | MOD_META;
/** Bits 4-5 of a key's `mods`: the keyboard group (layout) it was typed in, 0 for the keymap's first. */
const MOD_GROUP_SHIFT = 4;
const MOD_GROUP_MASK = 0x30;

export function groupBits(group: number): number {
  return (group << MOD_GROUP_SHIFT) & MOD_GROUP_MASK;
}

export function groupOfMods(mods: number): number {
  return (mods & MOD_GROUP_MASK) >> MOD_GROUP_SHIFT;
}

/** In the order steps and labels name them: ctrl, alt, shift, meta. */
const BITS: readonly (readonly [Modifier, number])[] = [['ctrl', MOD_CTRL], ['alt', MOD_ALT], ['shift', MOD_SHIFT], ['meta', MOD_META]];

export function modifierMask(held: Modifiers): number {
  return BITS.reduce((mask, [name, bit]) => (held[name] ? mask | bit : mask), 0);
}

export function modifiersOfMask(mask: number): Modifier[] {
  return BITS.filter(([, bit]) => (mask & bit) !== 0).map(([name]) => name);
}

/** uiohook key codes of the modifier keys. */
export const MODIFIER_KEYCODES: ReadonlyMap<number, Modifier> = new Map([
  [42, 'shift'], [54, 'shift'],
  [29, 'ctrl'], [3613, 'ctrl'],
  [56, 'alt'], [3640, 'alt'],
  [3675, 'meta'], [3676, 'meta'],
]);

export function modifierOf(keycode: number): Modifier | undefined {
  return MODIFIER_KEYCODES.get(keycode);
}

export function isModifierKey(keycode: number): boolean {
  return MODIFIER_KEYCODES.has(keycode);
}
