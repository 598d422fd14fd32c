// The byte-level privacy tests: after an erase, the distinctive content written before it appears
// in no byte of any file under the data dir (database, -wal, -shm), while the store is still open
// and after it is closed.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { listAudit } from '../../src/store/audit-log.ts';
import { activeAcceptance } from '../../src/store/consent-repo.ts';
import { deleteSession, forgetLast, withdrawAll } from '../../src/store/erase.ts';
import { listPolicies, setPolicy } from '../../src/store/policy-repo.ts';
import { applyAction, getSession } from '../../src/store/session-repo.ts';
import type { Store } from '../../src/store/store.ts';
import { writeBatch } from '../../src/store/write-batch.ts';
import { XTERM, filesContaining, frameRow, keyRow, moveRow, open, seedSession, tempDataDir, windowRow } from './helpers.ts';

const TITLE = 'MARKER-TITLE-7f3a';
const FRAME = 'MARKER-FRAME-7f3a';
/** Keycode stored as the 4-byte big-endian integer 7f 3a 1c 2b in the event record. */
const KEYCODE = 0x7f3a1c2b;
const KEY_BYTES = Buffer.from([0x7f, 0x3a, 0x1c, 0x2b]);
const MARKERS = [TITLE, FRAME, KEY_BYTES];

function writeSecrets(store: Store, sessionId: string, fromSeq: number, t: number): void {
  writeBatch(store, sessionId, {
    windows: [windowRow(fromSeq, t, TITLE)],
    events: Array.from({ length: 50 }, (_, i) => keyRow(fromSeq + i, t + i, KEYCODE)),
    frames: [frameRow(fromSeq, t + 1, FRAME), frameRow(fromSeq + 1, t + 2, FRAME)],
    at: 0,
  });
}

function writePlain(store: Store, sessionId: string, fromSeq: number, t: number): void {
  writeBatch(store, sessionId, {
    windows: [windowRow(fromSeq, t, 'Plain window')],
    events: Array.from({ length: 50 }, (_, i) => moveRow(fromSeq + i, t + i)),
    frames: [frameRow(fromSeq, t + 1, 'plain frame')],
    at: 0,
  });
}

function expectMarkersPresent(dataDir: string): void {
  for (const m of MARKERS) expect(filesContaining(dataDir, m), `marker ${String(m)} before erase`).not.toEqual([]);
}

function expectNoMarkers(dataDir: string): void {
  for (const m of MARKERS) expect(filesContaining(dataDir, m), `files still holding ${String(m)}`).toEqual([]);
}

function walSize(dataDir: string): number {
  const wal = path.join(dataDir, 'cairn.db-wal');
  return fs.existsSync(wal) ? fs.statSync(wal).size : 0;
}

describe('deleteSession', () => {
  it('erases every byte of the session from the database, its WAL and shm, and leaves a tombstone', () => {
    const dataDir = tempDataDir();
    const store = open(dataDir);
    seedSession(store, 'keep');
    seedSession(store, 'secret');
    writePlain(store, 'keep', 1, 0);
    writeSecrets(store, 'secret', 1, 0);
    expectMarkersPresent(dataDir);

    const counts = deleteSession(store, 'secret', 'contributor', 1234);

    expect(counts).toEqual({ events: 50, frames: 2, windows: 1, checkpointed: true });
    expect(walSize(dataDir)).toBe(0);
    expectNoMarkers(dataDir);
    expect(getSession(store, 'secret').state).toBe('deleted');
    expect(store.db.prepare('SELECT * FROM tombstones').all()).toEqual([{ session_id: 'secret', deleted_at: 1234, reason: 'deleted', exported: 0 }]);
    expect(listAudit(store, 'secret').map((a) => a.action)).toEqual(['session.start', 'session.delete', 'session.erase']);
    expect(store.db.prepare(`SELECT count(*) FROM events WHERE session_id = 'keep'`).pluck().get()).toBe(50);
    store.close();
    expectNoMarkers(dataDir);
    expect(filesContaining(dataDir, 'Plain window')).toEqual(['cairn.db']);
  });
});

