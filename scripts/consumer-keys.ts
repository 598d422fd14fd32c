// Writes src/export/writers/consumer-key-tables.ts: the key names each consumer of Cairn's exports
// accepts and what each means, from facts taken from the consumers' own sources, never typed by
// hand: pyautogui's KEY_NAMES and its X11 and Windows key maps, OSWorld's KEYBOARD_KEYS, xdotool's
// aliases, OpenAI's sample-app key map (fixtures/consumer-sources/*.json, written by
// scripts/consumer-facts.ts; provenance in SOURCES.json), and Playwright's US keyboard layout as
// playwright-core in node_modules builds it. X keysym names
// are resolved with X.Org's headers. It also writes the key enums of the schemas in
// fixtures/export-schemas/: OSWorld's KEYBOARD_KEYS (computer13) and Playwright's names (openai).
// `npm run consumer-keys` writes them again after a source update; tests/unit/export-consumer-keys
// .test.ts checks they are what the sources give.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runInNewContext } from 'node:vm';
import { consumerFacts, consumerSources } from './consumer-facts.ts';
import { KEYSYM_HEADERS, keysymNames } from './keysym-table.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const TABLE_FILE = join(ROOT, 'src/export/writers/consumer-key-tables.ts');
export const SCHEMA_FILES = { computer13: join(ROOT, 'fixtures/export-schemas/computer13.schema.json'), openai: join(ROOT, 'fixtures/export-schemas/openai-computer.schema.json') };

/** The sources the tables' facts were taken from (SOURCES.json). */
const TABLE_SOURCES: readonly (readonly [string, string])[] = [
  ['asweigart/pyautogui', 'pyautogui/__init__.py'],
  ['asweigart/pyautogui', 'pyautogui/_pyautogui_x11.py'],
  ['asweigart/pyautogui', 'pyautogui/_pyautogui_win.py'],
  ['xlang-ai/OSWorld', 'desktop_env/actions.py'],
  ['openai/openai-cua-sample-app', 'computers/base_playwright.py'],
  ['jordansissel/xdotool', 'xdo_util.h'],
];

export interface PlaywrightKey {
  key: string;
  code: string;
  keyCode: number;
  keyCodeWithoutLocation: number;
  location: number;
  /** The keyCode with Shift held, where it differs (the numpad's digits). */
  shiftKeyCode?: number;
}

/** Every key name Playwright's keyboard accepts, with what it presses: playwright-core's own
 *  USKeyboardLayout, aliases and buildLayoutClosure, taken from its bundle and run as they are. */
export function playwrightKeys(): { version: string; keys: Record<string, PlaywrightKey> } {
  const require = createRequire(import.meta.url);
  const pkg = require.resolve('playwright-core/package.json');
  const version = (JSON.parse(readFileSync(pkg, 'utf8')) as { version: string }).version;
  const bundle = readFileSync(join(dirname(pkg), 'lib/coreBundle.js'), 'utf8');
  const slice = (start: string, end: string) => {
    const i = bundle.indexOf(start);
    const j = bundle.indexOf(end, i);
    if (i < 0 || j < 0) throw new Error(`playwright-core ${version}: "${start}" not found in lib/coreBundle.js`);
    return bundle.slice(i, j + end.length);
  };
  const layout = slice('USKeyboardLayout = {', '\n    };');
  const closure = slice('function buildLayoutClosure(layout) {', '\n  return result2;\n}');
  const aliases = slice('aliases = /* @__PURE__ */ new Map([', ']);');
  const built = runInNewContext(`var ${layout}; var ${aliases}; ${closure}; buildLayoutClosure(USKeyboardLayout);`, {
    assert: (ok: unknown) => {
      if (!ok) throw new Error('assertion in buildLayoutClosure');
    },
  }) as Map<string, PlaywrightKey & { shifted?: { keyCode: number } }>;
  const keys: Record<string, PlaywrightKey> = {};
  for (const [name, d] of built) {
    keys[name] = { key: d.key, code: d.code, keyCode: d.keyCode, keyCodeWithoutLocation: d.keyCodeWithoutLocation, location: d.location };
    if (d.shifted && d.shifted.keyCode !== d.keyCode) keys[name].shiftKeyCode = d.shifted.keyCode;
  }
  return { version, keys };
}

export interface ConsumerTables {
  pyautoguiKeyNames: string[];
  /** pyautogui key name -> [the X keysym name its X11 backend presses, that keysym]. */
  pyautoguiX11: Record<string, [string, number]>;
  /** pyautogui key name -> Windows virtual-key code (its Windows backend). */
  pyautoguiVk: Record<string, number>;
  osworldKeyNames: string[];
  xdotoolAliases: [string, string][];
  cuaToPlaywright: Record<string, string>;
  playwright: { version: string; keys: Record<string, PlaywrightKey> };
}

