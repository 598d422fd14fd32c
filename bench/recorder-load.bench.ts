// The real recorder (`cairn record`, its own process) under Xvfb at a human input rate: ~400 events/s
// driven by xdotool into one allowed xterm for 60 s. Samples the recorder's CPU and RSS once a second,
// reads its key-to-disk latencies from the stats file its probes write (tests/helpers/cairn-with-probes.ts), and, as a baseline under the same input at the
// same time, a bare node process that only loads uiohook-napi and counts events. A second run does the
// same with the app's screens on; a short first run without any input shows the recorder's fixed
// cost. Prints figures; asserts nothing.
// Run: node --import tsx bench/recorder-load.bench.ts
//      (CAIRN_BENCH_SECONDS=N to change the 60 s; CAIRN_BENCH_SCREENS=0 to skip the screens-on run;
//       CAIRN_BENCH_PROFILE_DIR=DIR to have the recorder write CPU profiles there)
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3-multiple-ciphers';
import { loadConsentText } from '../src/consent/consent-text.ts';
import type { RecorderCounters } from '../src/recorder/recorder-counters.ts';
import { type RunningRecorder, runCairn, startRecording } from '../tests/helpers/cli.ts';
import { type Xterm, type XvfbDisplay, openXterm, startXvfb, xdotool } from '../tests/helpers/xvfb.ts';
import { max, mean, num, printTable } from './helpers/figures.ts';
import { InputDriver } from './helpers/input-driver.ts';
import { type ProcSample, ProcSampler, findProcess } from './helpers/proc-sampler.ts';

const SECONDS = Number(process.env.CAIRN_BENCH_SECONDS ?? 60);
const WITH_SCREENS = process.env.CAIRN_BENCH_SCREENS !== '0';
const WARMUP_S = 5;
const IDLE_SECONDS = 20;
const APP = 'BenchTerm';
const REPO = fileURLToPath(new URL('..', import.meta.url));

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

interface RunResult {
  label: string;
  stats: Stats;
  recorder: ProcSample[];
  hook: ProcSample[];
  /** The recorder's busiest threads after the warm-up. */
  threads: { thread: string; cpuPct: number }[];
  hookEvents: number;
  driven: { seconds: number; moves: number; keyPresses: number };
  /** Bytes the run added to the database (after a checkpoint). */
  dbBytes: number;
}

interface Cleanup {
  procs: ChildProcess[];
  recorders: RunningRecorder[];
  drivers: InputDriver[];
}

