// Damaged copies are data too. A real torn write-ahead log is repaired by the real CLI, which sets
// the old database and log aside in damaged/ (holding the typed secret's key events and the frames);
// backups and bundles are written into the data folder and elsewhere. Then `redact --auto`, and in
// another data folder `consent withdraw` (CLI and API): every byte of every file under the data
// folder is searched for the secret's key event records and the old frames, and must hold none. The
// copies written elsewhere are left alone, and the withdrawal names them.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createCairnService } from '../../src/host/cairn-service.ts';
import { invoke } from '../../src/host/invoke.ts';
import { recordAcceptance } from '../../src/store/consent-repo.ts';
import { keepReserve, RESERVE_FILE } from '../../src/store/disk-reserve.ts';
import { openStore } from '../../src/store/open-store.ts';
import { runCairn } from '../helpers/cli.ts';
import { filesContaining, filesUnder } from '../helpers/disk-bytes.ts';
import { keyRecordTail, SECRET, seedReviewSession } from '../helpers/seed-review.ts';

const ID = 'da3a9ed0-0001-4000-8000-000000000001';
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-kept-copies-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

interface Marked {
  dataDir: string;
  env: NodeJS.ProcessEnv;
  elsewhere: string;
  /** Byte strings that only the secret's key events hold: their records in SQLite's files, their
   *  lines in a bundle. */
  tails: Buffer[];
  /** Slices of the session's encoded frames. */
  frameSlices: Buffer[];
}

let n = 0;

/**
 * A data folder after a torn log was repaired: the submitted session with the typed secret was
 * written, then one more transaction, cut short as a crash mid-write leaves it; the next command
 * rebuilt the store and kept the old database and log in damaged/. Then a backup and a bundle in the
 * data folder, and one of each elsewhere.
 */
