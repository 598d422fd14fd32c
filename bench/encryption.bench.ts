// What encryption at rest costs: the same work on a plaintext store and on an encrypted one
// (ChaCha20-Poly1305 pages, SQLite3 Multiple Ciphers), in the same run, interleaved; and how long
// `cairn encryption enable` takes to rewrite a store of a given size. The key is held in memory
// here (the Secret Service is not part of what is measured). Prints figures; asserts nothing.
// Run: npm run bench -- encryption
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { recordAcceptance } from '../src/store/consent-repo.ts';
import type { KeyStore } from '../src/store/encryption/key-store.ts';
import { enableEncryption } from '../src/store/encryption/store-encryption.ts';
import { openStore } from '../src/store/open-store.ts';
import { createSession } from '../src/store/session-repo.ts';
import type { Store } from '../src/store/store.ts';
import { type EventRow, type FrameRow, writeBatch } from '../src/store/write-batch.ts';

const EVENTS = 300_000;
const BATCH = 1000;
const FRAMES = 300;
const FRAME_BYTES = 60_000; // a lossless WebP of a busy window; random bytes, as compressed data is
const ROUNDS = 3;

const keys = new Map<string, Buffer>();
const keyStore: KeyStore = {
  name: 'memory',
  read: (account) => keys.get(account) ?? null,
  write: (account, key) => void keys.set(account, key),
  remove: (account) => void keys.delete(account),
};

function freshStore(encrypted: boolean): { dir: string; store: Store } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-bench-enc-'));
  if (encrypted) enableEncryption(dir, { keyStore });
  const store = openStore(dir, { keyStore });
  const consent = recordAcceptance(store, { version: '1', sha256: '0'.repeat(64), at: Date.now() });
  createSession(store, {
    id: 's', startedAt: Date.now(), clockOrigin: 0, layout: { name: 'builtin:us', keys: {} }, policies: [],
    consentId: consent.id, pid: process.pid, host: os.hostname(), actor: 'bench',
  });
  return { dir, store };
}

function eventBatches(): EventRow[][] {
  return Array.from({ length: EVENTS / BATCH }, (_, b) =>
    Array.from({ length: BATCH }, (_, i): EventRow => {
      const seq = b * BATCH + i + 1;
      if (seq % 10 === 0) return { seq, t: seq * 2.5, kind: 'key-down', windowSeq: 1, keycode: 30 + (seq % 20), mods: 0 };
      return { seq, t: seq * 2.5, kind: 'mouse-move', windowSeq: 1, x: seq % 800, y: seq % 600, mods: 0 };
    }),
  );
}

interface Round {
  eventsPerSec: number;
  frameMBPerSec: number;
  readEventsPerSec: number;
  fileMB: number;
}

function round(encrypted: boolean, batches: EventRow[][], frames: FrameRow[]): Round {
  const { dir, store } = freshStore(encrypted);
  try {
    let t0 = performance.now();
    for (const events of batches) writeBatch(store, 's', { windows: [], events, frames: [], at: Date.now() });
    const eventsMs = performance.now() - t0;
    t0 = performance.now();
    for (let i = 0; i < frames.length; i += 10) writeBatch(store, 's', { windows: [], events: [], frames: frames.slice(i, i + 10), at: Date.now() });
    const framesMs = performance.now() - t0;
    store.db.pragma('wal_checkpoint(TRUNCATE)');
    t0 = performance.now();
    const read = store.db.prepare('SELECT * FROM events WHERE session_id = ?').raw(true).all('s').length;
    const readMs = performance.now() - t0;
    return {
      eventsPerSec: (EVENTS / eventsMs) * 1000,
      frameMBPerSec: (FRAMES * FRAME_BYTES) / 1e6 / (framesMs / 1000),
      readEventsPerSec: (read / readMs) * 1000,
      fileMB: fs.statSync(path.join(dir, 'cairn.db')).size / 1e6,
    };
  } finally {
    store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function enableTime(frames: FrameRow[]): { mb: number; seconds: number } {
  const { dir, store } = freshStore(false);
  for (let i = 0; i < frames.length; i += 10) writeBatch(store, 's', { windows: [], events: [], frames: frames.slice(i, i + 10), at: Date.now() });
  store.close();
  const mb = fs.statSync(path.join(dir, 'cairn.db')).size / 1e6;
  const t0 = performance.now();
  enableEncryption(dir, { keyStore });
  const seconds = (performance.now() - t0) / 1000;
  fs.rmSync(dir, { recursive: true, force: true });
  return { mb, seconds };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const batches = eventBatches();
const frames: FrameRow[] = Array.from({ length: FRAMES }, (_, i): FrameRow => {
  const bytes = randomBytes(FRAME_BYTES);
  return { seq: i + 1, t: i * 1000, windowSeq: 1, reason: 'periodic', width: 800, height: 600, format: 'webp', sha256: createHash('sha256').update(bytes).digest('hex'), bytes };
});

const runs = { plain: [] as Round[], encrypted: [] as Round[] };
for (let r = 0; r < ROUNDS; r++) {
  runs.plain.push(round(false, batches, frames));
  runs.encrypted.push(round(true, batches, frames));
}
console.log(`${EVENTS.toLocaleString('en')} events + ${FRAMES} frames of ${FRAME_BYTES / 1000} KB per round, median of ${ROUNDS} interleaved rounds, Node ${process.version}`);
const rows: [string, (r: Round) => number, string][] = [
  ['events written (writeBatch, 1000/batch)', (r) => r.eventsPerSec, 'events/s'],
  ['frames written (10/batch)', (r) => r.frameMBPerSec, 'MB/s'],
  ['events read back (one SELECT)', (r) => r.readEventsPerSec, 'events/s'],
  ['database file', (r) => r.fileMB, 'MB'],
];
for (const [name, pick, unit] of rows) {
  const plain = median(runs.plain.map(pick));
  const enc = median(runs.encrypted.map(pick));
  const fmt = (n: number) => (n >= 1000 ? Math.round(n).toLocaleString('en') : n.toFixed(1));
  console.log(`${name.padEnd(42)} plaintext ${fmt(plain).padStart(10)}  encrypted ${fmt(enc).padStart(10)} ${unit.padEnd(9)} ${(enc / plain).toFixed(2)}x`);
}
const big = enableTime(Array.from({ length: 1500 }, (_, i) => ({ ...frames[i % FRAMES]!, seq: i + 1, t: i * 1000 })));
console.log(`cairn encryption enable on a ${big.mb.toFixed(0)} MB store: ${big.seconds.toFixed(2)} s (${(big.mb / big.seconds).toFixed(0)} MB/s)`);
