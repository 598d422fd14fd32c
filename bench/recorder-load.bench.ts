// What the recorder costs: the real `cairn record` as bin/cairn.js runs it (the built CLI, nothing
// transpiled at run time: helpers/record-with-stats.mjs) under Xvfb at a human input rate, ~400
// events/s driven by xdotool into one allowed xterm. Samples the recorder's CPU and RSS once a second
// (and its true peak, VmHWM), reads its key-to-disk latencies and frame counts from the counters it
// writes at the end, and, as a baseline under the same input at the same time, a bare node process
// that only loads uiohook-napi and counts events. Three runs per recorder: idle (no input, the fixed
// cost), screens off, and screens on (the observation ring grabbing the window while input comes).
// The recorder of another checkout (CAIRN_BENCH_BASELINE=DIR, default /work/main; `none` skips it)
// records in the same runs, side by side with this one (each in its own data folder), so "before"
// and "after" meet the same input at the same moments: on a VM whose speed drifts by 10-20% between
// runs minutes apart, only that compares them. Per thread it prints CPU and wake-ups a second.
// Prints figures; asserts nothing.
// Run: npm run bench -- recorder-load
//      (CAIRN_BENCH_SECONDS=N per run, default 30; 600 for the ten-minute run. CAIRN_BENCH_RUNS=LIST
//       picks the runs, of idle, off and on, default all three; CAIRN_BENCH_SCREENS=0 skips the
//       screens-on run; CAIRN_BENCH_PROFILE_DIR=DIR has the recorder write CPU profiles there)
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3-multiple-ciphers';
import { loadConsentText } from '../src/consent/consent-text.ts';
import { LEAN_NODE_FLAGS, leanEnv } from '../src/core/lean-process.ts';
import type { RecorderCounters } from '../src/recorder/recorder-counters.ts';
import { type Xterm, type XvfbDisplay, openXterm, startXvfb, xdotool } from '../tests/helpers/xvfb.ts';
import { HERE, baselineCheckout } from './helpers/baseline.ts';
import { mean, num, printTable } from './helpers/figures.ts';
import { InputDriver } from './helpers/input-driver.ts';
import { type ProcSample, ProcSampler, type ThreadFigures } from './helpers/proc-sampler.ts';

const SECONDS = Number(process.env.CAIRN_BENCH_SECONDS ?? 30);
/** Which runs: idle, off (screens off), on (screens on); CAIRN_BENCH_SCREENS=0 leaves out "on". */
const RUNS = new Set((process.env.CAIRN_BENCH_RUNS ?? 'idle,off,on').split(',').map((r) => r.trim()));
if (process.env.CAIRN_BENCH_SCREENS === '0') RUNS.delete('on');
for (const run of RUNS) if (!['idle', 'off', 'on'].includes(run)) throw new Error(`CAIRN_BENCH_RUNS takes idle, off and on, separated by commas; "${run}" is none of them`);
/** Spans (s) over which a long run's lowest RSS is printed: the floor under V8's sawtooth. */
const FLOOR_SPAN_S = 300;
const WARMUP_S = 5;
// Idle, the first seconds after the start are V8 settling its heap (GCs that shrink it), not the
// recorder's fixed cost: the idle run is measured from 25 s on.
const IDLE_SECONDS = 45;
const IDLE_WARMUP_S = 25;
const APP = 'BenchTerm';
const RECORD = fileURLToPath(new URL('helpers/record-with-stats.mjs', import.meta.url));

// The hook alone: what any uiohook-based recorder pays before doing anything with an event.
const HOOK_ONLY = `
const { uIOhook } = require('uiohook-napi');
let n = 0;
uIOhook.on('input', () => n++);
uIOhook.start();
process.on('SIGTERM', () => { process.stdout.write(String(n)); process.exit(0); });
setInterval(() => {}, 1 << 30);
`;

type Stats = RecorderCounters & { sessionId: string };

/** A checkout's recorder and the data folder it records into. */
interface Contender {
  name: string;
  root: string;
  env: NodeJS.ProcessEnv;
}

interface RunResult {
  /** The kind of run ("screens on", …); the recorders of one run share it, the hook and the input. */
  mode: string;
  label: string;
  /** CPU is averaged from this many seconds after the start. */
  warmupS: number;
  stats: Stats;
  /** Samples while the input was driven (the stop, which frees most, comes after). */
  recorder: ProcSample[];
  recorderPeakMb: number;
  hook: ProcSample[];
  hookPeakMb: number;
  /** The recorder's busiest threads after the warm-up. */
  threads: ThreadFigures[];
  hookEvents: number;
  driven: { seconds: number; moves: number; keyPresses: number };
  /** Bytes the run added to the database (after a checkpoint). */
  dbBytes: number;
}