async function tornAndRepaired(): Promise<Marked> {
  const base = path.join(root, `case-${++n}`);
  const live = path.join(base, 'live');
  const store = openStore(live, { onRepair: () => undefined });
  store.db.pragma('wal_autocheckpoint = 0');
  const seeded = await seedReviewSession(store, { id: ID, state: 'submitted' });
  recordAcceptance(store, { version: '2', sha256: 'b'.repeat(64), at: Date.now() }); // the transaction the crash tears
  const dataDir = path.join(base, 'data');
  fs.mkdirSync(dataDir, { mode: 0o700 });
  // Copied while the connection is open and idle: what a kill -9 at this moment leaves.
  for (const suffix of ['', '-wal', '-shm']) fs.copyFileSync(path.join(live, `cairn.db${suffix}`), path.join(dataDir, `cairn.db${suffix}`));
  store.close();
  const wal = path.join(dataDir, 'cairn.db-wal');
  fs.truncateSync(wal, fs.statSync(wal).size - 100);

  const env = { ...process.env, CAIRN_DATA_DIR: dataDir, DISPLAY: ':9999' };
  const repaired = await runCairn(['sessions', '--json'], env);
  expect(repaired.code, repaired.stderr).toBe(0);
  expect(repaired.stderr).toMatch(/write-ahead log cairn\.db-wal was cut short.*set the database and its log aside as damaged\//);

  const elsewhere = path.join(base, 'elsewhere');
  fs.mkdirSync(elsewhere);
  for (const args of [
    ['backup', '--out', path.join(dataDir, 'backup-in-folder.db')],
    ['backup', '--out', path.join(elsewhere, 'backup.db')],
    ['bundle', 'create', ID, '--out', path.join(dataDir, 'bundles', 'in-folder.cairn')],
    ['bundle', 'create', ID, '--out', path.join(elsewhere, 'review.cairn')],
  ]) {
    const r = await runCairn(args, env);
    expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
  }
  keepReserve(dataDir);

  const secretEvents = seeded.events.filter((e) => e.seq >= seeded.secretSeqs.fromSeq && e.seq <= seeded.secretSeqs.toSeq);
  const records = secretEvents.map(keyRecordTail).filter((t): t is Buffer => t !== undefined);
  // A bundle's events.jsonl line up to the key code and mods: [seq, t, kind, windowSeq, x, y, button, clicks, keycode, mods, …
  const lines = secretEvents.map((e) => Buffer.from(JSON.stringify([e.seq, e.t, e.kind, e.windowSeq, null, null, null, null, e.keycode, e.mods]).slice(0, -1)));
  const tails = [...records, ...lines];
  const frameSlices = seeded.frames.flatMap((f) => [0.3, 0.5, 0.7].map((at) => Buffer.from(f.bytes.subarray(Math.floor(f.bytes.length * at), Math.floor(f.bytes.length * at) + 48))));
  // The markers work: each is in the damaged copies (and the copies in the folder) before the erasure.
  const holding = (m: Buffer) => filesContaining(dataDir, m).map((f) => path.relative(dataDir, f).replace(/^damaged\/[^/]+?Z(-\d+)?-/, 'damaged/'));
  for (const m of records) expect(holding(m)).toEqual(expect.arrayContaining(['damaged/cairn.db-wal', 'backup-in-folder.db']));
  for (const m of lines) expect(holding(m)).toEqual(['bundles/in-folder.cairn']);
  for (const m of frameSlices) expect(holding(m)).toEqual(expect.arrayContaining(['damaged/cairn.db-wal', 'backup-in-folder.db', 'bundles/in-folder.cairn']));
  return { dataDir, env, elsewhere, tails, frameSlices };
}

function expectNoMarker(dataDir: string, markers: Buffer[]): void {
  for (const m of markers) expect(filesContaining(dataDir, m).map((f) => path.relative(dataDir, f)), `marker ${m.toString('hex')}`).toEqual([]);
}

describe('an erasure reaches every copy Cairn keeps in the data folder', () => {
  it('`redact --auto` after a torn log was repaired: no byte of the secret\'s key events in any file; damaged/ and the copies in the folder erased, those elsewhere untouched', async () => {
    const c = await tornAndRepaired();
    const outside = filesUnder(c.elsewhere).map((f) => [f, fs.readFileSync(f)] as const);

    const r = await runCairn(['redact', ID, '--auto', '--no-ocr'], c.env);
    expect(r.code, r.stderr).toBe(0);

    // Only the typed secret was redacted: the frames are still the session's, in cairn.db.
    expectNoMarker(c.dataDir, c.tails);
    expect(filesContaining(c.dataDir, SECRET)).toEqual([]);
    expect(fs.existsSync(path.join(c.dataDir, 'damaged'))).toBe(false);
    expect(fs.readdirSync(c.dataDir).sort()).toEqual(['bundles', 'cairn.db', RESERVE_FILE].sort());
    expect(fs.readdirSync(path.join(c.dataDir, 'bundles'))).toEqual([]);
    for (const [f, bytes] of outside) expect(fs.readFileSync(f).equals(bytes), `${f} untouched`).toBe(true);
    const shown = JSON.parse((await runCairn(['show', ID, '--json'], c.env)).stdout) as { audit: { action: string }[] };
    expect(shown.audit.map((a) => a.action)).toContain('review.redact-text');
  }, 120_000);

  it('`consent withdraw` (CLI): nothing of the session in any byte; the backup and bundle elsewhere are named for the person to delete', async () => {
    const c = await tornAndRepaired();
    const r = await runCairn(['consent', 'withdraw', '--json'], c.env);
    expect(r.code, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout) as { copiesElsewhere: unknown[] };
    expect(result.copiesElsewhere).toEqual([
      { kind: 'backup', path: path.join(c.elsewhere, 'backup.db'), writtenAt: expect.any(Number), sessions: [ID], present: true },
      { kind: 'bundle', path: path.join(c.elsewhere, 'review.cairn'), writtenAt: expect.any(Number), sessions: [ID], present: true },
    ]);
    expectNoMarker(c.dataDir, [...c.tails, ...c.frameSlices]);
    expect(fs.readdirSync(c.dataDir).sort()).toEqual(['bundles', 'cairn.db']);
    expect(filesUnder(c.elsewhere)).toHaveLength(2);

    // The sentence form names them too, and again at a second withdrawal (they are still out there).
    fs.rmSync(path.join(c.elsewhere, 'review.cairn'));
    const text = await runCairn(['consent', 'withdraw'], c.env);
    expect(text.stdout).toContain('These copies were written outside the data folder, so Cairn could not erase them; delete them yourself:');
    expect(text.stdout).toContain(`  ${path.join(c.elsewhere, 'backup.db')}  backup of 1 session(s), written `);
    expect(text.stdout).toMatch(new RegExp(`  ${path.join(c.elsewhere, 'review.cairn')}  bundle of 1 session\\(s\\), written .* \\(no longer at that path\\)\\n`));
  }, 120_000);

  it('`consent.withdraw` (API): the same erasure, and the copies elsewhere in its answer', async () => {
    const c = await tornAndRepaired();
    const service = createCairnService({ dataDir: c.dataDir });
    try {
      const r = await invoke(service.handlers, 'consent.withdraw', {});
      if (!r.ok) throw new Error(r.error.message);
      expect((r.result as { copiesElsewhere: { path: string }[] }).copiesElsewhere.map((x) => x.path)).toEqual([
        path.join(c.elsewhere, 'backup.db'),
        path.join(c.elsewhere, 'review.cairn'),
      ]);
    } finally {
      await service.close();
    }
    expectNoMarker(c.dataDir, [...c.tails, ...c.frameSlices]);
  }, 120_000);
});
