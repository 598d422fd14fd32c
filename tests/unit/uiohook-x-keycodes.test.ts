// The uiohook code -> X keycode table against its source: libuiohook's evdev table and key codes as
// shipped inside uiohook-napi, and the NumLock rule of its X11 hook.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UIOHOOK_KEYS } from '../../src/capture/x11/uiohook-x-keycodes.ts';

const LIBUIOHOOK = join(dirname(createRequire(import.meta.url).resolve('uiohook-napi/package.json')), 'libuiohook');
const source = (file: string) => readFileSync(join(LIBUIOHOOK, file), 'utf8');

/** VC_ name -> value, from uiohook.h. */
function vcCodes(): Map<string, number> {
  return new Map([...source('include/uiohook.h').matchAll(/#define (VC_\w+)\s+(0x[0-9A-Fa-f]+)/g)].map((m) => [m[1]!, Number(m[2])]));
}

describe('UIOHOOK_KEYS', () => {
  const vc = vcCodes();

  it('is libuiohook\'s evdev table read backwards: every defined entry, and nothing else', () => {
    const c = source('src/x11/input_helper.c');
    const start = c.indexOf('evdev_scancode_table[][2] = {');
    const table = c.slice(start, c.indexOf('};', start));
    const expected = [...table.matchAll(/\/\*\s*(\d+)\s*\*\/\s*\{\s*(VC_\w+)/g)]
      .filter((m) => m[2] !== 'VC_UNDEFINED')
      .map((m) => [vc.get(m[2]!), Number(m[1])]);
    expect(expected.length).toBeGreaterThan(140);
    const ours = UIOHOOK_KEYS.filter((k) => !k.numLockOff).map((k) => [k.code, k.xKeycode]);
    expect(new Set(ours.map(String))).toEqual(new Set(expected.map(String)));
  });

  it('has the 0xEE00 variants of exactly the keypad keys libuiohook flags when NumLock is off', () => {
    const hook = source('src/x11/input_hook.c');
    const block = hook.slice(hook.indexOf('MASK_NUM_LOCK) == 0'), hook.indexOf('scancode |= 0xEE00'));
    const flagged = [...block.matchAll(/case (VC_\w+):/g)].map((m) => vc.get(m[1]!)! | 0xee00);
    const ours = UIOHOOK_KEYS.filter((k) => k.numLockOff);
    expect(new Set(ours.map((k) => k.code))).toEqual(new Set(flagged));
    for (const k of ours) expect(UIOHOOK_KEYS.find((p) => p.code === (k.code & 0xff))?.xKeycode).toBe(k.xKeycode);
  });
});