interface Cleanup {
  procs: ChildProcess[];
  drivers: InputDriver[];
}

/** Runs the CLI of `root` (its build) to the end; throws with its stderr when it fails. */
async function cli(root: string, env: NodeJS.ProcessEnv, args: string[]): Promise<void> {
  const child = spawn(process.execPath, [join(root, 'bin', 'cairn.js'), ...args], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`cairn ${args.join(' ')} (${root}) failed (${code}): ${err.trim()}`);
}

/** The database's size once its WAL is folded in; 0 before it exists. */
function dbSize(dataDir: string): number {
  const file = join(dataDir, 'cairn.db');
  if (!existsSync(file)) return 0;
  const db = new Database(file);
  try {
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
  return statSync(file).size;
}

/** Starts `cairn record` of `root`; resolves once it says it records. */
async function startRecorder(root: string, env: NodeJS.ProcessEnv, statsFile: string, seconds: number, cleanup: Cleanup): Promise<{ child: ChildProcess; exited: Promise<{ code: number | null; stderr: string }> }> {
  // CAIRN_BENCH_PROFILE_DIR: the recorder (and its store worker) write V8 CPU profiles there at exit.
  const profile = process.env.CAIRN_BENCH_PROFILE_DIR;
  const recEnv = profile ? { ...env, NODE_OPTIONS: `${env.NODE_OPTIONS ?? ''} --cpu-prof --cpu-prof-dir=${profile}`.trim() } : env;
  // CAIRN_BENCH_RECORDER_WRAP: a command that runs this checkout's recorder (`heaptrack -o /tmp/ht`),
  // given node with the lean flags already, so that the recorder does not restart itself out of the
  // wrapper. The baseline's recorder runs unwrapped, so that it measures what the wrapper changes.
  const wrap = root === HERE ? (process.env.CAIRN_BENCH_RECORDER_WRAP?.split(' ').filter(Boolean) ?? []) : [];
  const argv = [RECORD, root, statsFile, 'record', '--duration', String(seconds)];
  const child = wrap.length
    ? spawn(wrap[0]!, [...wrap.slice(1), process.execPath, ...LEAN_NODE_FLAGS, ...argv], { env: leanEnv(recEnv), stdio: ['ignore', 'ignore', 'pipe'] })
    : spawn(process.execPath, argv, { env: recEnv, stdio: ['ignore', 'ignore', 'pipe'] });
  cleanup.procs.push(child);
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<{ code: number | null; stderr: string }>((resolve) => child.on('close', (code) => resolve({ code, stderr })));
  const deadline = Date.now() + 30_000;
  while (!stderr.includes('Recording session')) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`the recorder (${root}) did not start:\n${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { child, exited };
}

/** One run: every contender records at once, next to one bare hook, under one driver's input. */
async function oneRun(mode: string, contenders: Contender[], x: XvfbDisplay, term: Xterm, dir: string, cleanup: Cleanup, seconds = SECONDS, drive = true): Promise<RunResult[]> {
  const sizesBefore = contenders.map((c) => dbSize(c.env.CAIRN_DATA_DIR!));
  await xdotool(x.env, 'windowactivate', '--sync', term.windowId);
  const geometry = await xdotool(x.env, 'getwindowgeometry', '--shell', term.windowId);
  const g = Object.fromEntries(geometry.trim().split('\n').map((l) => l.split('=') as [string, string]));
  const box = { x: Number(g.X) + 20, y: Number(g.Y) + 20, width: Number(g.WIDTH) - 40, height: Number(g.HEIGHT) - 40 };

  const hookProc = spawn(process.execPath, ['-e', HOOK_ONLY], { cwd: HERE, env: x.env, stdio: ['ignore', 'pipe', 'inherit'] });
  cleanup.procs.push(hookProc);
  let hookOut = '';
  hookProc.stdout!.on('data', (d: Buffer) => (hookOut += d.toString()));
  const hookExited = new Promise<void>((resolve) => hookProc.on('exit', () => resolve()));

  const warmupS = drive ? WARMUP_S : IDLE_WARMUP_S;
  const recorders = [];
  for (const c of contenders) {
    const label = `${c.name}, ${mode}`;
    const statsFile = join(dir, `stats-${label.replace(/\W+/g, '-')}.json`);
    // Each records for the same span of input: one started later records on that much longer.
    const rec = await startRecorder(c.root, c.env, statsFile, seconds, cleanup);
    recorders.push({ c, label, statsFile, rec, sampler: new ProcSampler(rec.child.pid!, 1000, warmupS) });
  }
  const hookSampler = new ProcSampler(hookProc.pid!, 1000, warmupS);

  const driver = new InputDriver();
  cleanup.drivers.push(driver);
  // Leave the recorders a second at each end: the driver stops before --duration runs out.
  const driven = drive
    ? await driver.drive({ env: x.env, box, seconds: seconds - 1.5 })
    : await new Promise<RunResult['driven']>((resolve) => setTimeout(() => resolve({ seconds: seconds - 1.5, moves: 0, keyPresses: 0 }), (seconds - 1.5) * 1000));
  // RSS at the end and its slope are of the recording itself: what the stop frees comes after.
  const sampledFor = recorders.map((r) => r.sampler.samples.length);
  for (const r of recorders) r.sampler.endThreadSpan();
  const hookFor = hookSampler.samples.length;
  const results: RunResult[] = [];
  for (const [i, r] of recorders.entries()) {
    const exited = await r.rec.exited;
    const samples = r.sampler.stop().slice(0, sampledFor[i]);
    if (exited.code !== 0) throw new Error(`cairn record (${r.c.root}) exited with ${exited.code}: ${exited.stderr.trim()}`);
    results.push({
      mode, label: r.label, warmupS, stats: JSON.parse(readFileSync(r.statsFile, 'utf8')) as Stats,
      recorder: samples, recorderPeakMb: r.sampler.peakRssMb, threads: r.sampler.threads(),
      hook: [], hookPeakMb: Number.NaN, hookEvents: 0, driven, dbBytes: dbSize(r.c.env.CAIRN_DATA_DIR!) - sizesBefore[i]!,
    });
  }
  const hook = hookSampler.stop().slice(0, hookFor);
  hookProc.kill('SIGTERM');
  await hookExited;
  for (const r of results) Object.assign(r, { hook, hookPeakMb: hookSampler.peakRssMb, hookEvents: Number(hookOut) || 0 });
  return results;
}

/** Least-squares slope of RSS against time from `fromS` on (default: after the warm-up), in MB per minute. */
function rssSlope(samples: ProcSample[], fromS = WARMUP_S * 2): number {
  const s = samples.filter((p) => p.at > fromS);
  if (s.length < 3) return Number.NaN;
  const mx = mean(s.map((p) => p.at));
  const my = mean(s.map((p) => p.rssMb));
  const cov = s.reduce((sum, p) => sum + (p.at - mx) * (p.rssMb - my), 0);
  const v = s.reduce((sum, p) => sum + (p.at - mx) ** 2, 0);
  return (cov / v) * 60;
}

function report(runs: RunResult[]): void {
  const cpuAfterWarmup = (s: ProcSample[], warmupS: number) => mean(s.filter((p) => p.at > warmupS).map((p) => p.cpuPct));
  const rssAt = (s: ProcSample[], at: number) => s.find((p) => p.at >= at)?.rssMb ?? Number.NaN;
  const rows: string[][] = [];
  for (const [i, r] of runs.entries()) {
    const dropped = Object.values(r.stats.dropped).reduce((a, b) => a + b, 0);
    // Moves thinned before the gate were seen too (a baseline from before the sampler has none).
    const seen = r.stats.kept + dropped + (r.stats.thinned ?? 0);
    const hookCpu = cpuAfterWarmup(r.hook, r.warmupS);
    // The recorders of one run share its hook: its row follows the last of them.
    const lastOfRun = runs[i + 1]?.mode !== r.mode;
    const rowsOfRun: [string, ProcSample[], number][] = [[`cairn record, ${r.label}`, r.recorder, r.recorderPeakMb]];
    if (lastOfRun) rowsOfRun.push(['  baseline: bare uiohook listener', r.hook, r.hookPeakMb]);
    for (const [who, samples, peak] of rowsOfRun) {
      const cpu = cpuAfterWarmup(samples, r.warmupS);
      const end = samples.at(-1)?.rssMb ?? Number.NaN;
      rows.push([
        who,
        num(cpu, 2),
        who.startsWith('cairn') && hookCpu > 0 ? `${num(cpu / hookCpu, 2)}x` : '',
        num(peak, 1),
        num(rssAt(samples, 10), 1),
        num(end, 1),
        num(rssSlope(samples), 2),
        // Growth that levels off (V8 compiling the code as it gets hot, caches filling up to their
        // bound) shows as a slope over the whole run but not over its second half.
        num(rssSlope(samples, (samples.at(-1)?.at ?? 0) / 2), 2),
        who.startsWith('cairn') ? num(seen / r.driven.seconds) : num(r.hookEvents / r.driven.seconds),
      ]);
    }
  }
  printTable(['process', 'CPU % (mean)', 'vs hook', 'peak RSS MB', 'RSS @10s', 'RSS @end', 'RSS MB/min', '2nd half', 'input ev/s seen'], rows);
  console.log('');
  for (const r of runs) {
    const s = r.stats;
    const dropped = Object.entries(s.dropped).filter(([, n]) => n > 0).map(([k, n]) => `${k} ${num(n)}`).join(', ') || 'none';
    const c = s.frameCounts;
    const o = c && 'observations' in c ? c.observations : undefined;
    const frames = c ? `, frames stored ${s.frames} (taken ${c.taken}, duplicates ${c.duplicates}, failed ${c.failed}${o ? `; ring: ${num(o.grabs)} grabs, ${num(o.distinct)} distinct, observations before ${o.before} / after ${o.after}, missed ${o.missed}` : ''})` : '';
    console.log(`${r.label}: driven ${num(r.driven.seconds, 1)} s (${num(r.driven.moves)} moves, ${num(r.driven.keyPresses)} key presses scripted = ` +
      `${num((r.driven.moves + 2 * r.driven.keyPresses) / r.driven.seconds)} ev/s); recorder saw ${num(s.kept)} kept + dropped ${dropped} + ${num(s.thinned ?? 0)} moves thinned before the gate; ` +
      `rows stored ${num(s.stored)}${frames}; the database grew ${num(r.dbBytes / 1e6, 2)} MB = ${num((r.dbBytes / 1e6 / r.driven.seconds) * 3600, 1)} MB/h at this rate`);
    console.log(`  key-to-disk latency over ${num(s.keyToDiskMs.count)} key presses: p50 ${num(s.keyToDiskMs.p50, 1)} ms, ` +
      `p99 ${num(s.keyToDiskMs.p99, 1)} ms, max ${num(s.keyToDiskMs.max, 1)} ms` + (s.warnings.length ? `; warnings: ${s.warnings.join(' | ')}` : ''));
    // The hook hears every event on the display: more than the driver sent means another client
    // drives input there too (a stray xdotool of an interrupted run), and the run measured more load.
    const drivenEvents = r.driven.moves + 2 * r.driven.keyPresses;
    if (r.hookEvents > drivenEvents * 1.1 + 50) {
      console.log(`  WARNING: the display carried ${num(r.hookEvents)} input events but ${num(drivenEvents)} were driven: another client sends input to it, so this run's figures are not at the stated load`);
    }
    // CAIRN_BENCH_ALL_THREADS=1 names every thread, not only the busy ones.
    const least = process.env.CAIRN_BENCH_ALL_THREADS ? Number.NEGATIVE_INFINITY : 0.05;
    const busy = r.threads.filter((t) => t.cpuPct >= least).map((t) => `${t.thread} ${num(t.cpuPct, 2)}% (${num(t.wakeupsPerS)}/s)`);
    const quiet = r.threads.filter((t) => t.cpuPct < least);
    const quietSum = quiet.reduce((sum, t) => sum + t.cpuPct, 0);
    const alive = r.threads.reduce((sum, t) => sum + t.cpuPct, 0);
    console.log(`  recorder CPU by thread (% of one core, after warm-up; wake-ups a second): ${busy.join(', ') || 'n/a'}` +
      (quiet.length ? `; ${quiet.length} more under 0.05% each, ${num(quietSum, 2)}% together` : '') +
      `; all threads ${num(alive, 2)}%`);
    // Growth in a long run: RSS rises and falls with V8's collections, so the lowest sample of each
    // span is what memory the recording keeps.
    if (SECONDS >= 2 * FLOOR_SPAN_S) {
      const floors: string[] = [];
      for (let from = 0; from < r.driven.seconds; from += FLOOR_SPAN_S) {
        const span = r.recorder.filter((p) => p.at >= from && p.at < from + FLOOR_SPAN_S).map((p) => p.rssMb);
        if (span.length > 0) floors.push(num(Math.min(...span), 1));
      }
      console.log(`  recorder RSS, the lowest sample of each ${FLOOR_SPAN_S / 60} minutes (MB): ${floors.join(', ')}`);
    }
  }
  console.log('');
  // Side by side in one run, the two recorders met the same input at the same moments.
  for (const mine of runs.filter((r) => r.label.startsWith('this checkout'))) {
    const before = runs.find((r) => r.mode === mine.mode && r !== mine);
    if (!before) continue;
    const cpu = (r: RunResult) => cpuAfterWarmup(r.recorder, r.warmupS);
    const main = (r: RunResult) => r.threads.find((t) => t.thread === 'main');
    const wakeups = (r: RunResult) => r.threads.reduce((sum, t) => sum + t.wakeupsPerS, 0);
    console.log(`${mine.mode}, this checkout / before in the same run: CPU ${num(cpu(mine), 2)} / ${num(cpu(before), 2)}% = ${num(cpu(mine) / cpu(before), 2)}x; ` +
      `main thread ${num(main(mine)?.cpuPct ?? Number.NaN, 2)} / ${num(main(before)?.cpuPct ?? Number.NaN, 2)}%, ` +
      `${num(main(mine)?.wakeupsPerS ?? Number.NaN)} / ${num(main(before)?.wakeupsPerS ?? Number.NaN)} wake-ups a second; all threads ${num(wakeups(mine))} / ${num(wakeups(before))} wake-ups a second`);
  }
  console.log('');
  console.log(`CPU % is of one core, mean of 1 s samples after a ${WARMUP_S} s warm-up (${IDLE_WARMUP_S} s idle; start-up excluded); the recorders of a run and its hook run at the same time and see the same input. ` +
    'Peak RSS is the process\'s high-water mark (VmHWM), start-up and stop included; RSS @end is the last sample while input was driven, before the stop; RSS MB/min the slope from 10 s to then, and "2nd half" the slope over the second half of the run only. ' +
    'Targets: CPU at ~400 ev/s <= 2x the bare listener; peak RSS <= 120 MB with frames and the ring on; no growth.');
}

