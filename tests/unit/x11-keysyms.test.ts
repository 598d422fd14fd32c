// Keysym-to-text and keysym-to-name rules of the X11 keyboard layout reader (no X server needed):
// the complete table from X.Org's headers, the Unicode keysyms, naming keys for shortcuts in any
// layout, and a whole keymap turned into a KeyboardLayout.
import { existsSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KEYSYM_HEADERS, parseKeysymHeaders, renderTable, TABLE_FILE } from '../../scripts/keysym-table.ts';
import { KEYSYM_TABLE } from '../../src/core/keysym-table.ts';
import { layoutFromKeymap, levelsOf } from '../../src/capture/x11/x11-keyboard-layout.ts';
import { keyNameFromKeysyms } from '../../src/core/x11-key-names.ts';
import { keysymName, keysymOf, keysymToText } from '../../src/core/x11-keysyms.ts';
import { COMPOSE_FILE, parseDeadKeyRules, readDeadKeyRules } from '../../src/capture/x11/x11-compose.ts';

const ks = (name: string): number => {
  const code = keysymOf(name);
  if (code === undefined) throw new Error(`no keysym ${name}`);
  return code;
};

describe('the keysym table', () => {
  const missingHeaders = KEYSYM_HEADERS.filter((f) => !existsSync(f));
  if (missingHeaders.length) console.warn(`skipping the check against X's headers: ${missingHeaders.join(', ')} missing (Debian: x11proto-dev)`);
  it.skipIf(missingHeaders.length > 0)('is what X.Org\'s headers on this machine give (npm run keysyms writes it again)', () => {
    const texts = KEYSYM_HEADERS.map((f) => readFileSync(f, 'utf8'));
    expect(readFileSync(TABLE_FILE, 'utf8')).toBe(renderTable(texts));
    expect(parseKeysymHeaders(texts).length).toBeGreaterThan(2000);
  });

  it('gives every keysym with a character that character back (property over the whole table)', () => {
    const withText = KEYSYM_TABLE.filter(([, , ch]) => ch !== '');
    expect(withText.length).toBeGreaterThan(1500);
    fc.assert(
      fc.property(fc.constantFrom(...withText), ([code, name, ch]) => {
        expect(keysymToText(code), name).toBe(ch);
        expect(keysymOf(name)).toBe(code);
      }),
      { numRuns: 4000 },
    );
  });

  it('gives every Unicode keysym (0x01000000 + code point) its character', () => {
    const scalar = fc.integer({ min: 0x100, max: 0x10ffff }).filter((cp) => cp < 0xd800 || cp > 0xdfff);
    fc.assert(fc.property(scalar, (cp) => keysymToText(0x01000000 + cp) === String.fromCodePoint(cp)));
  });

  it('maps the legacy sets of other scripts to their characters', () => {
    const text = (names: string[]) => names.map((n) => keysymToText(ks(n))).join('');
    expect(text(['Cyrillic_pe', 'Cyrillic_er', 'Cyrillic_i', 'Cyrillic_ve', 'Cyrillic_ie', 'Cyrillic_te'])).toBe('привет');
    expect(text(['Greek_alpha', 'Greek_OMEGA', 'hebrew_aleph', 'Arabic_alef', 'Thai_kokai', 'Hangul_A', 'kana_A'])).toBe('αΩאاกㅏア');
    expect(text(['a', 'eacute', 'EuroSign', 'ssharp'])).toBe('aé€ß');
  });

  it('gives text for Return, Tab and keypad digits, none for BackSpace, Shift and dead keys', () => {
    expect([keysymToText(0xff0d), keysymToText(0xff09), keysymToText(0xffb7)]).toEqual(['\n', '\t', '7']);
    expect([keysymToText(0xff08), keysymToText(0xffe1), keysymToText(0xfe51)]).toEqual(['', '', '']);
  });

  it('names keysyms as X does, Unicode ones as U+hex', () => {
    expect([keysymName(0xff0d), keysymName(0x6d3), keysymName(0x1008ff13), keysymName(0x1000531)]).toEqual(['Return', 'Cyrillic_es', 'XF86AudioRaiseVolume', 'Armenian_AYB']);
    expect(keysymName(0x1002c00)).toBe('U2C00');
    expect(keysymName(0x12345678)).toBeUndefined();
  });
});

describe('levelsOf', () => {
  it('upper-cases a letter whose shifted level is missing', () => {
    expect(levelsOf([0x61, 0])).toEqual(['a', 'A']);
    expect(levelsOf([0x31, 0])).toEqual(['1', '1']);
    expect(levelsOf([ks('Cyrillic_es'), 0])).toEqual(['с', 'С']);
  });
  it('takes keypad digits at both levels whatever NumLock says', () => {
    expect(levelsOf([0xff95, 0xffb7])).toEqual(['7', '7']); // KP_Home, KP_7
  });
});

describe('keyNameFromKeysyms', () => {
  it('names a character key by the Latin character of the first group that has one', () => {
    expect(keyNameFromKeysyms([ks('Cyrillic_es'), ks('Cyrillic_ES')], 'c')).toBe('c'); // ru: the US place
    expect(keyNameFromKeysyms([ks('Cyrillic_es'), ks('Cyrillic_ES'), ks('c'), ks('C')], 'x')).toBe('c'); // ru,us: group 2
    expect(keyNameFromKeysyms([ks('Greek_psi'), ks('Greek_PSI')], 'c')).toBe('c');
    expect(keyNameFromKeysyms([ks('z'), ks('Z')], 'y')).toBe('z'); // de: the key at US y types z
    expect(keyNameFromKeysyms([ks('odiaeresis'), ks('Odiaeresis')], ';')).toBe('ö');
    expect(keyNameFromKeysyms([ks('dead_circumflex'), ks('degree')], '`')).toBe('`');
  });
  it('names function keys in pyautogui\'s spelling, and keeps X\'s name where it has none', () => {
    const name = (x: string) => keyNameFromKeysyms([ks(x)], undefined);
    expect(['Return', 'Escape', 'F13', 'F35', 'Prior', 'KP_Enter', 'space', 'XF86AudioRaiseVolume', 'XF86AudioPlay', 'Menu'].map(name))
      .toEqual(['enter', 'esc', 'f13', 'f35', 'pageup', 'enter', 'space', 'volumeup', 'playpause', 'apps']);
    expect(name('XF86Calculator')).toBe('XF86Calculator');
  });
  it('gives no name to a key the keymap leaves empty', () => {
    expect(keyNameFromKeysyms([], 'a')).toBeUndefined();
    expect(keyNameFromKeysyms([0, 0, 0, 0], 'a')).toBeUndefined();
  });
});

