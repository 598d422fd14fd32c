// The gap a recording that stopped by itself leaves: recorded on the session by the storage guard
// or the recorder's full-disk path, kept through the disk reserve's note when the database cannot
// take it, and applied from that note by the next start's recovery; and the partial log frame a
// full disk leaves, cut off so that the next open does not rebuild the store.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { recordDiskFullGap } from '../../src/recorder/stop-gap.ts';
import { startStorageGuard } from '../../src/recorder/storage-guard.ts';
import { recordAcceptance } from '../../src/store/consent-repo.ts';
import { RESERVE_BYTES, RESERVE_FILE, keepReserve, readGapNote, spendReserve } from '../../src/store/disk-reserve.ts';
import { inspectJournal, storeFiles } from '../../src/store/damaged-files.ts';
import { recoverInterrupted } from '../../src/store/recovery.ts';
import { withRoomOnFullDisk } from '../../src/store/room-on-full-disk.ts';
import { trimRefusedWrite } from '../../src/store/wal-tail.ts';
import { writeBatch } from '../../src/store/write-batch.ts';
import { createSession, getSession, recordStopGap, touchFlush } from '../../src/store/session-repo.ts';
import { setSettings } from '../../src/store/settings-repo.ts';
import type { Store } from '../../src/store/store.ts';
import { LAYOUT, keyRow, open, seedSession, tempDataDir, windowRow } from './helpers.ts';

function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '0']).pid!;
}

function recordingBy(store: Store, id: string, pid: number, startedAt = 1000): void {
  const consent = recordAcceptance(store, { version: '1', sha256: 'a'.repeat(64), at: 1 });
  createSession(store, { id, startedAt, clockOrigin: 0, layout: LAYOUT, policies: [], consentId: consent.id, pid, host: os.hostname(), actor: 'contributor' });
}

