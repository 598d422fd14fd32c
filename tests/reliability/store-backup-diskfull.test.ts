// A backup taken while the recorder's writer is writing, and a data folder on a small disk that
// fills up during a write stream: the writer reports it once, the database stays intact, nothing
// committed is lost, and the free-disk minimum stops capture before the disk is full.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterAll, describe, expect, it } from 'vitest';
import { startStorageGuard } from '../../src/recorder/storage-guard.ts';
import { openStore } from '../../src/store/open-store.ts';
import { setSettings } from '../../src/store/settings-repo.ts';
import { StoreWriter, type WriterBatch } from '../../src/store/store-writer.ts';
import { writeBatch } from '../../src/store/write-batch.ts';
import { runCairn } from '../helpers/cli.ts';
import { moveRow, seedSession, tempDir, windowRow } from '../store/helpers.ts';
import { folderDigest } from '../helpers/disk-bytes.ts';

let seq = 0;
function batch(frameBytes: number, first = false): WriterBatch {
  const events = Array.from({ length: 50 }, () => moveRow(++seq, seq));
  const frames = frameBytes
    ? [{ seq, t: seq, windowSeq: 1, reason: 'periodic' as const, width: 100, height: 100, format: 'webp', sha256: 'f'.repeat(64), bytes: new Uint8Array(randomBytes(frameBytes)) }]
    : [];
  return { windows: first ? [windowRow(1, 0)] : [], events, frames, at: Date.now() };
}

function counts(dbPath: string): { events: number; frames: number; integrity: string } {
  const db = new Database(dbPath, { readonly: true });
  try {
    return {
      events: db.prepare('SELECT count(*) FROM events').pluck().get() as number,
      frames: db.prepare('SELECT count(*) FROM frames').pluck().get() as number,
      integrity: String(db.pragma('integrity_check', { simple: true })),
    };
  } finally {
    db.close();
  }
}

function seeded(dataDir: string, settings?: { minFreeDiskBytes: number }): void {
  const store = openStore(dataDir);
  seedSession(store, 'sess-1');
  if (settings) setSettings(store, settings, { actor: 'test' });
  store.close();
}

