// What a frame costs under Xvfb at 1920x1080, taken three ways in the same run, interleaved shot by
// shot so the machine's load falls on all alike:
//   - in-process: the window's own pixels (X11WindowCapturer, native/x-window-capture), what the
//     recorder uses on X11;
//   - `xwd -root`: the X tool spawned per shot, its dump parsed and the window cut out with sharp;
//   - ImageMagick: the old path and today's fallback (ScreenshotDesktopCapturer: xrandr + import TIFF).
// Each: capture, encode (crop, hash and WebP through encodeFrame, plus turning xwd's dump into RGB)
// and total, with each total's ratio to xwd's. Then, for the in-process path, the store step, bytes
// per frame and MB per hour of a typical demo. Prints figures; asserts nothing.
// Run: npm run bench -- frames
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { type EncodedFrame, encodeFrame } from '../src/capture/frame-encoder.ts';
import type { CapturedPixels } from '../src/capture/screen-capturer.ts';
import { ScreenshotDesktopCapturer } from '../src/capture/screenshot-desktop-capturer.ts';
import { X11WindowCapturer } from '../src/capture/x11/x11-window-capturer.ts';
import type { Bounds, WindowInfo } from '../src/core/window-info.ts';
import { writeBatch } from '../src/store/write-batch.ts';
import { type Xterm, type XvfbDisplay, openXterm, startXvfb, xdotool } from '../tests/helpers/xvfb.ts';
import { type BenchStore, SESSION_ID, freshStore } from './helpers/bench-store.ts';
import { median, num, printTable, quantile } from './helpers/figures.ts';
import { xwdRoot, xwdWindowRgb } from './helpers/xwd-screen.ts';

const FRAMES = 20;
const WIDTH = 1920;
const HEIGHT = 1080;

/** A typical demo, per minute; each line is one of the recorder's frame triggers (step-observations.ts,
 *  frame-scheduler.ts). The observations bench measures ~2.1 frames per step. */
const DEMO = {
  clicks: 12, // 6 clicks, each with its observation before and after
  typingBursts: 6, // 3 typing runs, each with its observation before its first key and after its last
  focusChanges: 2, // one frame 300 ms after focus settles on an allowed app
  periodic: 6, // one frame every 10 s ...
  periodicDuplicateShare: 0.5, // ... of which this share is identical to the window's last frame and skipped
};

interface Timed {
  capture: number[];
  encode: number[];
  total: number[];
  bytes: number[];
  frames: EncodedFrame[];
}

interface FramePath {
  name: string;
  /** Returns what encodeFrame needs, as the recorder would pass it. */
  shot(): Promise<CapturedPixels>;
  /** Work of the path that is not encodeFrame's (xwd: its dump into RGB), counted as encode. */
  prepare?(shot: CapturedPixels): Promise<CapturedPixels>;
}

const timed = (): Timed => ({ capture: [], encode: [], total: [], bytes: [], frames: [] });

/** `n` rounds; in each a key is typed (so every frame differs) and every path takes one frame, in
 *  an order that rotates from round to round. */
async function measure(env: NodeJS.ProcessEnv, paths: FramePath[], window: Bounds, n: number): Promise<Timed[]> {
  const results = paths.map(timed);
  const previous: (string | undefined)[] = paths.map(() => undefined);
  for (let i = 0; i < n; i++) {
    await xdotool(env, 'type', '--delay', '0', String.fromCharCode(97 + (i % 26)));
    // Time for xterm to draw the key, or the first path of the round would see the old screen.
    await new Promise((r) => setTimeout(r, 60));
    for (let k = 0; k < paths.length; k++) {
      const p = (i + k) % paths.length;
      const path = paths[p]!;
      const t0 = performance.now();
      const captured = await path.shot();
      const t1 = performance.now();
      const shot = path.prepare ? await path.prepare(captured) : captured;
      const frame = await encodeFrame({ screen: shot.image, raw: shot.raw, originX: shot.originX, originY: shot.originY, window, masks: shot.masks, previousHash: previous[p] });
      const t2 = performance.now();
      if (!frame || 'duplicate' in frame) throw new Error(`${path.name}: frame ${i} came out ${frame ? 'a duplicate' : 'empty'}`);
      previous[p] = frame.rawHash;
      const r = results[p]!;
      r.capture.push(t1 - t0);
      r.encode.push(t2 - t1);
      r.total.push(t2 - t0);
      r.bytes.push(frame.bytes.length);
      r.frames.push(frame);
    }
  }
  return results;
}

