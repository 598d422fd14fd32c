import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint();
const messagesFor = async (code: string, filePath: string) =>
  (await eslint.lintText(code, { filePath }))[0]!.messages.map((m) => m.ruleId);

describe('lint boundaries', () => {
  it('refuses Electron in the core', async () => {
    expect(await messagesFor("import { app } from 'electron';\nexport const a = app;\n", 'src/core/example.ts')).toContain('no-restricted-imports');
  });

  it('allows Electron in src/electron', async () => {
    expect(await messagesFor("import { app } from 'electron';\nexport const a = app;\n", 'src/electron/example.ts')).not.toContain('no-restricted-imports');
  });

  it('refuses Node built-ins in the renderer', async () => {
    expect(await messagesFor("import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n", 'renderer/example.ts')).toContain('no-restricted-imports');
  });
});

describe('the layer map (eslint.config.js LAYERS)', () => {
  const importing = (specifier: string) => `import { x } from '${specifier}';\nexport const y = x;\n`;

  it('refuses an import of a layer above: review may not reach the host or the CLI', async () => {
    expect(await messagesFor(importing('../host/invoke.ts'), 'src/review/example.ts')).toContain('no-restricted-imports');
    expect(await messagesFor(importing('../../cli/main.ts'), 'src/review/redaction/example.ts')).toContain('no-restricted-imports');
  });

  it('refuses an import beside: the store may not reach the recorder, capture may not reach the store', async () => {
    expect(await messagesFor(importing('../recorder/recorder.ts'), 'src/store/example.ts')).toContain('no-restricted-imports');
    expect(await messagesFor(importing('../../store/store.ts'), 'src/capture/x11/example.ts')).toContain('no-restricted-imports');
  });

  it('allows an import of a layer below', async () => {
    expect(await messagesFor(importing('../store/store.ts'), 'src/review/example.ts')).not.toContain('no-restricted-imports');
    expect(await messagesFor(importing('../../shared/contract.ts'), 'src/cli/commands/example.ts')).not.toContain('no-restricted-imports');
  });

  it('keeps shared and core runtime-free: no Node built-ins, no packages but zod', async () => {
    expect(await messagesFor(importing('node:fs'), 'src/shared/example.ts')).toContain('no-restricted-imports');
    expect(await messagesFor(importing('sharp'), 'src/core/example.ts')).toContain('no-restricted-imports');
    expect(await messagesFor(importing('zod'), 'src/core/example.ts')).not.toContain('no-restricted-imports');
  });

  it('lets the renderer import src/shared and nothing else of src/', async () => {
    expect(await messagesFor(importing('../../src/store/store.ts'), 'renderer/stores/example.ts')).toContain('no-restricted-imports');
    expect(await messagesFor(importing('../../src/shared/contract.ts'), 'renderer/stores/example.ts')).not.toContain('no-restricted-imports');
  });
});

describe('SQL only in src/store (eslint.config.js sqlOnlyInStore)', () => {
  const statement = `import type { Store } from '../store/store.ts';
export const count = (store: Store) => store.prepare<[], number>('SELECT count(*) FROM events').pluck().get();
`;
  const onConnection = `import type { Store } from '../store/store.ts';
export const checkpoint = (store: Store) => store.db.pragma('wal_checkpoint(TRUNCATE)');
`;
  const sqlFromElsewhere = `import type Database from 'better-sqlite3-multiple-ciphers';
export const run = (db: Database.Database, sql: string) => db.exec(sql);
`;
  const inAConstant = "const COUNT_EVENTS = `SELECT count(*)\n  FROM events WHERE session_id = ?`;\nexport const sql = COUNT_EVENTS;\n";

  it('refuses SQL in src/review: a prepared statement, a pragma on the connection, SQL text in a constant', async () => {
    expect(await messagesFor(statement, 'src/review/example.ts')).toContain('no-restricted-syntax');
    expect(await messagesFor(sqlFromElsewhere, 'src/review/example.ts')).toContain('no-restricted-syntax');
    expect(await messagesFor(onConnection.replace('../store', '../../store'), 'src/review/redaction/example.ts')).toContain('no-restricted-syntax');
    expect(await messagesFor(inAConstant, 'src/review/example.ts')).toContain('no-restricted-syntax');
    expect(await messagesFor("export const sql = 'DELETE FROM frames WHERE session_id = ?';\n", 'src/host/example.ts')).toContain('no-restricted-syntax');
  });

  it('allows the same SQL in src/store', async () => {
    expect(await messagesFor(statement.replace('../store/', './'), 'src/store/example.ts')).not.toContain('no-restricted-syntax');
    expect(await messagesFor(sqlFromElsewhere, 'src/store/example.ts')).not.toContain('no-restricted-syntax');
    expect(await messagesFor(onConnection.replace('../store/', './'), 'src/store/example.ts')).not.toContain('no-restricted-syntax');
    expect(await messagesFor(inAConstant, 'src/store/example.ts')).not.toContain('no-restricted-syntax');
  });

  it('does not flag look-alikes: RegExp#exec, a transaction of named repository calls, an HTTP DELETE, prose', async () => {
    const lookAlikes = `import type { Store } from '../store/store.ts';
export const match = /^(\\d+)$/.exec('12');
export const pattern = /x/;
export const again = pattern.exec('x');
export const unit = (store: Store, fn: () => void) => store.tx(fn);
export const method = 'DELETE';
export const hint = 'Select an app, then UPDATE it from the list.';
`;
    expect(await messagesFor(lookAlikes, 'src/review/example.ts')).not.toContain('no-restricted-syntax');
  });
});
