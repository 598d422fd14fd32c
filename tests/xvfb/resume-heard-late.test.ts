// What happened while paused stays unrecorded even when it is heard only after the resume. Keys
// reach the recorder a while after they happen (the X server sends them, the hook's thread reads
// them), so keys typed just before a resume from the app or the tray (not the hotkey, which comes in
// the same stream) may arrive after it (ConsentGate.dropThrough). Here keys stream from xdotool while
// paused, the API resumes in the middle of them, and the X server's clock is read by a round trip
// just before the resume: no key stored may carry an earlier time (the events table stores each
// key's X server time, less the session's clock origin). Keys typed after the resume are recorded.
// The real recorder in the host service, under Xvfb, 3 runs. On an idle machine the hook hears a key
// within a millisecond and this passed without the rule too; with the hook reading in 40 ms paces
// (tried, and taken out for the observations' sake) it failed without it: keys 3-7 ms before the
// resume were stored.
import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { X11FocusWatcher } from '../../src/capture/x11/x11-focus-watcher.ts';
import type { RecordingSnapshot } from '../../src/shared/contract.ts';
import { type CairnService, createCairnService } from '../../src/host/cairn-service.ts';
import { invoke } from '../../src/host/invoke.ts';
import { type RecordingDesk, openRecordingDesk } from '../helpers/recording-desk.ts';
import { sleep } from '../helpers/typing.ts';
import { xdotool, xvfbMissingReason } from '../helpers/xvfb.ts';

const missing = xvfbMissingReason();
if (missing) console.warn(`Skipping the late-heard resume test: ${missing}.`);

/** Letters only, so that no key is a hotkey or a modifier: ~3 s of keys, 8 ms apart. */
const STREAM = 'abcdefghijklmnopqrstuvwxyz'.repeat(24);

describe.skipIf(missing !== null)('a resume in the middle of streaming input', () => {
  let desk: RecordingDesk;
  let service: CairnService;
  let clock: X11FocusWatcher;
  const savedDisplay = process.env.DISPLAY;

  beforeAll(async () => {
    desk = await openRecordingDesk({ app: 'LateTerm', geometry: '60x15+0+0' });
    process.env.DISPLAY = desk.x.display;
    service = createCairnService({ dataDir: desk.dataDir });
    // A watcher of the test's own: its round trip answers with the X server's time.
    clock = new X11FocusWatcher({ display: desk.x.display });
    await clock.start({ focus: () => undefined, watermark: () => undefined, failed: () => undefined });
  }, 60_000);

  afterAll(async () => {
    await clock?.stop();
    await service?.close();
    await desk?.close();
    process.env.DISPLAY = savedDisplay;
  });

  async function ok(method: string, input: unknown = {}): Promise<RecordingSnapshot> {
    const r = await invoke(service.handlers, method, input);
    if (!r.ok) throw new Error(`${method} failed: ${r.error.code}: ${r.error.message}`);
    return r.result as RecordingSnapshot;
  }

  it('stores no key typed before the resume, however late it is heard, and records what follows (3 runs)', async () => {
    for (let run = 1; run <= 3; run++) {
      const started = await ok('recorder.start');
      await desk.focus();
      await sleep(300);
      expect((await ok('recorder.pause')).state).toBe('paused');
      const typing = xdotool(desk.x.env, 'type', '--delay', '8', STREAM);
      await sleep(900 + run * 110);
      const beforeResume = await clock.sync();
      expect((await ok('recorder.resume')).state).toBe('recording');
      const afterResume = await clock.sync();
      await typing;
      await sleep(500);
      await ok('recorder.stop');

      const db = new Database(join(desk.dataDir, 'cairn.db'), { readonly: true });
      try {
        const origin = db.prepare('SELECT clock_origin FROM sessions WHERE id = ?').pluck().get(started.sessionId) as number;
        const keys = (db.prepare("SELECT t FROM events WHERE session_id = ? AND kind = 'key-down' ORDER BY seq").pluck().all(started.sessionId) as number[]).map((t) => t + origin);
        const typedWhilePaused = keys.filter((time) => time <= beforeResume);
        expect(typedWhilePaused, `run ${run}: keys stamped before the resume (at ${beforeResume})`).toEqual([]);
        // What came well after the resume is recorded: the stream went on for a second and more.
        expect(keys.filter((time) => time > afterResume + 200).length, `run ${run}: keys after the resume`).toBeGreaterThan(40);
        const dropped = JSON.parse(db.prepare('SELECT dropped_json FROM sessions WHERE id = ?').pluck().get(started.sessionId) as string) as Record<string, number>;
        expect(dropped.paused, `run ${run}: keys dropped as paused`).toBeGreaterThan(40);
      } finally {
        db.close();
      }
    }
  }, 90_000);
});