/** The store step of the recorder: one frame row per transaction into a real SQLite file. */
function storeFrames(target: BenchStore, window: Bounds, frames: EncodedFrame[], firstSeq: number): number[] {
  writeBatch(target.store, SESSION_ID, { windows: [{ seq: firstSeq, t: 0, app: 'BenchFrames', title: null, ...window }], events: [], frames: [], at: Date.now() });
  return frames.map((f, i) => {
    const t0 = performance.now();
    const row = { seq: firstSeq + i, t: (firstSeq + i) * 1000, windowSeq: firstSeq, reason: 'periodic' as const, width: f.width, height: f.height, format: f.format, sha256: f.sha256, bytes: f.bytes };
    writeBatch(target.store, SESSION_ID, { windows: [], events: [], frames: [row], at: Date.now() });
    return performance.now() - t0;
  });
}

const fmt = (xs: number[]) => [num(median(xs), 1), num(quantile(xs, 0.9), 1)];

function report(label: string, paths: FramePath[], results: Timed[]): void {
  const xwd = median(results[paths.findIndex((p) => p.name.startsWith('xwd'))]!.total);
  printTable(
    [`${label}: ms per frame`, 'capture', 'p90', 'encode', 'p90', 'total', 'p90', 'total / xwd'],
    paths.map((p, i) => {
      const r = results[i]!;
      return [p.name, ...fmt(r.capture), ...fmt(r.encode), ...fmt(r.total), `${num(median(r.total) / xwd, 2)}x`];
    }),
  );
}

