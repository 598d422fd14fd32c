// Bundle create and import times for a realistic 10-minute session (50k events, 600 frames) and a
// 1-hour one (300k events, 3,600 frames), frames 20–80 KB each (WebP of random pixels, the size of
// text-heavy window shots). Import is split into verification (checksums, schema, frame headers)
// and the one transaction that stores everything. Prints figures; asserts nothing.
// Run: node --import tsx bench/bundle.bench.ts
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createBundle } from '../src/export/bundle/create-bundle.ts';
import { importBundle } from '../src/export/bundle/import-bundle.ts';
import { verifyBundle } from '../src/export/bundle/verify-bundle.ts';
import { verifyFrameImages } from '../src/export/bundle/verify-frames.ts';
import { recordAcceptance } from '../src/store/consent-repo.ts';
import { openStore } from '../src/store/open-store.ts';
import { applyAction, createSession } from '../src/store/session-repo.ts';
import { type EventRow, type FrameRow, writeBatch } from '../src/store/write-batch.ts';
import { webpOfAbout } from '../tests/helpers/webp.ts';
import { median, num, printTable } from './helpers/figures.ts';

const MB = 1024 * 1024;

function seed(dataDir: string, id: string, minutes: number): { events: number; frames: number } {
  const store = openStore(dataDir);
  const span = minutes * 60_000;
  const events = 5000 * minutes;
  const frames = 60 * minutes;
  const consent = recordAcceptance(store, { version: '1', sha256: '0'.repeat(64), at: Date.now() - span });
  createSession(store, {
    id, startedAt: Date.now() - span, clockOrigin: 0, layout: { name: 'builtin:us', keys: {} },
    policies: [{ app: 'BenchApp', allowed: true, keys: 'full', screens: 'on', titles: 'keep' }],
    consentId: consent.id, pid: process.pid, host: os.hostname(), actor: 'bench',
  });
  const kinds = ['mouse-move', 'mouse-move', 'mouse-move', 'key-down', 'key-up', 'wheel'] as const;
  for (let from = 0; from < events; from += 10_000) {
    const batch: EventRow[] = [];
    for (let i = from; i < Math.min(events, from + 10_000); i++) {
      const kind = i % 50 === 0 ? kinds[(i / 50) % kinds.length]! : 'mouse-move';
      batch.push({ seq: i + 1, t: (i * span) / events, kind, windowSeq: 1, x: i % 1280, y: i % 800, keycode: kind.startsWith('key') ? 30 : null, mods: 0, rotation: kind === 'wheel' ? 1 : null, axis: kind === 'wheel' ? 'vertical' : null });
    }
    const frameRows: FrameRow[] = [];
    for (let f = Math.floor((from / events) * frames); f < Math.floor((Math.min(events, from + 10_000) / events) * frames); f++) {
      const image = webpOfAbout(20_000 + ((f * 7919) % 60_000));
      const sha256 = createHash('sha256').update(image.bytes).digest('hex');
      frameRows.push({ seq: f + 1, t: (f * span) / frames, windowSeq: 1, reason: 'periodic', width: image.width, height: image.height, format: 'webp', sha256, bytes: image.bytes });
    }
    writeBatch(store, id, { windows: from === 0 ? [{ seq: 1, t: 0, app: 'BenchApp', title: 'Bench', x: 0, y: 0, width: 1280, height: 800 }] : [], events: batch, frames: frameRows, at: Date.now() });
  }
  applyAction(store, id, 'stop', { actor: 'bench' });
  applyAction(store, id, 'submit', { actor: 'bench' });
  store.close();
  return { events, frames };
}

async function time<T>(fn: () => T | Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
}

const rows: string[][] = [];
for (const [label, minutes, runs] of [['10-minute session', 10, 3], ['1-hour session', 60, 1]] as const) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-bundle-bench-'));
  try {
    const id = `bbbbbbbb-0000-4000-8000-${String(minutes).padStart(12, '0')}`;
    const source = path.join(root, 'source');
    const { events, frames } = seed(source, id, minutes);
    const create: number[] = [];
    const verify: number[] = [];
    const store: number[] = [];
    let size = 0;
    for (let r = 0; r < runs; r++) {
      const file = path.join(root, `run-${r}.cairnbundle`);
      const src = openStore(source);
      const made = await time(() => createBundle(src, [id], file, { actor: 'bench' }));
      src.close();
      create.push(made.ms);
      size = made.value.bytes;
      const checked = await time(() => verifyFrameImages(verifyBundle(fs.readFileSync(file), 'bench'), 'bench'));
      verify.push(checked.ms);
      const target = openStore(path.join(root, `target-${r}`));
      const imported = await time(() => importBundle(target, file, { actor: 'bench' }));
      target.close();
      store.push(imported.ms - checked.ms);
      if (imported.value.events !== events || imported.value.frames !== frames) throw new Error('the import lost content');
      fs.rmSync(file);
    }
    const importMs = median(verify) + median(store);
    rows.push([
      label, num(events), num(frames), num(size / MB, 1),
      num(median(create)), num(size / MB / (median(create) / 1000), 0),
      num(median(verify)), num(median(store)), num(importMs), num(size / MB / (importMs / 1000), 0), num(events / (importMs / 1000)),
    ]);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}
console.log(`Bundle create / import (median of runs; ${os.cpus().length} cores, Node ${process.version})`);
printTable(['session', 'events', 'frames', 'MB', 'create ms', 'create MB/s', 'verify ms', 'store ms', 'import ms', 'import MB/s', 'import events/s'], rows);
console.log('import ms = verify (read, container, sha256, schema, frame headers) + store (one transaction); store ms is import minus a separate verify run.');