describe('forgetLast', () => {
  it('erases the last N minutes across sessions, deletes sessions left empty, and keeps older content', () => {
    const dataDir = tempDataDir();
    const store = open(dataDir);
    const now = 1_700_000_000_000;
    const min = 60_000;
    // 'long' started 30 min ago: plain content at minutes 0..20, secrets at minute 28.
    seedSession(store, 'long', now - 30 * min);
    writePlain(store, 'long', 1, 0);
    writePlain(store, 'long', 100, 20 * min);
    writeSecrets(store, 'long', 200, 28 * min);
    applyAction(store, 'long', 'stop', { actor: 'contributor', at: now - min });
    // 'short' lies wholly inside the window; 'live' is still recording.
    seedSession(store, 'short', now - 3 * min);
    writeSecrets(store, 'short', 1, 0);
    applyAction(store, 'short', 'stop', { actor: 'contributor', at: now - 2 * min });
    seedSession(store, 'live', now - 2 * min);
    writeSecrets(store, 'live', 1, 0);
    expectMarkersPresent(dataDir);

    const result = forgetLast(store, 5, now, 'contributor');

    expect(result).toEqual({ events: 150, frames: 6, windows: 3, deletedSessions: ['short'], checkpointed: true });
    expectNoMarkers(dataDir);
    expect(store.db.prepare(`SELECT count(*) FROM events WHERE session_id = 'long'`).pluck().get()).toBe(100);
    expect(getSession(store, 'short').state).toBe('deleted');
    expect(getSession(store, 'live').state).toBe('recording');
    expect(store.db.prepare('SELECT session_id, reason FROM tombstones').all()).toEqual([{ session_id: 'short', reason: 'forgotten' }]);
    const forget = listAudit(store).find((a) => a.action === 'forget');
    expect(forget?.detail).toEqual({ minutes: 5, events: 150, frames: 6, windows: 3, deletedSessions: 1 });
    store.close();
    expectNoMarkers(dataDir);
    expect(filesContaining(dataDir, 'Plain window')).toEqual(['cairn.db']);
  });
});

describe('forgetLast input', () => {
  it('refuses a number of minutes that is not positive', () => {
    const store = open(tempDataDir());
    for (const minutes of [0, -5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => forgetLast(store, minutes, Date.now(), 'contributor')).toThrow(RangeError);
    }
  });
});

describe('withdrawAll', () => {
  it('withdraws consent, erases every session, tombstones them (flagging exported ones) and clears policies', () => {
    const dataDir = tempDataDir();
    const store = open(dataDir);
    seedSession(store, 'a');
    seedSession(store, 'b');
    seedSession(store, 'c');
    writeSecrets(store, 'a', 1, 0);
    writeSecrets(store, 'b', 1, 0);
    writePlain(store, 'c', 1, 0);
    applyAction(store, 'b', 'stop', { actor: 'contributor' });
    applyAction(store, 'b', 'submit', { actor: 'contributor' });
    applyAction(store, 'b', 'approve', { actor: 'reviewer' });
    store.db.prepare(`INSERT INTO exports (session_id, format, destination, manifest_sha256, at) VALUES ('b', 'cairn', '/out', 'm', 1)`).run();
    setPolicy(store, XTERM, { actor: 'contributor', sensitiveConfirmed: false });
    expectMarkersPresent(dataDir);

    const result = withdrawAll(store, 5000, 'contributor');

    expect(result).toEqual({ sessions: 3, events: 150, frames: 5, windows: 3, policies: 1, checkpointed: true, copiesElsewhere: [] });
    expect(walSize(dataDir)).toBe(0);
    expectNoMarkers(dataDir);
    expect(filesContaining(dataDir, 'Plain window')).toEqual([]);
    expect(activeAcceptance(store)).toBeUndefined();
    expect(listPolicies(store)).toEqual([]);
    expect(store.db.prepare('SELECT session_id, reason, exported FROM tombstones ORDER BY session_id').all()).toEqual([
      { session_id: 'a', reason: 'withdrawn', exported: 0 },
      { session_id: 'b', reason: 'withdrawn', exported: 1 },
      { session_id: 'c', reason: 'withdrawn', exported: 0 },
    ]);
    expect(store.db.prepare(`SELECT DISTINCT state FROM sessions`).pluck().all()).toEqual(['deleted']);
    expect(listAudit(store).at(-1)).toMatchObject({ action: 'consent.withdraw-all', actor: 'contributor', at: 5000 });
    store.close();
    expectNoMarkers(dataDir);
  });
});