const started = performance.now();
let x: XvfbDisplay | undefined;
let term: Xterm | undefined;
let target: BenchStore | undefined;
let inProcess: X11WindowCapturer | undefined;
try {
  x = await startXvfb({ width: WIDTH, height: HEIGHT });
  // screenshot-desktop runs xrandr and import with this process's environment.
  process.env.DISPLAY = x.display;
  term = await openXterm(x.env, { cls: 'BenchFrames', geometry: '166x53+100+80', title: 'bench frames' });
  await xdotool(x.env, 'windowactivate', '--sync', term.windowId);
  await xdotool(x.env, 'type', '--delay', '2', 'ls -la /usr/bin | head -n 45; echo typing here:\n');
  await new Promise((r) => setTimeout(r, 500));
  target = freshStore('cairn-bench-frames-');
  inProcess = X11WindowCapturer.open(x.display);
  const importer = new ScreenshotDesktopCapturer();
  const windowInfo: WindowInfo = { windowId: term.windowId, app: 'BenchFrames', title: 'bench frames', bounds: { x: 0, y: 0, width: 0, height: 0 } };
  const env = x.env;
  const paths: FramePath[] = [
    { name: 'in-process (own pixels, XShm)', shot: () => inProcess!.capture(windowInfo) },
    {
      name: 'xwd -root (spawned)',
      shot: async () => ({ image: await xwdRoot(env), originX: 0, originY: 0, masks: [] }),
      prepare: async (s) => ({ image: await xwdWindowRgb(s.image, windowInfo.bounds), raw: { ...windowInfo.bounds, channels: 3 }, originX: windowInfo.bounds.x, originY: windowInfo.bounds.y, masks: [] }),
    },
    { name: 'ImageMagick import (old path)', shot: () => importer.capture() },
  ];
  /** The window as the recorder crops it: the in-process capture's own area of it. */
  const boundsNow = async (): Promise<Bounds> => {
    const s = await inProcess!.capture(windowInfo);
    return { x: s.originX, y: s.originY, width: s.raw!.width, height: s.raw!.height };
  };

  windowInfo.bounds = await boundsNow();
  const typicalWin = windowInfo.bounds;
  const typical = await measure(env, paths, typicalWin, FRAMES);

  // Worst case for bytes and encoding: the same xterm filling the whole screen, full of text.
  // Full screen (no decorations): the window is the whole screen, as large as a frame gets.
  execFileSync('wmctrl', ['-i', '-r', term.windowId, '-b', 'add,fullscreen'], { env });
  await new Promise((r) => setTimeout(r, 300));
  await xdotool(env, 'type', '--delay', '2', 'clear; ls -la /usr/lib/x86_64-linux-gnu /usr/bin | head -n 80\n');
  await new Promise((r) => setTimeout(r, 500));
  windowInfo.bounds = await boundsNow();
  const fullWin = windowInfo.bounds;
  const full = await measure(env, paths, fullWin, 10);
  const stored = [...storeFrames(target, typicalWin, typical[0]!.frames, 1), ...storeFrames(target, fullWin, full[0]!.frames, 1001)];

  console.log(`frames: Xvfb ${WIDTH}x${HEIGHT}; each path takes one frame per round, in rotating order; Node ${process.version}`);
  console.log(`typical window: xterm with text, ${typicalWin.width}x${typicalWin.height} px (${FRAMES} rounds); full-screen window: ${fullWin.width}x${fullWin.height} px (10 rounds)`);
  console.log('capture: the grab (for ImageMagick: xrandr + import; for xwd: the spawn and its dump); encode: crop, hash and WebP (encodeFrame), plus xwd dump to RGB');
  console.log('');
  report('typical window', paths, typical);
  console.log('');
  report('full-screen window', paths, full);
  console.log(`store (writeBatch, 1 frame row per tx): median ${num(median(stored), 1)} ms, p90 ${num(quantile(stored, 0.9), 1)} ms`);
  console.log('target: in-process total <= 0.5x xwd -root');
  console.log('');
  const typicalBytes = median(typical[0]!.bytes);
  const fullBytes = median(full[0]!.bytes);
  printTable(
    ['bytes per frame (WebP as stored, in-process)', 'median KB', 'min KB', 'max KB'],
    [
      [`typical window ${typicalWin.width}x${typicalWin.height}`, num(typicalBytes / 1024, 1), num(Math.min(...typical[0]!.bytes) / 1024, 1), num(Math.max(...typical[0]!.bytes) / 1024, 1)],
      [`full-screen window ${fullWin.width}x${fullWin.height}`, num(fullBytes / 1024, 1), num(Math.min(...full[0]!.bytes) / 1024, 1), num(Math.max(...full[0]!.bytes) / 1024, 1)],
    ],
  );
  console.log(`database after ${FRAMES + 10} frames: ${num((statSync(join(target.dir, 'cairn.db')).size + walSize(target.dir)) / 1e6, 2)} MB (file + WAL)`);
  console.log('');

  const perMinute = DEMO.clicks + DEMO.typingBursts + DEMO.focusChanges + DEMO.periodic * (1 - DEMO.periodicDuplicateShare);
  const perHour = perMinute * 60;
  const worstPerHour = (DEMO.clicks + DEMO.typingBursts + DEMO.focusChanges + DEMO.periodic) * 60;
  console.log(`typical demo, per minute: ${DEMO.clicks / 2} clicks and ${DEMO.typingBursts / 2} typing runs (two observations each), ${DEMO.focusChanges} focus changes onto an allowed app, ` +
    `${DEMO.periodic} periodic frames of which ${DEMO.periodicDuplicateShare * 100}% are identical and skipped -> ${num(perMinute, 1)} frames/min = ${num(perHour)} frames/h`);
  printTable(
    ['storage per hour (MB = 10^6 bytes)', 'frames/h', 'KB/frame', 'MB/h'],
    [
      ['typical demo, typical window', num(perHour), num(typicalBytes / 1024, 1), num((perHour * typicalBytes) / 1e6, 1)],
      ['typical demo, full-screen window', num(perHour), num(fullBytes / 1024, 1), num((perHour * fullBytes) / 1e6, 1)],
      ['no periodic dedup, full-screen window', num(worstPerHour), num(fullBytes / 1024, 1), num((worstPerHour * fullBytes) / 1e6, 1)],
    ],
  );
  console.log('target: <= 100 MB/h at 1920x1080 (frames only; bench/recorder-load.bench.ts prints what event rows add)');
} finally {
  await inProcess?.close();
  target?.remove();
  term?.kill();
  await x?.stop();
  console.log(`took ${num((performance.now() - started) / 1000, 1)} s`);
}

function walSize(dir: string): number {
  try {
    return statSync(join(dir, 'cairn.db-wal')).size;
  } catch {
    return 0;
  }
}
