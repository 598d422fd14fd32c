// Wall-clock jumps during a real recording must not reorder or drop events, nor keep the recorder
// from stopping: the gate works on the X server's clock and the monotonic clock, and the wall clock
// only stamps `started_at` and `last_flush_at`. The recorder runs under libfaketime (`faketime`
// package), whose offset file is rewritten mid-recording (+0, +1 h, -1 h, +0); the monotonic clock
// is left alone, as a real NTP step or a manual clock change leaves it.
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCairn, startRecording } from '../helpers/cli.ts';
import { openRecordingDesk, type RecordingDesk } from '../helpers/recording-desk.ts';
import { sleep } from '../helpers/typing.ts';
import { type XvfbDisplay, xdotool, xvfbMissingReason } from '../helpers/xvfb.ts';

const LIBFAKETIME = '/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1';
const missing = xvfbMissingReason() ?? (existsSync(LIBFAKETIME) ? null : `libfaketime is not installed (${LIBFAKETIME}; Debian package faketime)`);
if (missing) console.warn(`Skipping the clock jump test: ${missing}.`);

describe.skipIf(missing !== null)('wall-clock jumps during a recording', () => {
  let desk: RecordingDesk;
  let x: XvfbDisplay;
  let env: NodeJS.ProcessEnv;
  let dataDir: string;

  beforeAll(async () => {
    desk = await openRecordingDesk({ app: 'ClockTerm', geometry: '80x20+0+0' });
    ({ x, env, dataDir } = desk);
    await desk.focus();
  }, 60_000);

  afterAll(() => desk?.close());

  it('keeps every key, in order, across jumps of +1 h, -1 h and back to +0, and stops on SIGINT', async () => {
    const offset = join(dataDir, '..', `faketime-${process.pid}`);
    writeFileSync(offset, '+0');
    const faked = {
      ...env,
      LD_PRELOAD: LIBFAKETIME,
      FAKETIME_TIMESTAMP_FILE: offset,
      FAKETIME_NO_CACHE: '1',
      FAKETIME_DONT_FAKE_MONOTONIC: '1',
      // libfaketime 0.9.10 turns its "monotonic fix" on by itself on this glibc; with the monotonic
      // clock not faked, every CLOCK_MONOTONIC pthread_cond_timedwait then returns at once (a 200 ms
      // wait took 0 ms), which no real clock step does. Off, such waits take their time again.
      FAKETIME_FORCE_MONOTONIC_FIX: '0',
    };
    const rec = await startRecording([], faked);
    const startedAt = performance.now();
    const type = (text: string) => xdotool(x.env, 'type', '--delay', '20', text);
    // Ends an hour behind: the session's stamps must still span the real time it lasted.
    const steps: [string, string][] = [['+0', 'beforejump1'], ['+1h', 'plushour2'], ['-1h', 'minushour3'], ['+0', 'backtozero4'], ['-1h', 'behindagain5']];
    for (const [i, [wallOffset, text]] of steps.entries()) {
      writeFileSync(offset, wallOffset);
      await type(text);
      await sleep(300);
      if (i === 2) {
        // Another command meanwhile (on the true clock) must not take the live recording for a crashed one.
        const list = await runCairn(['sessions', '--json'], env);
        expect(JSON.parse(list.stdout).sessions.find((s: { id: string }) => s.id === rec.sessionId)?.state).toBe('recording');
      }
    }
    const parts = steps.map(([, text]) => text);

    // The ordinary stop; should it ever hang, the recorder's threads say where before it is killed.
    const stopped = await Promise.race([rec.stop('SIGINT').then(() => true), sleep(10_000).then(() => false)]);
    const threads = stopped ? '' : threadStates(rec.child.pid!);
    if (!stopped) {
      rec.child.kill('SIGKILL');
      await rec.exited;
    }
    const lasted = performance.now() - startedAt;
    expect(stopped, `the recorder did not stop within 10 s of SIGINT; its threads:\n${threads}`).toBe(true);
    expect(rec.output().stdout).toContain(`Session ${rec.sessionId} recorded`);

    const view = JSON.parse((await runCairn(['show', rec.sessionId, '--json', '--events'], env)).stdout);
    expect(view.typedText.map((r: { text: string }) => r.text).join('')).toBe(parts.join(''));
    expect(Object.values(view.dropped as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(0);
    // Keys: each letter down then up, in seq order, with event times that never go back.
    const times = (view.events as { seq: number; t: number }[]).map((e) => e.t);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(view.events.filter((e: { kind: string }) => e.kind === 'key-down')).toHaveLength(parts.join('').length);
    const db = new Database(join(dataDir, 'cairn.db'), { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    // The wall clock is read once, at the start; the stop is stamped by the monotonic clock from there.
    const row = db.prepare('SELECT started_at, ended_at, last_flush_at FROM sessions WHERE id = ?').get(rec.sessionId) as { started_at: number; ended_at: number; last_flush_at: number };
    expect(row.ended_at - row.started_at).toBeGreaterThan(lasted - 2_000);
    expect(row.ended_at - row.started_at).toBeLessThan(lasted + 2_000);
    expect(row.last_flush_at).toBeGreaterThanOrEqual(row.started_at);
    db.close();
    console.log(`clock jumps +1 h / -1 h / +0 / -1 h: ${times.length} events stored in order, 0 dropped; last event t ${times.at(-1)} ms; session stamped ${row.ended_at - row.started_at} ms long, lasted ${Math.round(lasted)} ms`);
  }, 60_000);
});

/** Name, kernel wait channel and current syscall of each thread of `pid` (Linux /proc). */
function threadStates(pid: number): string {
  const read = (path: string) => {
    try {
      return readFileSync(path, 'utf8').trim();
    } catch {
      return '?';
    }
  };
  try {
    return readdirSync(`/proc/${pid}/task`)
      .map((t) => `${t} ${read(`/proc/${pid}/task/${t}/comm`)} wchan=${read(`/proc/${pid}/task/${t}/wchan`)} syscall=${read(`/proc/${pid}/task/${t}/syscall`).split(' ')[0]}`)
      .join('\n');
  } catch {
    return '(process gone)';
  }
}
