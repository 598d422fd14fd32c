// Soak of the real recorder: `cairn record` under Xvfb with frames on, ~400 input events/s driven by
// xdotool into one allowed xterm for SOAK_MINUTES (10 by default), then a burst at ~5,000 events/s
// for SOAK_BURST_SECONDS (10). Every 10 s it samples the recorder's RSS, the WAL and database sizes
// and the gate's queue depth (the `held N` of the recorder's status line), and prints the curve.
// At the end it compares the key presses driven with the key-downs stored and shows every drop.
// Prints figures; the exit code is 1 only if an allowed key was lost or the recorder failed.
// Run: npm run soak   (SOAK_MINUTES=1 for a quick look)
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { loadConsentText } from '../src/consent/consent-text.ts';
import type { RecorderCounters } from '../src/recorder/recorder-counters.ts';
import { runCairn, startRecording } from '../tests/helpers/cli.ts';
import { openXterm, startXvfb, xdotool } from '../tests/helpers/xvfb.ts';
import { max, num, printTable } from '../bench/helpers/figures.ts';
import { InputDriver } from '../bench/helpers/input-driver.ts';
import { findProcess } from '../bench/helpers/proc-sampler.ts';

const MINUTES = Number(process.env.SOAK_MINUTES ?? 10);
const BURST_SECONDS = Number(process.env.SOAK_BURST_SECONDS ?? 10);
const SAMPLE_MS = 10_000;
const APP = 'SoakTerm';

interface Sample {
  at: number;
  phase: string;
  rssMb: number;
  walKb: number;
  dbMb: number;
  /** Largest `held` the status lines showed since the previous sample. */
  heldMax: number;
  kept: number;
  dropped: number;
}

function rssMb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

const size = (file: string) => (existsSync(file) ? statSync(file).size : 0);

async function cli(env: NodeJS.ProcessEnv, args: string[]): Promise<void> {
  const r = await runCairn(args, env);
  if (r.code !== 0) throw new Error(`cairn ${args.join(' ')} failed (${r.code}): ${r.stderr.trim()}`);
}

