// The cost of each redaction, including its WAL checkpoint (TRUNCATE), on a store holding a
// realistic hour-long session: 300k events (moves, clicks, typing) and 3,600 frames of 1920x1080
// screen-like content. Prints figures; asserts nothing.
// Run: node --import tsx bench/redaction.bench.ts
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { BUILTIN_US_LAYOUT } from '../src/shared/keyboard-layout.ts';
import { blackOutBox } from '../src/review/redaction/black-out-box.ts';
import { cutRange } from '../src/review/redaction/cut-range.ts';
import { redactKeySpan } from '../src/review/redaction/redact-key-span.ts';
import { redactString } from '../src/review/redaction/redact-matches.ts';
import { redactTitle } from '../src/review/redaction/redact-title.ts';
import { recordAcceptance } from '../src/store/consent-repo.ts';
import { openStore } from '../src/store/open-store.ts';
import { applyAction, createSession } from '../src/store/session-repo.ts';
import type { Store } from '../src/store/store.ts';
import { type EventRow, type FrameRow, writeBatch } from '../src/store/write-batch.ts';
import { median, num, printTable, quantile } from './helpers/figures.ts';

const ID = 'b0000000-0000-4000-8000-000000000001';
const EVENTS = 300_000;
const FRAMES = 3_600;
const WINDOWS = 60;
const HOUR_MS = 3_600_000;
const REPEAT = 15;

/** A screen of "text": dark glyph-sized blocks in lines on a light background, seeded. */
async function screenImage(seed: number): Promise<Buffer> {
  const [w, h] = [1920, 1080];
  const raw = Buffer.alloc(w * h * 3, 0xf4);
  let s = seed;
  const rand = () => ((s = (s * 1103515245 + 12345) >>> 0) >>> 8) / 0x1000000;
  for (let line = 40; line < h - 30; line += 22) {
    for (let x = 20; x < w - 20; x += 11) {
      if (rand() < 0.25) continue;
      const gh = 8 + Math.floor(rand() * 8);
      for (let y = line; y < line + gh; y++) for (let dx = 0; dx < 8; dx++) raw.fill(0x20, (y * w + x + dx) * 3, (y * w + x + dx) * 3 + 3);
    }
  }
  return sharp(raw, { raw: { width: w, height: h, channels: 3 } }).webp({ lossless: true, effort: 0 }).toBuffer();
}

async function seed(store: Store): Promise<void> {
  const consent = recordAcceptance(store, { version: '1', sha256: '0'.repeat(64), at: Date.now() });
  createSession(store, {
    id: ID, startedAt: Date.now() - HOUR_MS, clockOrigin: 0, layout: BUILTIN_US_LAYOUT,
    policies: [{ app: 'XTerm', allowed: true, keys: 'full', screens: 'on', titles: 'keep' }],
    consentId: consent.id, pid: process.pid, host: os.hostname(), actor: 'bench',
  });
  const images = await Promise.all(Array.from({ length: 8 }, (_, i) => screenImage(i + 1)));
  const letters = [16, 17, 18, 19, 20, 30, 31, 32, 33, 34, 44, 45, 46, 47, 48, 57];
  const step = HOUR_MS / EVENTS;
  for (let b = 0; b < EVENTS / 1000; b++) {
    const events: EventRow[] = [];
    for (let i = 0; i < 1000; i++) {
      const seq = b * 1000 + i + 1;
      const t = seq * step + 0.5;
      const windowSeq = 1 + Math.floor((seq / EVENTS) * WINDOWS);
      // About a fifth typing (key-down/key-up pairs), the rest mouse.
      if (seq % 10 < 2) events.push({ seq, t, kind: seq % 10 === 0 ? 'key-down' : 'key-up', windowSeq, keycode: letters[Math.floor(seq / 10) % letters.length]!, mods: 0 });
      else if (seq % 97 === 0) events.push({ seq, t, kind: 'mouse-down', windowSeq, x: seq % 1900, y: seq % 1000, button: 1, clicks: 1, mods: 0 });
      else events.push({ seq, t, kind: 'mouse-move', windowSeq, x: seq % 1900, y: seq % 1000, mods: 0 });
    }
    const frames: FrameRow[] = [];
    const perBatch = FRAMES / (EVENTS / 1000);
    for (let j = 0; j < perBatch; j++) {
      const seq = b * perBatch + j + 1;
      const bytes = images[seq % images.length]!;
      frames.push({ seq, t: (seq * HOUR_MS) / FRAMES + 0.5, windowSeq: 1 + Math.floor((seq / FRAMES) * WINDOWS), reason: 'periodic', width: 1920, height: 1080, format: 'webp', sha256: createHash('sha256').update(bytes).digest('hex'), bytes });
    }
    const windows = b === 0 ? Array.from({ length: WINDOWS }, (_, k) => ({ seq: k + 1, t: (k * HOUR_MS) / WINDOWS, app: 'XTerm', title: `user@host: ~/project ${k}`, x: 0, y: 0, width: 1920, height: 1080 })) : [];
    writeBatch(store, ID, { windows, events, frames, at: Date.now() });
  }
  applyAction(store, ID, 'stop', { actor: 'bench' });
}

function time(fn: () => unknown): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

async function timeAsync(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-bench-redaction-'));
const store = openStore(dir);
try {
  const t0 = performance.now();
  await seed(store);
  store.db.pragma('wal_checkpoint(TRUNCATE)');
  const dbBytes = fs.statSync(path.join(dir, 'cairn.db')).size;
  console.log(`Seeded ${num(EVENTS)} events, ${num(FRAMES)} frames (1920x1080 WebP), ${WINDOWS} windows: ${num(dbBytes / 1024 ** 2, 0)} MB in ${num((performance.now() - t0) / 1000, 1)} s.`);

  const box: number[] = [];
  const text: number[] = [];
  const title: number[] = [];
  const cut: number[] = [];
  const checkpoint: number[] = [];
  for (let i = 0; i < REPEAT; i++) {
    box.push(await timeAsync(() => blackOutBox(store, ID, 100 + i * 200, { x: 200, y: 300, width: 600, height: 40 })));
    // A 20-character secret: 20 key-downs and their key-ups spread over 100 seqs.
    text.push(time(() => redactKeySpan(store, ID, 1000 + i * 15_000, 1000 + i * 15_000 + 100)));
    title.push(time(() => redactTitle(store, ID, 1 + i)));
    // Ten seconds (~830 events, ~10 frames) out of a different minute each time.
    cut.push(time(() => cutRange(store, ID, (i * 4 + 2) * 60_000, (i * 4 + 2) * 60_000 + 10_000)));
    checkpoint.push(time(() => store.db.pragma('wal_checkpoint(TRUNCATE)')));
  }
  let occurrences = 0;
  const sweep = time(() => (occurrences = redactString(store, ID, 'qwert').length));

  const row = (name: string, xs: number[]) => [name, num(median(xs), 1), num(quantile(xs, 0.9), 1), num(Math.max(...xs), 1)];
  printTable(['redaction (incl. checkpoint)', 'median ms', 'p90 ms', 'max ms'], [
    row('black out a 600x40 box on a 1920x1080 frame', box),
    row('redact a 20-key text span', text),
    row('redact a window title', title),
    row('cut 10 s out', cut),
    row('checkpoint alone (empty WAL)', checkpoint),
  ]);
  console.log(`redact --text over the whole hour: ${num(occurrences)} occurrences in one transaction and one checkpoint, ${num(sweep, 0)} ms`);
} finally {
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
