// The app's way of recording: the host service (as in `cairn serve` and the desktop's service
// process) drives the same recording session as `cairn record`, with real uiohook and the X11
// watcher in this process. Its hotkeys, the tray's `recorder.control` and a withdrawal through the
// host each do what they do in the CLI, and its status events follow.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordingSnapshot } from '../../src/shared/contract.ts';
import { type CairnService, createCairnService } from '../../src/host/cairn-service.ts';
import { invoke } from '../../src/host/invoke.ts';
import { runCairn } from '../helpers/cli.ts';
import { acceptAndAllow } from '../helpers/ready-to-record.ts';
import { type RecordingDesk, openRecordingDesk } from '../helpers/recording-desk.ts';
import { sleep } from '../helpers/typing.ts';
import { xdotool, xvfbMissingReason } from '../helpers/xvfb.ts';

const missing = xvfbMissingReason();
if (missing) console.warn(`Skipping the host recording test: ${missing}.`);

describe.skipIf(missing !== null)('recording through the host service', () => {
  let desk: RecordingDesk;
  let service: CairnService;
  const statuses: RecordingSnapshot[] = [];
  const savedDisplay = process.env.DISPLAY;

  beforeAll(async () => {
    desk = await openRecordingDesk({ app: 'HostTerm', geometry: '60x15+0+0' });
    // The recorder's hook and watcher open the display named by DISPLAY, in this process.
    process.env.DISPLAY = desk.x.display;
    service = createCairnService({ dataDir: desk.dataDir, onEvent: (name, payload) => name === 'recorder.status' && statuses.push(payload as RecordingSnapshot) });
  }, 60_000);

  afterAll(async () => {
    await service?.close();
    await desk?.close();
    process.env.DISPLAY = savedDisplay;
  });

  async function ok<T = RecordingSnapshot>(method: string, input: unknown = {}): Promise<T> {
    const r = await invoke(service.handlers, method, input);
    if (!r.ok) throw new Error(`${method} failed: ${r.error.code}: ${r.error.message}`);
    return r.result as T;
  }
  const type = (text: string) => xdotool(desk.x.env, 'type', '--delay', '15', text);
  const key = (keys: string) => xdotool(desk.x.env, 'key', keys);
  async function until(state: RecordingSnapshot['state']): Promise<RecordingSnapshot> {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const now = await ok('recorder.status');
      if (now.state === state || Date.now() > deadline) return now;
      await sleep(50);
    }
  }

  it('pauses, forgets and stops on its hotkeys and the tray\'s control, recording only what it should', async () => {
    const started = await ok('recorder.start');
    expect(started).toMatchObject({ state: 'recording', stoppedBecause: null });
    await desk.focus();
    await type('forgotten1');
    await sleep(300);
    await key('ctrl+alt+shift+f');
    await sleep(800);
    await type('kept2');
    await sleep(300);
    await key('ctrl+alt+shift+p');
    expect((await until('paused')).state).toBe('paused');
    await type('paused3');
    await sleep(300);
    // The tray's way: the same mapping as the hotkey, through the API.
    expect((await ok('recorder.control', { action: 'toggle-pause' })).state).toBe('recording');
    await type('kept4');
    await sleep(500);
    await key('ctrl+alt+shift+r');
    const stopped = await until('idle');
    expect(stopped).toMatchObject({ state: 'idle', sessionId: started.sessionId, stoppedBecause: null });
    expect(stopped.stored).toBeGreaterThan(0);

    const view = await ok<{ state: string; typedText: { text: string }[]; dropped: Record<string, number>; audit: { action: string; detail: unknown }[] }>('sessions.get', { id: started.sessionId });
    expect(view.state).toBe('recorded');
    expect(view.typedText.map((r) => r.text).join('')).toBe('kept2kept4');
    expect(view.dropped['control-key']).toBeGreaterThanOrEqual(6);
    expect(view.dropped.paused).toBeGreaterThan(0);
    expect(view.audit.find((a) => a.action === 'session.stop')?.detail).toMatchObject({ reason: 'stopped by hotkey' });
    // Pushed about four times a second while it ran, and once more when it stopped.
    expect(statuses.filter((s) => s.state !== 'idle').length).toBeGreaterThan(8);
    expect(statuses.at(-1)).toMatchObject({ state: 'idle', sessionId: started.sessionId });
  }, 60_000);

  it('starts from the tray\'s control, and a withdrawal through the host stops it and keeps nothing', async () => {
    const started = await ok('recorder.control', { action: 'toggle-record' });
    expect(started.state).toBe('recording');
    await desk.focus();
    await type('withdrawn5');
    await sleep(700);
    const withdrawn = await ok<{ sessions: number; stoppedRecorders: number }>('consent.withdraw');
    expect(withdrawn).toMatchObject({ sessions: 2, stoppedRecorders: 1 });
    expect(await ok('recorder.status')).toMatchObject({ state: 'idle', stoppedBecause: 'Recording stopped: consent was withdrawn.' });
    expect(await ok('data.get')).toMatchObject({ sessions: 0, events: 0, frames: 0, tombstones: 2 });
    const again = await invoke(service.handlers, 'recorder.control', { action: 'toggle-record' });
    expect(again).toMatchObject({ ok: false, error: { code: 'refused', message: expect.stringContaining('No consent given yet') } });
  }, 60_000);

  it('stops for a withdrawal made from a terminal without signalling the process it runs in', async () => {
    acceptAndAllow(desk.env, 'HostTerm');
    // The host service runs in this test's process, as it runs in the desktop app's service process
    // and in `cairn serve`: a SIGTERM from the withdrawal would be caught here (a SIGKILL would end it).
    const signals: string[] = [];
    const onTerm = () => signals.push('SIGTERM');
    process.on('SIGTERM', onTerm);
    try {
      expect((await ok('recorder.start')).state).toBe('recording');
      await desk.focus();
      await type('terminal6');
      await sleep(700);
      const withdraw = await runCairn(['consent', 'withdraw'], desk.env);
      expect(withdraw.code, withdraw.stderr).toBe(0);
      expect(withdraw.stdout).toMatch(/Erased 1 session/);
      expect(await until('idle')).toMatchObject({ state: 'idle', stoppedBecause: 'Recording stopped: consent was withdrawn.' });
      expect(await ok('data.get')).toMatchObject({ sessions: 0, events: 0, frames: 0 });
      await sleep(3500);
      expect(signals).toEqual([]);
    } finally {
      process.off('SIGTERM', onTerm);
    }
  }, 60_000);
});