describe('dead keys (X\'s Compose rules) and the third level (AltGr)', () => {
  const rules = parseDeadKeyRules([
    '<dead_circumflex> <e>\t\t: "ê"\tecircumflex # LATIN SMALL LETTER E WITH CIRCUMFLEX',
    '<dead_circumflex> <space>\t: "^"\tasciicircum',
    '<dead_diaeresis> <space>\t: "\\""\tquotedbl',
    '<Multi_key> <e> <e> : "ə"',
  ].join('\n'));

  it('reads two-key sequences that start with a dead key, unescaping the result', () => {
    expect(rules.get('dead_circumflex')).toEqual(new Map([['e', 'ê'], ['space', '^']]));
    expect(rules.get('dead_diaeresis')?.get('space')).toBe('"');
    expect(rules.has('Multi_key')).toBe(false);
  });

  it('stores for a dead key of the keymap what it makes of the characters the layout types', () => {
    const layout = layoutFromKeymap('x11:de', (x) => ({ 49: [ks('dead_circumflex'), ks('degree')], 26: [ks('e'), ks('E')], 65: [ks('space')] })[x], rules);
    expect(layout.keys['41']).toEqual(['', '°']);
    expect(layout.dead).toEqual({ '41': [{ e: 'ê', ' ': '^' }, null] });
  });

  it('stores the keys that choose the third level (AltGr) and what each key types there', () => {
    const rows: Record<number, number[]> = { 108: [ks('ISO_Level3_Shift')], 24: [ks('q'), ks('Q'), ks('q'), ks('Q'), ks('at'), ks('Greek_OMEGA')], 38: [ks('a'), ks('A')] };
    const layout = layoutFromKeymap('x11:de', (x) => rows[x]);
    expect(layout.levelThreeShift).toEqual([String(0x0e38)]);
    expect(layout.levelThree).toEqual({ '16': ['@', 'Ω'] });
  });

  const composeMissing = !existsSync(COMPOSE_FILE);
  if (composeMissing) console.warn(`skipping the check of X's own Compose file: ${COMPOSE_FILE} is missing (Debian: libx11-data)`);
  it.skipIf(composeMissing)('reads this machine\'s Compose file (libx11-data): ^ then e is ê, ´ then space is \'', () => {
    const system = readDeadKeyRules();
    expect([system.get('dead_circumflex')?.get('e'), system.get('dead_acute')?.get('space')]).toEqual(['ê', "'"]);
  });
});

describe('layoutFromKeymap', () => {
  // A Russian keymap (one group) as X's core map lists it, on evdev keycodes (X = evdev + 8).
  const rows = new Map<number, number[]>([
    [54, [ks('Cyrillic_es'), ks('Cyrillic_ES')]], // evdev 46: US c
    [36, [ks('Return')]],
    [65, [ks('space')]],
    [77, [ks('Num_Lock')]],
    [79, [ks('KP_Home'), ks('KP_7')]],
    [191, [ks('XF86Tools')]], // uiohook calls this key F13 (0x5b)
    [197, []], // an empty key: uiohook's F19 (0x66)
  ]);
  const layout = layoutFromKeymap('x11:test', (x) => rows.get(x));

  it('types the layout\'s characters and names the key for shortcuts by its Latin place', () => {
    expect(layout.keys['46']).toEqual(['с', 'С']);
    expect(layout.names?.['46']).toBe('c');
    expect(layout.names?.['28']).toBe('enter');
    expect(layout.names?.['57']).toBe('space');
  });
  it('names keypad keys by what they did: a digit with NumLock on, Home with it off', () => {
    expect(layout.keys['71']).toEqual(['7', '7']);
    expect(layout.names?.['71']).toBe('num7');
    expect(layout.keys[String(0xee47)]).toBeUndefined();
    expect(layout.names?.[String(0xee47)]).toBe('home');
  });
  it('has no second group for a keymap of one layout (X repeats group 1 where group 2 would be)', () => {
    const repeated = layoutFromKeymap('x11:test', (x) => (x === 54 ? [ks('Cyrillic_es'), ks('Cyrillic_ES'), ks('Cyrillic_es'), ks('Cyrillic_ES')] : undefined));
    expect(repeated.groupKeys).toBeUndefined();
    const two = layoutFromKeymap('x11:test', (x) => (x === 54 ? [ks('Cyrillic_es'), ks('Cyrillic_ES'), ks('c'), ks('C')] : x === 36 ? [ks('Return')] : undefined));
    expect(two.groupKeys).toEqual([{ '46': ['c', 'C'] }]);
  });

  it('names keys outside the main block from the keymap, and leaves an empty key unnamed', () => {
    expect(layout.names?.[String(0x5b)]).toBe('XF86Tools');
    expect(layout.names?.[String(0x66)]).toBeUndefined();
    expect(layout.keys[String(0x66)]).toBeUndefined();
  });
});
