// The storage guard on a real store: it stops a recording when the store reaches the budget or the
// disk runs low, with one sentence saying which and what to do.
import { afterEach, describe, expect, it } from 'vitest';
import { type StorageGuard, startStorageGuard, storageLimitReached } from '../../src/recorder/storage-guard.ts';
import { setSettings } from '../../src/store/settings-repo.ts';
import { storeBytes } from '../../src/store/storage-usage.ts';
import { writeBatch } from '../../src/store/write-batch.ts';
import { frameRow, open, seedSession, tempDataDir } from './helpers.ts';

const guards: StorageGuard[] = [];
afterEach(() => {
  for (const g of guards.splice(0)) g.stop();
});

describe('storage guard', () => {
  it('words the budget and the free-disk limits', () => {
    const limits = { storageBudgetBytes: 5 * 1024 ** 3, minFreeDiskBytes: 1024 ** 3 };
    expect(storageLimitReached(limits, 1000, 10 * 1024 **3)?.sentence).toBeUndefined();
    expect(storageLimitReached(limits, 5 * 1024 ** 3, null)?.sentence).toMatch(/^the storage budget of 5\.0 GB is reached; delete sessions or raise the budget/);
    expect(storageLimitReached(limits, 1000, 100 * 1024 ** 2)?.sentence).toMatch(/only 100 MB free, less than the minimum of 1\.0 GB/);
  });

  it('stops once when the store grows past a tiny budget, and not before', () => {
    const dataDir = tempDataDir();
    const store = open(dataDir);
    seedSession(store, 's1');
    const budget = storeBytes(store) + 64 * 1024;
    setSettings(store, { storageBudgetBytes: budget, minFreeDiskBytes: 0 }, { actor: 'test' });
    const reasons: string[] = [];
    const guard = startStorageGuard({ dataDir, onLimit: (r) => reasons.push(r), intervalMs: 60_000, statfs: () => 10 * 1024 ** 3 });
    guards.push(guard);
    expect(guard.check()).toBeNull();
    writeBatch(store, 's1', { windows: [], events: [], frames: Array.from({ length: 40 }, (_, i) => frameRow(i + 1, i, `f${i}`)), at: Date.now() });
    expect(storeBytes(store)).toBeGreaterThan(budget);
    expect(guard.check()).toMatch(/^Recording stopped: the storage budget of .* is reached/);
    guard.check();
    expect(reasons).toHaveLength(1);
  });

  it('stops when the disk of the data folder has less free space than the minimum', () => {
    const dataDir = tempDataDir();
    open(dataDir);
    let free = 2 * 1024 ** 3;
    const reasons: string[] = [];
    const guard = startStorageGuard({ dataDir, onLimit: (r) => reasons.push(r), intervalMs: 60_000, statfs: () => free });
    guards.push(guard);
    expect(guard.check()).toBeNull();
    free = 512 * 1024 ** 2;
    guard.check();
    expect(reasons).toEqual([expect.stringMatching(/^Recording stopped: the disk holding Cairn's data has only 512 MB free/)]);
  });

  it('checks by itself on its interval', async () => {
    const dataDir = tempDataDir();
    open(dataDir);
    const reasons: string[] = [];
    guards.push(startStorageGuard({ dataDir, onLimit: (r) => reasons.push(r), intervalMs: 20, statfs: () => 0 }));
    await new Promise((r) => setTimeout(r, 100));
    expect(reasons).toHaveLength(1);
  });
});
