// Damaged store files met through the CLI, as a user would meet them: a torn or deleted
// write-ahead log, a garbage -shm, a corrupt database, a read-only data folder. Each gets one
// sentence, the damaged file kept aside byte for byte, and a working store afterwards.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open-store.ts';
import { writeBatch } from '../../src/store/write-batch.ts';
import { runCairn } from '../helpers/cli.ts';
import { frameRow, moveRow, seedSession, tempDir, windowRow } from '../store/helpers.ts';

const TXS = 6;
const PER_TX = 100;

function env(dataDir: string): NodeJS.ProcessEnv {
  return { ...process.env, CAIRN_DATA_DIR: dataDir, DISPLAY: ':9999' };
}

/** A data folder as a crash leaves it: cairn.db with its -wal and -shm, TXS transactions of
 *  PER_TX events each, the first `checkpointed` of them already copied into cairn.db. */
function crashedStore(checkpointed = 0): { dataDir: string; db: string } {
  const source = path.join(tempDir(), 'live');
  const store = openStore(source, { onRepair: () => undefined });
  store.db.pragma('wal_autocheckpoint = 0');
  seedSession(store, 'sess-1');
  for (let tx = 0; tx < TXS; tx++) {
    if (tx === checkpointed && tx > 0) store.db.pragma('wal_checkpoint(PASSIVE)');
    const events = Array.from({ length: PER_TX }, (_, i) => moveRow(tx * PER_TX + i + 1, tx * 1000 + i));
    writeBatch(store, 'sess-1', { windows: tx ? [] : [windowRow(1, 0)], events, frames: [frameRow(tx + 1, tx * 1000, `f${tx}`)], at: Date.now() });
  }
  const dataDir = path.join(tempDir(), 'data');
  fs.mkdirSync(dataDir, { mode: 0o700 });
  // Copied while the connection is still open and idle: what a kill -9 at this moment would leave.
  for (const suffix of ['', '-wal', '-shm']) fs.copyFileSync(path.join(source, `cairn.db${suffix}`), path.join(dataDir, `cairn.db${suffix}`));
  store.close();
  return { dataDir, db: path.join(dataDir, 'cairn.db') };
}

async function eventCount(dataDir: string): Promise<number> {
  const r = await runCairn(['sessions', '--json'], env(dataDir));
  expect(r.code, r.stderr).toBe(0);
  const { sessions } = JSON.parse(r.stdout) as { sessions: { eventCount: number }[] };
  return sessions.reduce((n, s) => n + s.eventCount, 0);
}

function asideFiles(dataDir: string): string[] {
  const dir = path.join(dataDir, 'damaged');
  return fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => !f.startsWith('.')).map((f) => path.join(dir, f)) : [];
}

function expectKeptAside(dataDir: string, name: string, original: Buffer): void {
  const kept = asideFiles(dataDir).filter((f) => f.endsWith(`-${name}`));
  expect(kept, `${name} kept aside`).toHaveLength(1);
  expect(fs.readFileSync(kept[0]!).equals(original), `${name} kept byte for byte`).toBe(true);
}

function integrity(dbPath: string): string {
  const db = new Database(dbPath, { readonly: true });
  try {
    return String(db.pragma('integrity_check', { simple: true }));
  } finally {
    db.close();
  }
}

const oneSentence = (line: string) => expect(line).toMatch(/^cairn: [A-Z][^\n]*[.]$/);
const report: string[] = [];
afterAll(() => console.log(`store damage cases:\n${report.join('\n')}`));