async function cli(env: NodeJS.ProcessEnv, args: string[]): Promise<void> {
  const r = await runCairn(args, env);
  if (r.code !== 0) throw new Error(`cairn ${args.join(' ')} failed (${r.code}): ${r.stderr.trim()}`);
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

async function oneRun(label: string, x: XvfbDisplay, env: NodeJS.ProcessEnv, term: Xterm, dir: string, cleanup: Cleanup, seconds = SECONDS, drive = true): Promise<RunResult> {
  const sizeBefore = dbSize(env.CAIRN_DATA_DIR!);
  await xdotool(x.env, 'windowactivate', '--sync', term.windowId);
  const geometry = await xdotool(x.env, 'getwindowgeometry', '--shell', term.windowId);
  const g = Object.fromEntries(geometry.trim().split('\n').map((l) => l.split('=') as [string, string]));
  const box = { x: Number(g.X) + 20, y: Number(g.Y) + 20, width: Number(g.WIDTH) - 40, height: Number(g.HEIGHT) - 40 };

  const hookProc = spawn(process.execPath, ['-e', HOOK_ONLY], { cwd: REPO, env: x.env, stdio: ['ignore', 'pipe', 'inherit'] });
  cleanup.procs.push(hookProc);
  let hookOut = '';
  hookProc.stdout!.on('data', (d: Buffer) => (hookOut += d.toString()));
  const hookExited = new Promise<void>((resolve) => hookProc.on('exit', () => resolve()));

  const statsFile = join(dir, `stats-${label.replace(/\W+/g, '-')}.json`);
  // CAIRN_BENCH_PROFILE_DIR: the recorder (and its store worker) write V8 CPU profiles there at exit.
  const profile = process.env.CAIRN_BENCH_PROFILE_DIR;
  const recEnv = profile ? { ...env, NODE_OPTIONS: `${env.NODE_OPTIONS ?? ''} --cpu-prof --cpu-prof-dir=${profile}`.trim() } : env;
  const rec = await startRecording(['--duration', String(seconds)], recEnv, { statsFile });
  cleanup.recorders.push(rec);
  const pid = findProcess(rec.child.pid!, ['cairn-with-probes', 'record']);
  if (pid === undefined) throw new Error('the recorder process (cairn-with-probes.ts record) was not found');
  const recSampler = new ProcSampler(pid);
  const hookSampler = new ProcSampler(hookProc.pid!);

  const driver = new InputDriver();
  cleanup.drivers.push(driver);
  // Leave the recorder a second at each end: the driver stops before --duration runs out.
  const driven = drive
    ? await driver.drive({ env: x.env, box, seconds: seconds - 1.5 })
    : await new Promise<RunResult['driven']>((resolve) => setTimeout(() => resolve({ seconds: seconds - 1.5, moves: 0, keyPresses: 0 }), (seconds - 1.5) * 1000));
  const result = await rec.exited;
  const recorder = recSampler.stop();
  const threads = recSampler.threads();
  const hook = hookSampler.stop();
  hookProc.kill('SIGTERM');
  await hookExited;
  if (result.code !== 0) throw new Error(`cairn record exited with ${result.code}: ${result.stderr.trim()}`);
  const stats = JSON.parse(readFileSync(statsFile, 'utf8')) as Stats;
  return { label, stats, recorder, hook, threads, hookEvents: Number(hookOut) || 0, driven, dbBytes: dbSize(env.CAIRN_DATA_DIR!) - sizeBefore };
}

function report(runs: RunResult[]): void {
  const cpuAfterWarmup = (s: ProcSample[]) => mean(s.filter((p) => p.at > WARMUP_S).map((p) => p.cpuPct));
  const rssAt = (s: ProcSample[], at: number) => s.find((p) => p.at >= at)?.rssMb ?? Number.NaN;
  const rows: string[][] = [];
  for (const r of runs) {
    const dropped = Object.values(r.stats.dropped).reduce((a, b) => a + b, 0);
    const seen = r.stats.kept + dropped;
    for (const [who, samples] of [[`cairn record, ${r.label}`, r.recorder], ['  baseline: bare uiohook listener', r.hook]] as const) {
      const end = samples.at(-1)?.rssMb ?? Number.NaN;
      rows.push([
        who,
        num(cpuAfterWarmup(samples), 2),
        num(max(samples.map((p) => p.cpuPct)), 1),
        num(max(samples.map((p) => p.rssMb)), 1),
        num(rssAt(samples, 10), 1),
        num(end, 1),
        `${end - rssAt(samples, 10) >= 0 ? '+' : ''}${num(end - rssAt(samples, 10), 1)}`,
        who.startsWith('cairn') ? num(seen / r.driven.seconds) : num(r.hookEvents / r.driven.seconds),
      ]);
    }
  }
  printTable(['process', 'CPU % (mean)', 'CPU % (max 1 s)', 'peak RSS MB', 'RSS @10s', 'RSS @end', 'growth MB', 'input ev/s seen'], rows);
  console.log('');
  for (const r of runs) {
    const s = r.stats;
    const dropped = Object.entries(s.dropped).filter(([, n]) => n > 0).map(([k, n]) => `${k} ${num(n)}`).join(', ') || 'none';
    const frames = s.frameCounts ? `, frames stored ${s.frames} (${num(s.bytes / 1024, 0)} KB; taken ${s.frameCounts.taken}, duplicates ${s.frameCounts.duplicates}, focus moved ${s.frameCounts.focusMoved}, failed ${s.frameCounts.failed})` : '';
    console.log(`${r.label}: driven ${num(r.driven.seconds, 1)} s (${num(r.driven.moves)} moves, ${num(r.driven.keyPresses)} key presses scripted = ` +
      `${num((r.driven.moves + 2 * r.driven.keyPresses) / r.driven.seconds)} ev/s); recorder saw ${num(s.kept)} kept + dropped ${dropped}; ` +
      `rows stored ${num(s.stored)}${frames}; the database grew ${num(r.dbBytes / 1e6, 2)} MB = ${num((r.dbBytes / 1e6 / r.driven.seconds) * 3600, 1)} MB/h at this rate`);
    console.log(`  key-to-disk latency over ${num(s.keyToDiskMs.count)} key presses: p50 ${num(s.keyToDiskMs.p50, 1)} ms, ` +
      `p99 ${num(s.keyToDiskMs.p99, 1)} ms, max ${num(s.keyToDiskMs.max, 1)} ms` + (s.warnings.length ? `; warnings: ${s.warnings.join(' | ')}` : ''));
    const busy = r.threads.filter((t) => t.cpuPct >= 0.05).map((t) => `${t.thread} ${num(t.cpuPct, 2)}%`);
    console.log(`  recorder CPU by thread (% of one core, after warm-up): ${busy.join(', ') || 'n/a'}`);
  }
  console.log('');
  console.log(`CPU % is of one core, mean of 1 s samples after a ${WARMUP_S} s warm-up (recorder start-up excluded); ` +
    'both processes run at the same time and see the same input. Targets: CPU <= 3% without frames, peak RSS <= 150 MB, no growth.');
}

const started = performance.now();
const cleanup: Cleanup = { procs: [], recorders: [], drivers: [] };
let x: XvfbDisplay | undefined;
let term: Xterm | undefined;
const dir = mkdtempSync(join(tmpdir(), 'cairn-bench-load-'));
const stopAll = async (): Promise<void> => {
  for (const d of cleanup.drivers) d.stop();
  for (const r of cleanup.recorders) if (r.child.exitCode === null && r.child.signalCode === null) await r.stop('SIGKILL');
  for (const p of cleanup.procs) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
  term?.kill();
  await x?.stop();
  rmSync(dir, { recursive: true, force: true });
};
process.once('SIGINT', () => void stopAll().then(() => process.exit(130)));
try {
  x = await startXvfb({ width: 1280, height: 800 });
  term = await openXterm(x.env, { cls: APP, bg: '#203040', geometry: '120x40+40+40', title: 'bench allowed' });
  const env = { ...x.env, CAIRN_DATA_DIR: join(dir, 'data') };
  await cli(env, ['consent', 'accept', '--sha256', loadConsentText().sha256]);
  await cli(env, ['apps', 'allow', APP, '--screens', 'off']);
  // No input at all: what the recorder's timers, focus watcher and store cost by themselves.
  const runs = [await oneRun(`screens off, idle (no input, ${IDLE_SECONDS} s)`, x, env, term, dir, cleanup, IDLE_SECONDS, false)];
  runs.push(await oneRun('screens off', x, env, term, dir, cleanup));
  if (WITH_SCREENS) {
    await cli(env, ['apps', 'allow', APP, '--screens', 'on']);
    runs.push(await oneRun('screens on (periodic frame every 10 s)', x, env, term, dir, cleanup));
  }
  console.log(`recorder-load: ${SECONDS} s per run under Xvfb 1280x800, one allowed xterm focused; Node ${process.version}`);
  console.log('');
  report(runs);
} finally {
  await stopAll();
  console.log(`took ${num((performance.now() - started) / 1000, 1)} s`);
}