export function readConsumerTables(headers: readonly string[] = KEYSYM_HEADERS.map((f) => readFileSync(f, 'utf8'))): ConsumerTables {
  const facts = consumerFacts();
  const names = keysymNames(headers);
  const pyautoguiX11: Record<string, [string, number]> = {};
  for (const [key, xName] of Object.entries(facts.pyautogui.x11Keysyms)) {
    const keysym = names.get(xName);
    if (keysym === undefined) throw new Error(`pyautogui's X11 map presses "${xName}" for ${JSON.stringify(key)}, which X.Org's headers do not name`);
    pyautoguiX11[key] = [xName, keysym];
  }
  return {
    pyautoguiKeyNames: facts.pyautogui.keyNames,
    pyautoguiX11,
    pyautoguiVk: facts.pyautogui.vkCodes,
    osworldKeyNames: facts.osworld.keyboardKeys,
    xdotoolAliases: facts.xdotool.aliases,
    cuaToPlaywright: facts.openai.cuaKeyToPlaywrightKey,
    playwright: playwrightKeys(),
  };
}

export function renderTables(t: ConsumerTables): string {
  const all = consumerSources();
  const sources = TABLE_SOURCES.map(([repo, path]) => all.find((s) => s.repo === repo && s.path === path)!).map(
    (s) => `//   ${s.repo}@${s.commit} ${s.path} (sha256 ${s.sha256.slice(0, 16)}…)`,
  );
  const json = (v: unknown) => JSON.stringify(v);
  const record = (r: Record<string, unknown>) => ['{', ...Object.entries(r).map(([k, v]) => `  ${json(k)}: ${json(v)},`), '}'].join('\n');
  return [
    '// Generated by scripts/consumer-keys.ts (npm run consumer-keys); do not edit. From the facts taken',
    '// from the consumers\' own sources (fixtures/consumer-sources/*.json; SOURCES.json names each file):',
    ...sources,
    `//   playwright-core ${t.playwright.version} lib/coreBundle.js (USKeyboardLayout, aliases, buildLayoutClosure)`,
    '// and X.Org\'s keysymdef.h and XF86keysym.h for the keysym of each X name.',
    '',
    '/** pyautogui\'s KEY_NAMES (its KEYBOARD_KEYS): every key name press, hotkey, keyDown and keyUp take. */',
    `export const PYAUTOGUI_KEY_NAMES: readonly string[] = ${json(t.pyautoguiKeyNames)};`,
    '',
    '/** pyautogui key name -> [the X keysym name its X11 backend presses, that keysym]; a name it maps',
    ' *  to nothing on X11 is absent. */',
    `export const PYAUTOGUI_X11_KEYSYMS: Readonly<Record<string, readonly [string, number]>> = ${record(t.pyautoguiX11)};`,
    '',
    '/** pyautogui key name -> the Windows virtual-key code its Windows backend sends. */',
    `export const PYAUTOGUI_VK_CODES: Readonly<Record<string, number>> = ${record(t.pyautoguiVk)};`,
    '',
    '/** OSWorld\'s KEYBOARD_KEYS (desktop_env/actions.py): the keys of PRESS, KEY_DOWN, KEY_UP and HOTKEY. */',
    `export const OSWORLD_KEY_NAMES: readonly string[] = ${json(t.osworldKeyNames)};`,
    '',
    '/** xdotool\'s symbol_map: [alias, X keysym name], tried before X\'s own names (case-insensitively). */',
    `export const XDOTOOL_ALIASES: readonly (readonly [string, string])[] = ${json(t.xdotoolAliases)};`,
    '',
    '/** OpenAI\'s sample app: keypress key (lower-cased) -> the Playwright key it presses instead. */',
    `export const CUA_KEY_TO_PLAYWRIGHT_KEY: Readonly<Record<string, string>> = ${record(t.cuaToPlaywright)};`,
    '',
    '/** Every key name Playwright\'s keyboard accepts (anything else is "Unknown key") and what it presses. */',
    'export const PLAYWRIGHT_KEYS: Readonly<Record<string, { key: string; code: string; keyCode: number; keyCodeWithoutLocation: number; location: number; shiftKeyCode?: number }>> =',
    `  ${record(t.playwright.keys).replace(/\n/g, '\n  ')};`,
    '',
  ].join('\n');
}

/** A schema with the consumer's key names as its key enum: OSWorld's for computer13, Playwright's
 *  for openai. */
export function renderSchema(schemaText: string, which: keyof typeof SCHEMA_FILES, t: ConsumerTables): string {
  const schema = JSON.parse(schemaText) as { $defs: { key: { enum: string[] } } };
  schema.$defs.key.enum = which === 'computer13' ? t.osworldKeyNames : Object.keys(t.playwright.keys);
  return `${JSON.stringify(schema, null, 2)}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const tables = readConsumerTables();
  writeFileSync(TABLE_FILE, renderTables(tables));
  for (const [which, file] of Object.entries(SCHEMA_FILES)) writeFileSync(file, renderSchema(readFileSync(file, 'utf8'), which as keyof typeof SCHEMA_FILES, tables));
  console.log(`consumer keys: pyautogui ${tables.pyautoguiKeyNames.length}, OSWorld ${tables.osworldKeyNames.length}, Playwright ${Object.keys(tables.playwright.keys).length} names written to ${TABLE_FILE}`);
}
