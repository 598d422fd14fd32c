// The runtime-free facts of src/shared that the CLI, the core, the export and the renderer all read:
// how sizes and durations print, how keys and hotkeys are named, and that the API contract's enums
// are the very lists the core uses.
import { describe, expect, it } from 'vitest';
import { contract } from '../../src/shared/contract.ts';
import { formatBytes, formatDuration } from '../../src/shared/format.ts';
import { DEFAULT_HOTKEYS, hotkeyLabel, matchHotkey } from '../../src/shared/hotkeys.ts';
import { keyLabel, keyName } from '../../src/shared/key-names.ts';
import { BUILTIN_US_LAYOUT } from '../../src/shared/keyboard-layout.ts';
import { MOD_ALT, MOD_CTRL, MOD_META, MOD_SHIFT, modifierMask, modifiersOfMask } from '../../src/shared/modifiers.ts';
import { KeysMode } from '../../src/shared/policy-modes.ts';
import { SESSION_STATES } from '../../src/shared/session-states.ts';

describe('formatBytes', () => {
  it('prints bytes whole, then about three significant digits in binary units', () => {
    expect([0, 512, 1023].map(formatBytes)).toEqual(['0 B', '512 B', '1023 B']);
    expect([1024, 1536, 10 * 1024, 412 * 1024].map(formatBytes)).toEqual(['1.0 KB', '1.5 KB', '10 KB', '412 KB']);
    expect([1_900_000, 100 * 1024 ** 2, 5 * 1024 ** 3, 2 * 1024 ** 4].map(formatBytes)).toEqual(['1.8 MB', '100 MB', '5.0 GB', '2.0 TB']);
  });

  it('says "1.0 MB", not "1024 KB", for a size just under a unit', () => {
    expect(formatBytes(1024 * 1024 - 100)).toBe('1.0 MB');
    expect(formatBytes(1024 ** 3 - 1)).toBe('1.0 GB');
  });
});

describe('formatDuration', () => {
  it('is a clock of minutes and seconds, with hours once there are any', () => {
    expect([0, 42_900, 725_000, 3_723_000, -5].map(formatDuration)).toEqual(['00:00', '00:42', '12:05', '1:02:03', '00:00']);
  });
});

describe('key names', () => {
  it('labels a press for people with its modifiers, the key on a US keyboard when no layout is given', () => {
    expect(keyLabel(20, MOD_CTRL | MOD_SHIFT)).toBe('Ctrl+Shift+T');
    expect(keyLabel(57416, 0)).toBe('↑');
    expect(keyLabel(3657, MOD_META)).toBe('Super+PageUp');
    expect(keyLabel(60, MOD_ALT)).toBe('Alt+F2');
    expect(keyLabel(99, 0)).toBe('key 99');
    expect(keyLabel(null, MOD_CTRL)).toBe('key (erased)');
  });

  it('names the same keys in pyautogui spelling for exports, by the session layout, and invents no name', () => {
    const ru = { name: 'test:ru', keys: { ...BUILTIN_US_LAYOUT.keys, '46': ['с', 'С'] as [string, string] } };
    expect([keyName(BUILTIN_US_LAYOUT, 46), keyName(ru, 46), keyName(ru, 3657), keyName(ru, 29), keyName(ru, 99)]).toEqual(['c', 'с', 'pageup', 'ctrl', undefined]);
    // A layout read from X names the key that types "с" by its Latin place, as shortcuts match it.
    expect(keyName({ ...ru, names: { '46': 'c' } }, 46)).toBe('c');
  });

  it('turns modifiers into bits and back, in the order steps name them', () => {
    expect(modifierMask({ shift: true, ctrl: true, alt: false, meta: true })).toBe(MOD_SHIFT | MOD_CTRL | MOD_META);
    expect(modifiersOfMask(MOD_SHIFT | MOD_CTRL | MOD_ALT | MOD_META)).toEqual(['ctrl', 'alt', 'shift', 'meta']);
  });
});

describe('hotkeys', () => {
  it('labels each hotkey from its own key and modifiers, and matches only that exact press', () => {
    expect(DEFAULT_HOTKEYS.map((h) => h.label)).toEqual(['Ctrl+Alt+Shift+R', 'Ctrl+Alt+Shift+P', 'Ctrl+Alt+Shift+F']);
    expect(hotkeyLabel('forget-5-minutes')).toBe('Ctrl+Alt+Shift+F');
    const mods = { ctrl: true, alt: true, shift: true, meta: false };
    expect(matchHotkey({ kind: 'key-down', keycode: 25, mods }, DEFAULT_HOTKEYS)?.action).toBe('toggle-pause');
    expect(matchHotkey({ kind: 'key-down', keycode: 25, mods: { ...mods, meta: true } }, DEFAULT_HOTKEYS)).toBeUndefined();
    expect(matchHotkey({ kind: 'key-up', keycode: 25, mods }, DEFAULT_HOTKEYS)).toBeUndefined();
  });
});

describe('the API contract', () => {
  it('lists the session states of the state machine and allows an app with the shared defaults', () => {
    expect(contract['sessions.list'].output.element.shape.state.options).toEqual([...SESSION_STATES]);
    expect(contract['apps.set'].input.parse({ app: 'XTerm', allowed: true })).toMatchObject({ keys: 'full', screens: 'on', titles: 'keep' });
    expect(contract['apps.set'].input.shape.keys.unwrap().options).toEqual(KeysMode.options);
  });
});
