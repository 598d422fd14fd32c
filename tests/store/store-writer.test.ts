import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { toApiError } from '../../src/core/domain-error.ts';
import { writeMarker } from '../../src/store/encryption/encryption-marker.ts';
import { markWithdrawn } from '../../src/store/consent-repo.ts';
import { forgetLast } from '../../src/store/erase.ts';
import { applyAction } from '../../src/store/session-repo.ts';
import { StoreError, openStore } from '../../src/store/open-store.ts';
import { type CommitInfo, StoreWriter } from '../../src/store/store-writer.ts';
import { filesContaining, frameRow, keyRow, moveRow, open, seedSession, tempDataDir, windowRow } from './helpers.ts';

function count(dataDir: string, table: string): number {
  const store = openStore(dataDir, { readonly: true });
  try {
    return store.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
  } finally {
    store.close();
  }
}

describe('StoreWriter', () => {
  it('writes 100k events in batches through the worker and loses none on close', async () => {
    const dataDir = tempDataDir();
    seedSession(open(dataDir), 's1');
    const writer = await StoreWriter.start(dataDir, 's1');
    const commits: CommitInfo[] = [];
    writer.onCommit((c) => commits.push(c));
    let seq = 1;
    for (let b = 0; b < 100; b++) {
      const events = Array.from({ length: 1000 }, () => (seq % 10 === 0 ? keyRow(seq, seq++, 30) : moveRow(seq, seq++)));
      const keyArrivedAt = events.filter((e) => e.kind === 'key-down').map(() => performance.timeOrigin + performance.now());
      const frames = b % 10 === 0 ? [frameRow(b + 1, seq, `frame ${b}`)] : [];
      writer.write({ windows: [], events, frames, keyArrivedAt, at: Date.now() });
    }
    const totals = await writer.flush();
    expect(totals).toMatchObject({ committedEvents: 100_000, committedFrames: 10, failedEvents: 0 });
    expect(commits.reduce((n, c) => n + c.events, 0)).toBe(100_000);
    expect(commits.flatMap((c) => c.keyArrivals ?? [])).toHaveLength(10_000);
    for (const c of commits) expect(c.commitAt).toBeGreaterThan(performance.timeOrigin);
    // Written after the flush, committed by close.
    writer.write({ windows: [], events: [moveRow(seq, seq)], frames: [], at: Date.now() });
    await writer.close();
    expect(count(dataDir, 'events')).toBe(100_001);
    expect(count(dataDir, 'frames')).toBe(10);
  });

  it('transfers frame buffers to the worker instead of copying them', async () => {
    const dataDir = tempDataDir();
    seedSession(open(dataDir), 's1');
    const writer = await StoreWriter.start(dataDir, 's1');
    const bytes = new Uint8Array(new ArrayBuffer(64 * 1024)).fill(7);
    writer.write({ windows: [], events: [], frames: [{ ...frameRow(1, 1, 'x'), bytes }], at: 1 });
    expect(bytes.byteLength).toBe(0); // detached: now owned by the worker
    // A small Buffer shares Node's pool: it is copied, and stays usable here.
    const pooled = Buffer.from('tiny frame');
    writer.write({ windows: [], events: [], frames: [{ ...frameRow(2, 2, 'y'), bytes: pooled }], at: 2 });
    expect(pooled.toString()).toBe('tiny frame');
    expect((await writer.flush()).committedFrames).toBe(2);
    await writer.close();
    const store = openStore(dataDir, { readonly: true });
    const stored = store.db.prepare('SELECT bytes FROM frames ORDER BY seq').pluck().all() as Buffer[];
    store.close();
    expect(stored.map((b) => b.length)).toEqual([64 * 1024, 'tiny frame'.length]);
    expect(stored[0]!.every((b) => b === 7)).toBe(true);
  });

  it('tells the recorder within about 250 ms that consent was withdrawn', async () => {
    const dataDir = tempDataDir();
    const store = open(dataDir);
    seedSession(store, 's1');
    const writer = await StoreWriter.start(dataDir, 's1');
    const withdrawn = new Promise<number>((resolve) => writer.onConsentWithdrawn(() => resolve(performance.now())));
    const at = performance.now();
    markWithdrawn(store, Date.now());
    expect((await withdrawn) - at).toBeLessThan(1000);
    await writer.close();
  });

  it('lets another connection forget the last minutes of a live recording down to the bytes', async () => {
    const dataDir = tempDataDir();
    const store = open(dataDir);
    const startedAt = Date.now() - 60_000;
    seedSession(store, 's1', startedAt);
    const writer = await StoreWriter.start(dataDir, 's1');
    writer.write({ windows: [windowRow(1, 59_000, 'MARKER-LIVE-91c2')], events: [keyRow(1, 59_500, 30)], frames: [], at: Date.now() });
    await writer.flush();
    expect(filesContaining(dataDir, 'MARKER-LIVE-91c2')).not.toEqual([]);
    const result = forgetLast(store, 1, Date.now(), 'contributor');
    expect(result).toMatchObject({ events: 1, windows: 1, checkpointed: true });
    expect(filesContaining(dataDir, 'MARKER-LIVE-91c2')).toEqual([]);
    // The recording goes on.
    writer.write({ windows: [], events: [moveRow(2, 61_000)], frames: [], at: Date.now() });
    expect((await writer.flush()).committedEvents).toBe(2);
    await writer.close();
  });

  it('reports consent withdrawn before the writer started to a listener added afterwards', async () => {
    const dataDir = tempDataDir();
    const store = open(dataDir);
    seedSession(store, 's1');
    markWithdrawn(store, Date.now());
    const writer = await StoreWriter.start(dataDir, 's1');
    await new Promise<void>((resolve) => setTimeout(resolve, 50));
    await expect(new Promise<void>((resolve) => writer.onConsentWithdrawn(resolve))).resolves.toBeUndefined();
    expect(writer.consentWithdrawn).toBe(true);
    await writer.close();
  });

  it('reports a failed batch through onError with its StoreError code, and keeps running', async () => {
    const dataDir = tempDataDir();
    const store = open(dataDir);
    seedSession(store, 's1');
    const writer = await StoreWriter.start(dataDir, 's1');
    const errors: Error[] = [];
    writer.onError((e) => errors.push(e));
    writer.write({ windows: [], events: [moveRow(1, 1)], frames: [], at: 1 });
    await writer.flush();
    applyAction(store, 's1', 'stop', { actor: 'contributor' });
    writer.write({ windows: [], events: [moveRow(2, 2)], frames: [], at: 2 });
    const totals = await writer.flush();
    expect(totals).toMatchObject({ committedEvents: 1, failedEvents: 1 });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(StoreError);
    expect((errors[0] as StoreError).code).toBe('not-recording');
    await writer.close();
  });

  it('rejects a flush after a failure when nobody listens for errors', async () => {
    const dataDir = tempDataDir();
    seedSession(open(dataDir), 's1');
    const writer = await StoreWriter.start(dataDir, 'no-such-session');
    writer.write({ windows: [], events: [moveRow(1, 1)], frames: [], at: 1 });
    await expect(writer.flush()).rejects.toThrow('No session with id no-such-session');
    await writer.close();
  });

  it('fails to start with the StoreError of a store that cannot be opened', async () => {
    const dataDir = tempDataDir();
    const store = open(dataDir);
    store.db.pragma('user_version = 999');
    await expect(StoreWriter.start(dataDir, 's1')).rejects.toMatchObject({ name: 'StoreError', code: 'newer' });
  });

  it('keeps the code and sentence of a key failure that crosses the worker boundary', async () => {
    const dataDir = tempDataDir();
    seedSession(open(dataDir), 's1');
    // An encryption note naming a key that no key store holds: the worker cannot open the store,
    // and must say why as the store does on this thread, not as "a bug in Cairn".
    writeMarker(dataDir, { format: 1, cipher: 'chacha20', keyStore: 'os', account: `store-${randomUUID()}`, state: 'on', since: new Date().toISOString() });
    const here = (() => {
      try {
        openStore(dataDir).close();
      } catch (error) {
        return error as StoreError;
      }
      throw new Error('the store opened without its key');
    })();
    expect(here.code).toBe('key-unavailable');
    const there: unknown = await StoreWriter.start(dataDir, 's1').then(
      (writer) => writer.close(),
      (error: unknown) => error,
    );
    expect(there).toBeInstanceOf(StoreError);
    expect({ code: (there as StoreError).code, message: (there as StoreError).message }).toEqual({ code: 'key-unavailable', message: here.message });
    expect(toApiError(there)).toEqual({ code: 'unavailable', message: here.message });
  });
});
