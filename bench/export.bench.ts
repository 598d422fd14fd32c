// Export throughput per format for a one-hour session: ~300k events (98% pointer moves, as in a real
// sample) and 3,600 frames of text-like 1280x800 WebP, approved, then loaded, derived into steps
// and written in every format. Every frame is a distinct image (Parquet would otherwise fold
// identical images into its dictionary). Prints steps/s and MB/s; asserts nothing.
// Run: node --import tsx bench/export.bench.ts
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { BUILTIN_US_LAYOUT } from '../src/shared/keyboard-layout.ts';
import { deriveActions } from '../src/export/actions/derive-actions.ts';
import { loadExportSession } from '../src/export/export-session.ts';
import { EXPORT_FORMATS, writerFor } from '../src/export/writers/index.ts';
import { recordAcceptance } from '../src/store/consent-repo.ts';
import { openStore } from '../src/store/open-store.ts';
import { applyAction, createSession } from '../src/store/session-repo.ts';
import { type EventRow, type FrameRow, writeBatch } from '../src/store/write-batch.ts';
import { num, printTable } from './helpers/figures.ts';

const EVENTS = 300_000;
const FRAMES = 3600;
const HOUR_MS = 3_600_000;
const ID = 'bench-export';

/** One cycle of a working rhythm: pointer moves, a click, a typed word, a hotkey, a scroll, Enter,
 *  and every other cycle a drag. ~500 events, of which ~98% are moves. */
function cycle(c: number, t0: number, span: number): Omit<EventRow, 'seq'>[] {
  const out: Omit<EventRow, 'seq'>[] = [];
  const step = span / 500;
  let t = t0;
  const at = () => (t += step);
  const base = { windowSeq: 1, mods: 0 };
  for (let i = 0; i < 470; i++) out.push({ ...base, t: at(), kind: 'mouse-move', x: 100 + ((c * 37 + i * 3) % 1000), y: 80 + ((c * 11 + i * 2) % 600) });
  const x = 200 + (c % 700);
  out.push({ ...base, t: at(), kind: 'mouse-down', x, y: 300, button: 1, clicks: 1 }, { ...base, t: at(), kind: 'mouse-up', x, y: 300, button: 1, clicks: 1 });
  for (const code of [30, 31, 32, 33]) out.push({ ...base, t: at(), kind: 'key-down', keycode: code }, { ...base, t: at(), kind: 'key-up', keycode: code });
  out.push({ ...base, t: at(), kind: 'key-down', keycode: 29, mods: 2 }, { ...base, t: at(), kind: 'key-down', keycode: 31, mods: 2 }, { ...base, t: at(), kind: 'key-up', keycode: 29 });
  for (let i = 0; i < 3; i++) out.push({ ...base, t: at(), kind: 'wheel', x, y: 300, rotation: c % 2 ? 1 : -1, axis: 'vertical' });
  out.push({ ...base, t: at(), kind: 'key-down', keycode: 28 });
  if (c % 2 === 0) {
    out.push({ ...base, t: at(), kind: 'mouse-down', x: 300, y: 200, button: 1, clicks: 1 });
    for (let i = 1; i <= 6; i++) out.push({ ...base, t: at(), kind: 'mouse-move', x: 300 + i * 20, y: 200 + i * 10 });
    out.push({ ...base, t: at(), kind: 'mouse-up', x: 420, y: 260, button: 1, clicks: 1 });
  }
  return out;
}

const BASE_RENDERS = 24;

async function textScreen(i: number): Promise<Buffer> {
  const lines = Array.from({ length: 40 }, (_, l) => `<text x="10" y="${20 + l * 19}" font-family="monospace" font-size="14">${`screen ${i} line ${l} `.repeat(6)}</text>`);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1280" height="800"><rect width="100%" height="100%" fill="#fff"/>${lines.join('')}</svg>`;
  return sharp(Buffer.from(svg)).removeAlpha().raw().toBuffer();
}

/** A distinct frame: one of the rendered screens with the frame's number stamped into a corner. */
function distinctFrame(screen: Buffer, i: number): Promise<Buffer> {
  const pixels = Buffer.from(screen);
  for (let bit = 0; bit < 16; bit++) {
    const v = (i >> bit) & 1 ? 0 : 255;
    for (let dy = 0; dy < 8; dy++) for (let dx = 0; dx < 8; dx++) pixels.fill(v, ((780 + dy) * 1280 + bit * 8 + dx) * 3, ((780 + dy) * 1280 + bit * 8 + dx) * 3 + 3);
  }
  return sharp(pixels, { raw: { width: 1280, height: 800, channels: 3 } }).webp({ lossless: true, effort: 0 }).toBuffer();
}