describe('cairn backup', () => {
  it('taken while a StoreWriter writes, opens, passes integrity_check and has every row committed before it', async () => {
    const dataDir = path.join(tempDir(), 'data');
    seeded(dataDir);
    const writer = await StoreWriter.start(dataDir, 'sess-1');
    writer.write(batch(2000, true));
    for (let i = 0; i < 20; i++) writer.write(batch(2000));
    const before = await writer.flush();
    let writing = true;
    const stream = (async () => {
      while (writing) {
        writer.write(batch(2000));
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
    const out = path.join(tempDir(), 'backup.db');
    const r = await runCairn(['backup', '--out', out], { ...process.env, CAIRN_DATA_DIR: dataDir });
    writing = false;
    await stream;
    const after = await writer.flush();
    await writer.close();
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Backed up 1 session .* passed SQLite's integrity check/);
    const b = counts(out);
    expect(b.integrity).toBe('ok');
    expect(b.events).toBeGreaterThanOrEqual(before.committedEvents);
    expect(b.frames).toBeGreaterThanOrEqual(before.committedFrames);
    expect(after.committedEvents).toBeGreaterThan(before.committedEvents); // the writer kept writing
    const again = await runCairn(['backup', '--out', out], { ...process.env, CAIRN_DATA_DIR: dataDir });
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already exists; Cairn never overwrites/);
    console.log(`backup during writes: ${before.committedEvents} events committed before, ${b.events} in the backup, ${after.committedEvents} by the end`);
  });
});

/** A small filesystem for the data folder: a tmpfs, else a loop-mounted ext4 image. */
function smallDisk(): { dir: string; method: string; release: () => void } | null {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-small-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=8m', 'tmpfs', dir], { stdio: 'ignore' });
    return { dir, method: 'tmpfs of 8 MB (mount -t tmpfs -o size=8m)', release: () => (execFileSync('umount', [dir]), fs.rmdirSync(dir)) };
  } catch {
    fs.rmdirSync(dir);
    return null;
  }
}

describe('a data folder on a small disk', () => {
  const disks: (() => void)[] = [];
  afterAll(() => disks.forEach((release) => release()));
  const probe = smallDisk();
  if (probe) probe.release();
  else console.log('disk-full tests skipped: mounting a tmpfs is not permitted here');

  it.skipIf(!probe)('that fills during a write stream: one disk-full error, integrity ok, nothing committed lost', async () => {
    const disk = smallDisk()!;
    disks.push(disk.release);
    console.log(`small disk: ${disk.method}`);
    const dataDir = path.join(disk.dir, 'data');
    seeded(dataDir, { minFreeDiskBytes: 0 });
    const writer = await StoreWriter.start(dataDir, 'sess-1');
    const errors: Error[] = [];
    writer.onError((e) => errors.push(e));
    writer.write(batch(64 * 1024, true));
    for (let i = 0; i < 400 && !errors.length; i++) {
      writer.write(batch(64 * 1024));
      await writer.flush();
    }
    const totals = await writer.flush();
    await writer.close();
    expect(errors.length, 'the disk filled').toBe(1);
    expect(errors[0]).toMatchObject({ code: 'full' });
    expect(errors[0]!.message).toMatch(/^The disk holding the data folder is full, so Cairn could not save to .* \(everything saved before is kept\); free some space/);
    const after = counts(path.join(dataDir, 'cairn.db'));
    expect(after.integrity).toBe('ok');
    expect(after.events).toBe(totals.committedEvents);
    expect(after.frames).toBe(totals.committedFrames);
    console.log(`disk full: ${totals.committedFrames} frames / ${totals.committedEvents} events committed and all present after; ${totals.failedFrames} frames refused with SQLITE_FULL`);
  });

  it.skipIf(!probe)('the free-disk minimum stops capture before the disk is full', async () => {
    const disk = smallDisk()!;
    disks.push(disk.release);
    console.log(`small disk: ${disk.method}`);
    const dataDir = path.join(disk.dir, 'data');
    seeded(dataDir, { minFreeDiskBytes: 3 * 1024 ** 2 });
    const writer = await StoreWriter.start(dataDir, 'sess-1');
    const errors: Error[] = [];
    writer.onError((e) => errors.push(e));
    let stopped: string | null = null;
    const guard = startStorageGuard({ dataDir, onLimit: (reason) => (stopped = reason), intervalMs: 60_000 });
    writer.write(batch(64 * 1024, true));
    for (let i = 0; i < 400 && !stopped && !errors.length; i++) {
      writer.write(batch(64 * 1024));
      await writer.flush();
      guard.check();
    }
    guard.stop();
    await writer.close();
    expect(errors).toEqual([]);
    expect(stopped).toMatch(/^Recording stopped: the disk holding Cairn's data has only .* free, less than the minimum of 3\.0 MB/);
    const free = fs.statfsSync(dataDir);
    expect(free.bavail * free.bsize).toBeGreaterThan(1024 ** 2);
    expect(counts(path.join(dataDir, 'cairn.db')).integrity).toBe('ok');
    console.log(`guard: ${stopped}`);
  });

  it.skipIf(!probe)('a torn log on a disk too full to rebuild it: refused, nothing moved or changed; repaired once there is room', async () => {
    const disk = smallDisk()!;
    disks.push(disk.release);
    const source = path.join(tempDir(), 'live');
    const store = openStore(source, { onRepair: () => undefined });
    store.db.pragma('wal_autocheckpoint = 0');
    seedSession(store, 'sess-1');
    for (let tx = 0; tx < 4; tx++) {
      writeBatch(store, 'sess-1', { windows: tx ? [] : [windowRow(1, 0)], events: Array.from({ length: 100 }, (_, i) => moveRow(tx * 100 + i + 1, tx * 1000 + i)), frames: [], at: Date.now() });
    }
    const dataDir = path.join(disk.dir, 'data');
    fs.mkdirSync(dataDir, { mode: 0o700 });
    // Copied while the connection is open: what a kill -9 leaves; then the last commit is torn.
    for (const suffix of ['', '-wal', '-shm']) fs.copyFileSync(path.join(source, `cairn.db${suffix}`), path.join(dataDir, `cairn.db${suffix}`));
    store.close();
    fs.truncateSync(path.join(dataDir, 'cairn.db-wal'), fs.statSync(path.join(dataDir, 'cairn.db-wal')).size - 100);
    const free = fs.statfsSync(disk.dir);
    const filler = path.join(disk.dir, 'filler');
    fs.writeFileSync(filler, Buffer.alloc(free.bavail * free.bsize - 256 * 1024));
    const before = folderDigest(dataDir);

    const refused = await runCairn(['sessions'], { ...process.env, CAIRN_DATA_DIR: dataDir });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^cairn: The store at .* needs a repair, which needs about .* MB free, but the disk has .* MB; Cairn changed nothing, so free some space and run the command again\.\n$/);
    expect(folderDigest(dataDir)).toEqual(before);

    fs.rmSync(filler);
    const repaired = await runCairn(['sessions', '--json'], { ...process.env, CAIRN_DATA_DIR: dataDir });
    expect(repaired.code, repaired.stderr).toBe(0);
    expect(repaired.stderr).toMatch(/was cut short .* rebuilt cairn\.db/);
    expect(counts(path.join(dataDir, 'cairn.db'))).toMatchObject({ events: 300, integrity: 'ok' });
  });
});
