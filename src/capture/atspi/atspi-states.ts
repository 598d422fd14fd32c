// AT-SPI's state set: two 32-bit words of bits, numbered as AtspiStateType (at-spi2-core's
// atspi-constants.h) counts them. Only the states worth keeping about an element acted on are
// named; the rest are left out of what Cairn stores.
const STATE_BITS: Readonly<Record<number, string>> = {
  1: 'active',
  4: 'checked',
  7: 'editable',
  8: 'enabled',
  10: 'expanded',
  11: 'focusable',
  12: 'focused',
  16: 'modal',
  17: 'multi-line',
  20: 'pressed',
  23: 'selected',
  24: 'sensitive',
  25: 'showing',
  26: 'single-line',
  30: 'visible',
  32: 'indeterminate',
  33: 'required',
  36: 'invalid-entry',
  41: 'checkable',
  42: 'has-popup',
  43: 'read-only',
};

export const STATE = { active: 1, focused: 12, showing: 25 } as const;

/** Whether bit `bit` is set in the state words. */
export function hasState(words: readonly number[], bit: number): boolean {
  const word = words[Math.floor(bit / 32)] ?? 0;
  return ((word >>> bit % 32) & 1) === 1;
}

/** The named states set in `words`, in bit order. */
export function stateNames(words: readonly number[]): string[] {
  const names: string[] = [];
  for (const [bit, name] of Object.entries(STATE_BITS)) if (hasState(words, Number(bit))) names.push(name);
  return names;
}

/** A Collection match rule for elements with the given states (signature (aiia{ss}iaiiasib)):
 *  states all set; attributes, roles and interfaces unconstrained (MATCH_ALL of nothing). */
export function stateMatchRule(bits: readonly number[]): unknown[] {
  const words = [0, 0];
  for (const bit of bits) words[Math.floor(bit / 32)]! |= 1 << bit % 32;
  const MATCH_ALL = 1;
  return [words, MATCH_ALL, {}, MATCH_ALL, [0, 0, 0, 0], MATCH_ALL, [], MATCH_ALL, false];
}