const started = performance.now();
const cleanup: Cleanup = { procs: [], drivers: [] };
let x: XvfbDisplay | undefined;
let term: Xterm | undefined;
const dir = mkdtempSync(join(tmpdir(), 'cairn-bench-load-'));
const stopAll = async (): Promise<void> => {
  for (const d of cleanup.drivers) d.stop();
  for (const p of cleanup.procs) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
  term?.kill();
  await x?.stop();
  rmSync(dir, { recursive: true, force: true });
};
process.once('SIGINT', () => void stopAll().then(() => process.exit(130)));
try {
  x = await startXvfb({ width: 1280, height: 800 });
  term = await openXterm(x.env, { cls: APP, bg: '#203040', geometry: '120x40+40+40', title: 'bench allowed' });
  const baseline = baselineCheckout();
  const recorders = [...('root' in baseline ? [{ name: 'before', root: baseline.root }] : []), { name: 'this checkout', root: HERE }];
  if ('none' in baseline) console.log(`recorder-load: no baseline recorder (${baseline.none})`);
  const contenders: Contender[] = recorders.map(({ name, root }) => ({ name, root, env: { ...x!.env, CAIRN_DATA_DIR: join(dir, name.replace(/\W+/g, '-')) } }));
  for (const { root, env } of contenders) {
    await cli(root, env, ['consent', 'accept', '--sha256', loadConsentText().sha256]);
    await cli(root, env, ['apps', 'allow', APP, '--screens', 'off']);
  }
  const runs: RunResult[] = [];
  // No input at all: what the recorder's timers, focus watcher and store cost by themselves.
  if (RUNS.has('idle')) runs.push(...(await oneRun(`screens off, idle (no input, ${IDLE_SECONDS} s)`, contenders, x, term, dir, cleanup, IDLE_SECONDS, false)));
  if (RUNS.has('off')) runs.push(...(await oneRun('screens off', contenders, x, term, dir, cleanup)));
  if (RUNS.has('on')) {
    for (const { root, env } of contenders) await cli(root, env, ['apps', 'allow', APP, '--screens', 'on']);
    runs.push(...(await oneRun('screens on', contenders, x, term, dir, cleanup)));
  }
  console.log(`recorder-load: ${SECONDS} s per run under Xvfb 1280x800, one allowed xterm focused; Node ${process.version}${'root' in baseline ? `; "before" is ${baseline.root}` : ''}`);
  console.log('');
  report(runs);
} finally {
  await stopAll();
  console.log(`took ${num((performance.now() - started) / 1000, 1)} s`);
}