async function seed(dataDir: string): Promise<void> {
  const store = openStore(dataDir);
  const consent = recordAcceptance(store, { version: '1', sha256: '0'.repeat(64), at: Date.now() - HOUR_MS });
  createSession(store, {
    id: ID, startedAt: Date.now() - HOUR_MS, clockOrigin: 0, layout: BUILTIN_US_LAYOUT,
    policies: [{ app: 'BenchApp', allowed: true, keys: 'full', screens: 'on', titles: 'keep' }],
    consentId: consent.id, pid: process.pid, host: os.hostname(), actor: 'bench',
  });
  const screens = await Promise.all(Array.from({ length: BASE_RENDERS }, (_, i) => textScreen(i)));
  const images: Buffer[] = [];
  for (let i = 0; i < FRAMES; i += 8) {
    images.push(...(await Promise.all(Array.from({ length: Math.min(8, FRAMES - i) }, (_, j) => distinctFrame(screens[(i + j) % BASE_RENDERS]!, i + j)))));
  }
  const span = HOUR_MS / Math.ceil(EVENTS / 491);
  const events: EventRow[] = [];
  for (let c = 0; events.length < EVENTS; c++) {
    for (const e of cycle(c, c * span, span * 0.6)) events.push({ seq: events.length + 1, ...e });
  }
  const frames: FrameRow[] = Array.from({ length: FRAMES }, (_, i) => ({
    seq: i + 1, t: i * (HOUR_MS / FRAMES), windowSeq: 1, reason: 'periodic', width: 1280, height: 800, format: 'webp',
    sha256: '0'.repeat(64), bytes: images[i]!,
  }));
  writeBatch(store, ID, { windows: [{ seq: 1, t: 0, app: 'BenchApp', title: 'Bench', x: 0, y: 0, width: 1280, height: 800 }], events: [], frames: [], at: Date.now() });
  for (let i = 0; i < events.length; i += 10_000) writeBatch(store, ID, { windows: [], events: events.slice(i, i + 10_000), frames: [], at: Date.now() });
  for (let i = 0; i < frames.length; i += 200) writeBatch(store, ID, { windows: [], events: [], frames: frames.slice(i, i + 200), at: Date.now() });
  applyAction(store, ID, 'stop', { actor: 'bench' });
  applyAction(store, ID, 'submit', { actor: 'bench' });
  applyAction(store, ID, 'approve', { actor: 'bench-reviewer' });
  store.close();
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-bench-export-'));
try {
  const t0 = performance.now();
  await seed(path.join(dir, 'data'));
  console.log(`seeded ${num(EVENTS)} events and ${num(FRAMES)} frames in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  const store = openStore(path.join(dir, 'data'), { readonly: true });
  const t1 = performance.now();
  const session = loadExportSession(store, ID);
  const t2 = performance.now();
  const actions = deriveActions(session);
  const t3 = performance.now();
  const frameMb = session.frames.reduce((n, f) => n + f.size, 0) / 1e6;
  console.log(`load: ${num(session.events.length)} events in ${num(t2 - t1)} ms; derive: ${num(actions.length)} steps in ${num(t3 - t2)} ms (${num(session.events.length / ((t3 - t2) / 1000))} events/s); frames ${frameMb.toFixed(1)} MB`);

  const rows: string[][] = [];
  for (const format of EXPORT_FORMATS) {
    const out = path.join(dir, `out-${format}`);
    const start = performance.now();
    const result = await writerFor(format).write(session, actions, out);
    const s = (performance.now() - start) / 1000;
    rows.push([format, num(result.files.length), num(result.bytes / 1e6, 1), s.toFixed(2), num(result.steps / s), num(result.bytes / 1e6 / s, 1)]);
    fs.rmSync(out, { recursive: true, force: true });
  }
  console.log(`\nExport of one 1-hour session (${num(actions.length)} steps), ${os.cpus().length} cores:`);
  printTable(['format', 'files', 'MB written', 's', 'steps/s', 'MB/s'], rows);
  store.close();
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