describe('stop gaps', () => {
  it('records why and from when, by default from the last flush, and keeps the first cause', () => {
    const store = open(tempDataDir());
    seedSession(store, 's1', 1000);
    expect(getSession(store, 's1').stopGap).toBeNull();
    touchFlush(store, 's1', 41_000);
    expect(recordStopGap(store, 's1', { reason: 'disk-full', detail: 'the disk is full' })).toBe(true);
    expect(recordStopGap(store, 's1', { reason: 'low-disk', detail: 'later', at: 50_000 })).toBe(false);
    expect(getSession(store, 's1').stopGap).toEqual({ reason: 'disk-full', detail: 'the disk is full', at: 41_000 });
    expect(() => recordStopGap(store, 'nope', { reason: 'disk-full', detail: '' })).toThrow(/No session with id nope/);
  });

  it('is recorded by the storage guard, when it fires, on the session this process records and no other', () => {
    const dataDir = tempDataDir();
    const store = open(dataDir);
    recordingBy(store, 'mine', process.pid);
    recordingBy(store, 'other', deadPid());
    setSettings(store, { minFreeDiskBytes: 1024 ** 3 }, { actor: 'test' });
    const reasons: string[] = [];
    const before = Date.now();
    const guard = startStorageGuard({ dataDir, onLimit: (r) => reasons.push(r), intervalMs: 60_000, statfs: () => 100 * 1024 ** 2 });
    guard.check();
    guard.stop();
    expect(reasons).toHaveLength(1);
    const gap = getSession(store, 'mine').stopGap!;
    expect(gap.reason).toBe('low-disk');
    expect(gap.detail).toMatch(/^the disk holding Cairn's data has only 100 MB free, less than the minimum of 1\.0 GB/);
    expect(gap.at).toBeGreaterThanOrEqual(before);
    expect(getSession(store, 'other').stopGap).toBeNull();
  });

  it('on a disk with room is written at once and leaves the reserve in place', () => {
    const dataDir = tempDataDir();
    const store = open(dataDir);
    seedSession(store, 's1', 1000);
    keepReserve(dataDir);
    expect(fs.statSync(path.join(dataDir, RESERVE_FILE)).size).toBe(RESERVE_BYTES);
    expect(recordDiskFullGap(dataDir, 's1', 'the disk is full')).toBe('recorded');
    expect(getSession(store, 's1').stopGap).toMatchObject({ reason: 'disk-full', detail: 'the disk is full', at: 1000 });
    expect(fs.statSync(path.join(dataDir, RESERVE_FILE)).size).toBe(RESERVE_BYTES);
  });

  it('left as a note in the spent reserve is recorded by the next start, which marks the session interrupted and removes the note', () => {
    const dataDir = tempDataDir();
    const store = open(dataDir);
    recordingBy(store, 'cut', deadPid(), 1000);
    touchFlush(store, 'cut', 41_000);
    keepReserve(dataDir);
    spendReserve(dataDir, { sessionId: 'cut', reason: 'disk-full', detail: 'the disk is full' });
    expect(fs.statSync(path.join(dataDir, RESERVE_FILE)).size).toBeLessThan(200);
    expect(readGapNote(dataDir)).toEqual({ sessionId: 'cut', reason: 'disk-full', detail: 'the disk is full' });
    keepReserve(dataDir); // a start before recovery leaves the note alone
    expect(readGapNote(dataDir)?.sessionId).toBe('cut');

    expect(recoverInterrupted(store)).toEqual(['cut']);
    expect(getSession(store, 'cut')).toMatchObject({ state: 'interrupted', endedAt: 41_000, stopGap: { reason: 'disk-full', detail: 'the disk is full', at: 41_000 } });
    expect(fs.existsSync(path.join(dataDir, RESERVE_FILE))).toBe(false);
    keepReserve(dataDir);
    expect(fs.statSync(path.join(dataDir, RESERVE_FILE)).size).toBe(RESERVE_BYTES);
  });
});

describe('the partial log frame of a write the disk refused', () => {
  it('is cut off, and only it: the store then opens as it was, with every committed row and no rebuild', () => {
    const source = tempDataDir();
    const live = open(source);
    seedSession(live, 's1');
    writeBatch(live, 's1', { windows: [windowRow(1, 0)], events: Array.from({ length: 30 }, (_, i) => keyRow(i + 1, i, 30)), frames: [], at: 2000 });
    // A copy of the files while the connection is open: the committed rows are in the log.
    const dataDir = tempDataDir();
    fs.mkdirSync(dataDir);
    for (const suffix of ['', '-wal']) fs.copyFileSync(path.join(source, `cairn.db${suffix}`), path.join(dataDir, `cairn.db${suffix}`));
    const wal = path.join(dataDir, 'cairn.db-wal');
    const whole = fs.statSync(wal).size;
    fs.appendFileSync(wal, Buffer.alloc(1712, 7)); // what the full disk let through of the next frame
    const files = storeFiles(path.join(dataDir, 'cairn.db'));
    expect(inspectJournal(files)).toBe('wal-truncated');

    expect(trimRefusedWrite(dataDir)).toBe(1712);
    expect(fs.statSync(wal).size).toBe(whole);
    expect(inspectJournal(files)).toBeNull();
    expect(trimRefusedWrite(dataDir)).toBe(0);
    const store = open(dataDir);
    expect(store.db.prepare(`SELECT count(*) FROM events WHERE session_id = 's1'`).pluck().get()).toBe(30);
    expect(fs.existsSync(path.join(dataDir, 'damaged'))).toBe(false);
  });

  it('is left alone while a process has the store open (it may be writing that frame)', () => {
    const dataDir = tempDataDir();
    const store = open(dataDir);
    seedSession(store, 's1');
    const wal = path.join(dataDir, 'cairn.db-wal');
    fs.appendFileSync(wal, Buffer.alloc(100, 7));
    const size = fs.statSync(wal).size;
    expect(trimRefusedWrite(dataDir)).toBe(0);
    expect(fs.statSync(wal).size).toBe(size);
  });
});

describe('a write that must land on a full disk (a recording’s stop)', () => {
  const full = () => Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });

  it('gets the room of the reserve, when the disk refuses it and the reserve is still whole', async () => {
    const dataDir = tempDataDir();
    open(dataDir).close();
    keepReserve(dataDir);
    let tries = 0;
    const result = await withRoomOnFullDisk(dataDir, async () => {
      if (++tries === 1) throw full();
      return 'stopped';
    });
    expect(result).toBe('stopped');
    expect(tries).toBe(2);
    expect(fs.existsSync(path.join(dataDir, RESERVE_FILE))).toBe(false);
  });

  it('leaves a note waiting in place of the reserve alone, and fails as the disk did', async () => {
    const dataDir = tempDataDir();
    open(dataDir).close();
    keepReserve(dataDir);
    spendReserve(dataDir, { sessionId: 's1', reason: 'disk-full', detail: 'the disk is full' });
    await expect(withRoomOnFullDisk(dataDir, () => Promise.reject(full()))).rejects.toThrow(/disk is full/);
    expect(readGapNote(dataDir)).toMatchObject({ sessionId: 's1', reason: 'disk-full' });
  });

  it('spends nothing on a failure that is not a full disk', async () => {
    const dataDir = tempDataDir();
    open(dataDir).close();
    keepReserve(dataDir);
    const busy = Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
    await expect(withRoomOnFullDisk(dataDir, () => Promise.reject(busy))).rejects.toBe(busy);
    expect(fs.statSync(path.join(dataDir, RESERVE_FILE)).size).toBe(RESERVE_BYTES);
  });
});
