// The keyboard layout read from a real X server's keymap (Xvfb's default: US).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILTIN_US_LAYOUT, KeyboardLayout } from '../../src/shared/keyboard-layout.ts';
import { readX11KeyboardLayout } from '../../src/capture/x11/x11-keyboard-layout.ts';
import { startXvfb, xvfbMissingReason, type XvfbDisplay } from '../helpers/xvfb.ts';

const missing = xvfbMissingReason();
if (missing) console.warn(`skipping X11 keyboard layout tests: ${missing}`);

describe.skipIf(missing !== null)('readX11KeyboardLayout under Xvfb', () => {
  let x: XvfbDisplay;
  let layout: KeyboardLayout;

  beforeAll(async () => {
    x = await startXvfb({ width: 640, height: 480 });
    layout = await readX11KeyboardLayout(x.display);
  });
  afterAll(async () => {
    await x?.stop();
  });

  it('is a valid KeyboardLayout named after the X keymap', () => {
    expect(KeyboardLayout.parse(layout)).toEqual(layout);
    expect(layout.name).toMatch(/^x11:/);
  });

  it('maps uiohook key codes (evdev) to the characters of both levels', () => {
    expect(layout.keys['30']).toEqual(['a', 'A']);
    expect(layout.keys['2']).toEqual(['1', '!']);
    expect(layout.keys['57']).toEqual([' ', ' ']);
    expect(layout.keys['28']).toEqual(['\n', '\n']);
    expect(layout.keys['15']?.[0]).toBe('\t');
    expect(layout.keys['12']).toEqual(['-', '_']);
    expect(layout.keys['40']).toEqual(["'", '"']);
    expect(layout.keys['53']).toEqual(['/', '?']);
  });

  it('gives no text for keys that type none (BackSpace, Shift, Ctrl, Escape, F1)', () => {
    for (const code of ['14', '42', '29', '1', '59']) expect(layout.keys[code] ?? ['', '']).toEqual(['', '']);
  });

  it('agrees with the built-in US layout on every key both define', () => {
    for (const [code, levels] of Object.entries(BUILTIN_US_LAYOUT.keys)) {
      if (layout.keys[code]) expect([code, layout.keys[code]]).toEqual([code, levels]);
    }
    expect(Object.keys(layout.keys).length).toBeGreaterThanOrEqual(48);
  });
});