async function main(): Promise<number> {
  const x = await startXvfb({ width: 1280, height: 800 });
  const dataDir = mkdtempSync(join(tmpdir(), 'cairn-soak-'));
  const env = { ...x.env, CAIRN_DATA_DIR: dataDir };
  const term = await openXterm(x.env, { cls: APP, geometry: '120x40+40+40' });
  const driver = new InputDriver();
  try {
    await cli(env, ['consent', 'accept', '--sha256', loadConsentText().sha256]);
    await cli(env, ['apps', 'allow', APP, '--screens', 'on']);
    await xdotool(x.env, 'windowactivate', '--sync', term.windowId);
    const g = Object.fromEntries(
      (await xdotool(x.env, 'getwindowgeometry', '--shell', term.windowId)).trim().split('\n').map((l) => l.split('=') as [string, string]),
    );
    const box = { x: Number(g.X) + 20, y: Number(g.Y) + 20, width: Number(g.WIDTH) - 40, height: Number(g.HEIGHT) - 40 };

    const statsFile = join(dataDir, '..', `soak-stats-${process.pid}.json`);
    const rec = await startRecording([], env, { statsFile });
    const pid = findProcess(rec.child.pid!, ['cairn-with-probes', 'record']) ?? rec.child.pid!;
    // The status line comes every 5 s when stderr is not a terminal: parse its queue depth and counts.
    let heldMax = 0;
    let last = { kept: 0, dropped: 0 };
    let seenLines = 0;
    rec.child.stderr!.on('data', (d: Buffer) => {
      for (const line of d.toString().split('\n')) {
        const m = /kept (\d+) \| dropped (\d+).*\| held (\d+)/.exec(line);
        if (!m) continue;
        seenLines++;
        last = { kept: Number(m[1]), dropped: Number(m[2]) };
        heldMax = Math.max(heldMax, Number(m[3]));
      }
    });

    const t0 = performance.now();
    let phase = 'steady';
    const samples: Sample[] = [];
    const db = join(dataDir, 'cairn.db');
    const sample = () => {
      samples.push({
        at: (performance.now() - t0) / 1000,
        phase,
        rssMb: rssMb(pid),
        walKb: size(`${db}-wal`) / 1024,
        dbMb: size(db) / 1e6,
        heldMax,
        ...last,
      });
      heldMax = 0;
    };
    sample();
    const timer = setInterval(sample, SAMPLE_MS);

    console.log(`Soak: ${MINUTES} min at ~400 ev/s, then ${BURST_SECONDS} s at ~5,000 ev/s; frames on; data in ${dataDir}`);
    const steady = await driver.drive({ env: x.env, box, seconds: MINUTES * 60 });
    phase = 'burst';
    // No sleep between moves: xdotool then sends as fast as it can, ~5,000 moves/s here.
    const burst = await driver.drive({ env: x.env, box, seconds: BURST_SECONDS + 1, moveSleepS: 0, movesPerKey: 400 });
    phase = 'after';
    await new Promise((resolve) => setTimeout(resolve, 3000));
    clearInterval(timer);
    sample();
    const result = await rec.stop('SIGINT');
    if (result.code !== 0) throw new Error(`cairn record exited with ${result.code}: ${result.stderr.trim()}`);
    const stats = JSON.parse(readFileSync(statsFile, 'utf8')) as RecorderCounters & { sessionId: string };
    rmSync(statsFile, { force: true });

    printTable(
      ['t (s)', 'phase', 'RSS MB', 'WAL KB', 'db MB', 'held (max)', 'kept', 'dropped'],
      samples.map((s) => [num(s.at, 0), s.phase, num(s.rssMb, 1), num(s.walKb, 0), num(s.dbMb, 2), num(s.heldMax), num(s.kept), num(s.dropped)]),
    );

    const store = new Database(db, { readonly: true });
    const keyDowns = store.prepare(`SELECT count(*) AS n FROM events WHERE session_id = ? AND kind = 'key-down'`).get(stats.sessionId) as { n: number };
    const integrity = store.pragma('integrity_check', { simple: true });
    store.close();

    const drivenKeys = steady.keyPresses + burst.keyPresses;
    const drivenEvents = steady.moves + burst.moves + 2 * drivenKeys;
    const seen = stats.kept + Object.values(stats.dropped).reduce((a, b) => a + b, 0);
    const drops = Object.entries(stats.dropped).filter(([, n]) => n > 0).map(([k, n]) => `${k} ${num(n)}`).join(', ') || 'none';
    const rss = samples.map((s) => s.rssMb).filter((n) => !Number.isNaN(n));
    const tenth = samples.find((s) => s.at >= 60) ?? samples[0]!;
    const lastSteady = samples.filter((s) => s.phase === 'steady').at(-1)!;
    console.log('');
    console.log(`steady: ${num(steady.seconds, 1)} s, ${num(steady.moves)} moves + ${num(steady.keyPresses)} key presses = ${num((steady.moves + 2 * steady.keyPresses) / steady.seconds)} ev/s`);
    console.log(`burst:  ${num(burst.seconds, 1)} s, ${num(burst.moves)} moves + ${num(burst.keyPresses)} key presses = ${num((burst.moves + 2 * burst.keyPresses) / burst.seconds)} ev/s`);
    console.log(`recorder saw ${num(seen)} of ${num(drivenEvents)} driven events (kept ${num(stats.kept)}, dropped: ${drops}); stored ${num(stats.stored)} rows, ${stats.frames} frames ` +
      `(failed ${stats.frameCounts?.failed ?? 0}); held at stop ${stats.pending}; status lines read ${seenLines}`);
    console.log(`RSS: ${num(tenth.rssMb, 1)} MB at ${num(tenth.at)} s, ${num(lastSteady.rssMb, 1)} MB at the end of the steady phase, peak ${num(max(rss), 1)} MB; ` +
      `WAL peak ${num(max(samples.map((s) => s.walKb)))} KB; queue (held) peak ${num(max(samples.map((s) => s.heldMax)))}`);
    console.log(`key-to-disk p50 ${num(stats.keyToDiskMs.p50, 0)} ms, p99 ${num(stats.keyToDiskMs.p99, 0)} ms; integrity_check: ${String(integrity)}`);
    console.log(`keys: driven ${num(drivenKeys)}, stored ${num(keyDowns.n)} -> lost ${num(drivenKeys - keyDowns.n)}`);
    return keyDowns.n === drivenKeys && integrity === 'ok' ? 0 : 1;
  } finally {
    driver.stop();
    term.kill();
    await x.stop({ untilExit: true });
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
