// The browser channel's costs: the native host's start (the browser starts it when the extension
// connects), the time from a snapshot written to the host's stdin to its arrival in a recording's
// listener, the host's CPU and memory per snapshot (the extension sends two a second), and the
// timeline's lookup at its limits. Prints figures; asserts nothing. Needs `npm run build` first.
// Run: node --import tsx bench/browser-host.bench.ts
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BrowserReportListener } from '../src/capture/browser/browser-report-listener.ts';
import { browserSocketPath } from '../src/capture/browser/browser-socket.ts';
import { nativeHostEntry } from '../src/capture/browser/built-files.ts';
import { encodeNativeMessage } from '../src/capture/browser/native-messaging.ts';
import type { BrowserReport } from '../src/core/browser-report.ts';
import { BrowserTimeline } from '../src/core/browser-timeline.ts';
import { max, median, num, printTable, quantile } from './helpers/figures.ts';

const WINDOWS = 4;
const ROUNDS = 500;
const dataDir = mkdtempSync(join(tmpdir(), 'cairn-bench-host-'));
const snapshot = (seq: number) => ({
  windows: Array.from({ length: WINDOWS }, (_, i) => ({ seq: seq * WINDOWS + i, id: i, left: i * 300, top: 0, width: 300, height: 800, incognito: false, focused: i === 0, origin: `https://site${i}.example`, title: `A page title of ordinary length, number ${i}` })),
});

let arrived: () => void = () => undefined;
const listener = await BrowserReportListener.start({ socketPath: browserSocketPath(dataDir), stamp: () => 0, onSnapshot: () => arrived(), onClosed: () => undefined });
const started = performance.now();
const host = spawn(process.execPath, [nativeHostEntry(), '--data-dir', dataDir], { stdio: ['pipe', 'ignore', 'inherit'] });
const next = () => new Promise<void>((resolve) => (arrived = resolve));

// The host connects on its first snapshot (and drops it): repeat until one arrives.
let first = next();
let seq = 0;
for (let got = false; !got; ) {
  host.stdin.write(encodeNativeMessage(snapshot(seq++)));
  got = await Promise.race([first.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 5))]);
}
const startup = performance.now() - started;
const cpuBefore = cpuMs(host.pid!);
const latencies: number[] = [];
for (let i = 0; i < ROUNDS; i++) {
  first = next();
  const t = performance.now();
  host.stdin.write(encodeNativeMessage(snapshot(seq++)));
  await first;
  latencies.push(performance.now() - t);
}
const cpuPerSnapshot = (cpuMs(host.pid!) - cpuBefore) / ROUNDS;
const rss = rssMb(host.pid!);
host.stdin.end();
await listener.close();

const timeline = new BrowserTimeline();
const report = (id: number, at: number): BrowserReport => ({ seq: at, at, browserWindowId: id, bounds: { x: (id % 16) * 80, y: Math.floor(id / 16) * 100, width: 640, height: 480 }, incognito: false, focused: false, origin: 'https://a.example', title: `Window ${id}` });
for (let at = 1; at <= 64; at++) timeline.record('bench', at, Array.from({ length: 128 }, (_, id) => report(id, at)));
const lookups: number[] = [];
for (let i = -50; i < 200; i++) {
  const t = performance.now();
  if (i < 0) lookups.length = 0; // the first rounds warm the JIT up and are not counted
  timeline.latestFor({ bounds: report(i % 128, 0).bounds, title: `Window ${i % 128} - Chromium` }, 32.5);
  lookups.push(performance.now() - t);
}

printTable(['figure', 'value'], [
  ['host start to first snapshot forwarded', `${num(startup)} ms`],
  [`stdin to listener, snapshot of ${WINDOWS} windows (p50 / p95 / max of ${ROUNDS})`, `${num(median(latencies), 2)} / ${num(quantile(latencies, 0.95), 2)} / ${num(max(latencies), 2)} ms`],
  ['host CPU per snapshot', `${num(cpuPerSnapshot, 3)} ms`],
  ['host resident memory', `${num(rss, 1)} MB`],
  ['timeline lookup, 128 windows x 64 reports (p50 / max)', `${num(median(lookups) * 1000, 1)} / ${num(max(lookups) * 1000, 1)} µs`],
]);
rmSync(dataDir, { recursive: true, force: true });

function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, in clock ticks of 10 ms
}

function rssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS'))!;
  return Number(line.split(/\s+/)[1]) / 1024;
}