describe('a damaged store met through the CLI', () => {
  it('a torn -wal: set aside as it was, the store rebuilt from every whole transaction, only the torn one lost', async () => {
    const { dataDir, db } = crashedStore();
    const wal = `${db}-wal`;
    fs.truncateSync(wal, fs.statSync(wal).size - 100); // cuts into the last commit frame
    const torn = fs.readFileSync(wal);
    const r = await runCairn(['sessions', '--json'], env(dataDir));
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stderr.trim().split('\n');
    oneSentence(lines[0]!);
    expect(lines[0]).toMatch(/write-ahead log cairn\.db-wal was cut short.*set the database and its log aside as damaged\/.*rebuilt cairn\.db/);
    expectKeptAside(dataDir, 'cairn.db-wal', torn);
    const events = await eventCount(dataDir);
    expect(events).toBe((TXS - 1) * PER_TX);
    expect(integrity(db)).toBe('ok');
    report.push(`torn -wal: 1 run, lost ${TXS * PER_TX - events} of ${TXS * PER_TX} events (the torn last transaction)`);
  });

  it('a deleted -wal: the leftover -shm set aside, what cairn.db held kept, and the loss said', async () => {
    const { dataDir, db } = crashedStore(3);
    fs.rmSync(`${db}-wal`);
    const shm = fs.readFileSync(`${db}-shm`);
    const r = await runCairn(['sessions', '--json'], env(dataDir));
    expect(r.code, r.stderr).toBe(0);
    oneSentence(r.stderr.trim());
    expect(r.stderr).toMatch(/write-ahead log cairn\.db-wal was missing .* may be lost; Cairn set the leftover cairn\.db-shm aside/);
    expectKeptAside(dataDir, 'cairn.db-shm', shm);
    const events = await eventCount(dataDir);
    expect(events).toBe(3 * PER_TX);
    expect(integrity(db)).toBe('ok');
    report.push(`deleted -wal: 1 run, lost ${TXS * PER_TX - events} of ${TXS * PER_TX} events (those only in the deleted log)`);
  });

  it('a garbage -shm: set aside, rebuilt by SQLite from the log, nothing lost', async () => {
    const { dataDir, db } = crashedStore();
    const garbage = Buffer.alloc(fs.statSync(`${db}-shm`).size, 0xa5);
    fs.writeFileSync(`${db}-shm`, garbage);
    const r = await runCairn(['sessions', '--json'], env(dataDir));
    expect(r.code, r.stderr).toBe(0);
    oneSentence(r.stderr.trim());
    expect(r.stderr).toMatch(/shared-memory index cairn\.db-shm was damaged.*nothing was lost/);
    expectKeptAside(dataDir, 'cairn.db-shm', garbage);
    expect(await eventCount(dataDir)).toBe(TXS * PER_TX);
    expect(integrity(db)).toBe('ok');
    report.push(`garbage -shm: 1 run, lost 0 of ${TXS * PER_TX} events`);
  });

  it('a corrupt database: refused untouched, then `cairn repair` keeps it aside and recovers the readable rows', async () => {
    const { dataDir, db } = crashedStore();
    await eventCount(dataDir); // a clean open and close: everything checkpointed into cairn.db
    // A tenth of the events' leaf pages, from the middle of the table, is overwritten: which pages
    // those are is read from SQLite's own page map (dbstat), so the damage does not depend on where
    // other tables happen to lie in the file as the schema grows.
    const map = new Database(db, { readonly: true });
    const leaves = map.prepare<[], number>(`SELECT pageno FROM dbstat WHERE name = 'events' AND pagetype = 'leaf' ORDER BY path`).pluck().all();
    map.close();
    const bytes = fs.readFileSync(db);
    const pageSize = bytes.readUInt16BE(16);
    const zapped = leaves.slice(Math.floor(leaves.length * 0.45), Math.max(Math.floor(leaves.length * 0.45) + 1, Math.floor(leaves.length * 0.55)));
    for (const page of zapped) bytes.fill(0x5a, (page - 1) * pageSize, page * pageSize);
    fs.writeFileSync(db, bytes);

    const refused = await runCairn(['show', 'sess-1', '--events'], env(dataDir));
    expect(refused.code, refused.stderr).toBe(1);
    oneSentence(refused.stderr.trim());
    expect(refused.stderr).toMatch(/is damaged .*left it untouched; run `cairn repair`/);
    expect(fs.readFileSync(db).equals(bytes)).toBe(true);

    const repaired = await runCairn(['repair'], env(dataDir));
    expect(repaired.code, repaired.stderr).toBe(0);
    expect(repaired.stdout).toMatch(/set the damaged database aside as damaged\/.*cairn\.db.* \(kept as it was\) and made a new cairn\.db/);
    expectKeptAside(dataDir, 'cairn.db', bytes);
    expect(integrity(db)).toBe('ok');
    const events = await eventCount(dataDir);
    expect(events).toBeGreaterThan(0);
    expect(events).toBeLessThanOrEqual(TXS * PER_TX);
    report.push(`corrupt pages (${zapped.length} of the events' ${leaves.length} leaf pages zapped): 1 run, refused untouched, repair recovered ${events} of ${TXS * PER_TX} events: ${repaired.stdout.trim()}`);
  });

  it('a database with a destroyed header: repair keeps it aside and starts a fresh store', async () => {
    const { dataDir, db } = crashedStore();
    await eventCount(dataDir);
    const bytes = fs.readFileSync(db);
    bytes.fill(0x00, 0, 100);
    fs.writeFileSync(db, bytes);
    const repaired = await runCairn(['repair'], env(dataDir));
    expect(repaired.code, repaired.stderr).toBe(0);
    expect(repaired.stdout).toMatch(/SQLite could read nothing of it, so the new store is empty/);
    expectKeptAside(dataDir, 'cairn.db', bytes);
    expect(await eventCount(dataDir)).toBe(0);
    const again = await runCairn(['repair'], env(dataDir));
    expect(again.stdout).toMatch(/passed SQLite's check; nothing was changed/);
    report.push(`destroyed header: 1 run, all ${TXS * PER_TX} events lost from the new store (kept in damaged/)`);
  });
});

describe('a read-only data folder', () => {
  const mountPoint = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-ro-'));
  let mounted = false;
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=8m', 'tmpfs', mountPoint], { stdio: 'ignore' });
    mounted = true;
  } catch {
    console.log('read-only folder test skipped: mounting a tmpfs is not permitted here (as root, file modes cannot make a folder read-only)');
  }
  afterAll(() => {
    if (mounted) execFileSync('umount', [mountPoint]);
    fs.rmdirSync(mountPoint);
  });

  it.skipIf(!mounted)('is refused in one sentence and nothing in it changes', async () => {
    const dataDir = path.join(mountPoint, 'data');
    expect((await runCairn(['settings', '--retention-days', '3'], env(dataDir))).code).toBe(0);
    execFileSync('mount', ['-o', 'remount,ro', mountPoint]);
    const before = fs.readdirSync(dataDir).map((f) => [f, fs.readFileSync(path.join(dataDir, f))] as const);
    const r = await runCairn(['settings', '--retention-days', '5'], env(dataDir));
    expect(r.code).toBe(1);
    oneSentence(r.stderr.trim());
    expect(r.stderr).toMatch(/cannot be written \(read-only file, folder or file system\), so Cairn changed nothing/);
    const after = fs.readdirSync(dataDir);
    expect(after).toEqual(before.map(([f]) => f));
    for (const [f, bytes] of before) expect(fs.readFileSync(path.join(dataDir, f)).equals(bytes)).toBe(true);
    report.push('read-only folder (tmpfs remounted ro): 1 run, refused, every file byte-identical');
  });
});
