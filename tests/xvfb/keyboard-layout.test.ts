// The keyboard layout read from a real X server's keymap (Xvfb's default: US, then Russian).
import { execFile } from 'node:child_process';
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

  it('names every key of the keymap in pyautogui\'s spelling, by uiohook code', () => {
    expect([28, 1, 59, 88, 0x5b, 0xe048, 0x0e4f, 0xe030, 0xee47, 71].map((c) => layout.names?.[String(c)]))
      .toEqual(['enter', 'esc', 'f1', 'f12', 'XF86Tools', 'up', 'end', 'volumeup', 'home', 'num7']);
    expect(layout.names?.['46']).toBe('c');
  });

  // Last: it changes the display's keymap (the display runs with -noreset, so the change holds).
  it('reads a Russian layout (setxkbmap ru): Cyrillic text, and keys named by their Latin place', async () => {
    await new Promise<void>((resolve, reject) => {
      execFile('setxkbmap', ['ru'], { env: x.env }, (err) => (err ? reject(err) : resolve()));
    });
    const ru = await readX11KeyboardLayout(x.display);
    expect(ru.name).toBe('x11:evdev+ru');
    expect(['34', '35', '48', '32', '20', '49'].map((c) => ru.keys[c]).map((l) => l?.[0]).join('')).toBe('привет');
    expect(ru.keys['46']).toEqual(['с', 'С']);
    expect([ru.names?.['46'], ru.names?.['34'], ru.names?.['28']]).toEqual(['c', 'g', 'enter']);
  });
});
