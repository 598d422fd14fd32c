// The consumers' key tables are what the facts taken from their sources give, not typed by hand:
// the generated consumer-key-tables.ts and the schemas' key enums equal what scripts/consumer-keys.ts
// makes now from fixtures/consumer-sources/*.json and playwright-core in node_modules; facts updated
// without `npm run consumer-keys` fail here. The folder keeps facts only, never a consumer's file.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { consumerFacts, consumerSources, FACTS_DIR } from '../../scripts/consumer-facts.ts';
import { readConsumerTables, renderSchema, renderTables, SCHEMA_FILES, TABLE_FILE } from '../../scripts/consumer-keys.ts';
import { PLAYWRIGHT_KEYS, PYAUTOGUI_KEY_NAMES, PYAUTOGUI_X11_KEYSYMS } from '../../src/export/writers/consumer-key-tables.ts';

describe('consumer key tables', () => {
  const tables = readConsumerTables();

  it('keeps facts only: SOURCES.json names, for each fact file, the repo, commit, path, sha256 and licence of the source it came from', () => {
    const sources = consumerSources();
    expect(sources.length).toBeGreaterThanOrEqual(9);
    for (const s of sources) {
      expect(s.commit, s.path).toMatch(/^[0-9a-f]{40}$/);
      expect(s.sha256, s.path).toMatch(/^[0-9a-f]{64}$/);
      expect(s.licence, s.path).not.toBe('');
    }
    const files = readdirSync(FACTS_DIR, { recursive: true, withFileTypes: true }).map((f) => f.name);
    expect(files.sort()).toEqual(['SOURCES.json', ...new Set(sources.map((s) => s.facts))].sort());
    expect(Object.keys(consumerFacts()).sort()).toEqual([...new Set(sources.map((s) => s.facts.replace(/\.json$/, '')))].sort());
  });

  it('is exactly what the facts give (consumer-key-tables.ts and the schemas\' key enums)', () => {
    expect(readFileSync(TABLE_FILE, 'utf8')).toBe(renderTables(tables));
    for (const [which, file] of Object.entries(SCHEMA_FILES)) {
      const text = readFileSync(file, 'utf8');
      expect(text, file).toBe(renderSchema(text, which as keyof typeof SCHEMA_FILES, tables));
    }
  });

  it('holds the complete tables: all of pyautogui\'s key names, its X11 keysyms, Playwright\'s layout with its aliases', () => {
    expect(PYAUTOGUI_KEY_NAMES).toHaveLength(194);
    expect(PYAUTOGUI_X11_KEYSYMS.enter).toEqual(['Return', 0xff0d]);
    expect(PYAUTOGUI_X11_KEYSYMS.pgup).toEqual(['Page_Up', 0xff55]);
    expect(PYAUTOGUI_X11_KEYSYMS.volumeup).toBeUndefined();
    expect(PLAYWRIGHT_KEYS.ContextMenu).toMatchObject({ key: 'ContextMenu', keyCode: 93 });
    expect(PLAYWRIGHT_KEYS.Control).toMatchObject({ key: 'Control', code: 'ControlLeft' });
    expect(PLAYWRIGHT_KEYS['/']).toMatchObject({ code: 'Slash' });
    expect(Object.keys(PLAYWRIGHT_KEYS).length).toBe(Object.keys(tables.playwright.keys).length);
  });
});
