// Small helpers for tests that type with xdotool: the uiohook key codes a US keyboard produces.
import { BUILTIN_US_LAYOUT } from '../../src/shared/keyboard-layout.ts';

const codeOf = new Map<string, number>();
for (const [code, [plain, shifted]] of Object.entries(BUILTIN_US_LAYOUT.keys)) {
  if (plain && !codeOf.has(plain)) codeOf.set(plain, Number(code));
  if (shifted && !codeOf.has(shifted)) codeOf.set(shifted, Number(code));
}

/** Key codes of the keys pressed to type `text` (without the Shift presses). */
export function keycodesOf(text: string): number[] {
  return Array.from(text, (ch) => {
    const code = codeOf.get(ch);
    if (code === undefined) throw new Error(`no key types ${JSON.stringify(ch)} on a US keyboard`);
    return code;
  });
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
