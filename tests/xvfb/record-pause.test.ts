// Pause stores nothing, as if Record had not been pressed: while paused (Ctrl+Alt+Shift+P) another
// allowed window is focused and typed into and the recorded window is retitled, for longer than
// several periodic frame periods; none of its title, keys or frames reaches any byte of the data
// folder, and resuming takes a fresh frame. The real recorder (`cairn record`) under Xvfb, 3 runs.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCairn, startRecording } from '../helpers/cli.ts';
import { acceptAndAllow } from '../helpers/ready-to-record.ts';
import { filesContaining } from '../helpers/disk-bytes.ts';
import { keycodesOf, sleep } from '../helpers/typing.ts';
import { type Xterm, type XvfbDisplay, openXterm, startXvfb, xdotool, xvfbMissingReason } from '../helpers/xvfb.ts';

const missing = xvfbMissingReason();
if (missing) console.warn(`Skipping the pause test: ${missing}.`);

const MAIN_TITLE = 'PAUSEMAIN-title';
/** The other window's colour (#c08000): a frame that shows it was taken while paused. */
const isSideColour = (r: number, g: number, b: number) => r > 170 && r < 210 && g > 110 && g < 150 && b < 30;
const FRAME_PERIOD_S = 0.5;
/** Slack between a wall-clock moment and the event clock, measured from a typed key. */
const MARGIN_MS = 250;

interface RunMarks {
  sessionId: string;
  before: string;
  after: string;
  secret: string;
  titles: string[];
  /** Wall-clock moments: the last `before` key typed, the pause and the resume hotkeys. */
  typedAt: number;
  pausedAt: number;
  resumedAt: number;
}

describe.skipIf(missing !== null)('pause under Xvfb', () => {
  let x: XvfbDisplay;
  let main: Xterm;
  let side: Xterm;
  let dataDir: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    x = await startXvfb({ width: 1280, height: 800 });
    main = await openXterm(x.env, { cls: 'PauseMain', bg: '#2040a0', geometry: '70x20+0+0', title: MAIN_TITLE });
    side = await openXterm(x.env, { cls: 'PauseSide', bg: '#c08000', geometry: '70x20+640+420', title: 'PAUSESIDE-title' });
    dataDir = mkdtempSync(join(tmpdir(), 'cairn-pause-'));
    env = { ...x.env, CAIRN_DATA_DIR: dataDir };
    acceptAndAllow(env, ['PauseMain', 'PauseSide'], 'on');
  }, 60_000);

  afterAll(async () => {
    main?.kill();
    side?.kill();
    await x?.stop({ untilExit: true });
  });

  const type = (text: string) => xdotool(x.env, 'type', '--delay', '30', text);
  const focus = (term: Xterm) => xdotool(x.env, 'windowactivate', '--sync', term.windowId);
  const rename = (term: Xterm, title: string) => xdotool(x.env, 'set_window', '--name', title, term.windowId);
  const togglePause = () => xdotool(x.env, 'key', 'ctrl+alt+shift+p');

  async function recordOnce(run: number): Promise<RunMarks> {
    const m = { before: `before${run}x`, after: `after${run}x`, secret: `pausedsecret${run}z`, titles: [`PAUSEDSIDE${run}q`, `PAUSEDMAIN${run}q`] };
    await focus(main);
    const rec = await startRecording(['--frame-period', String(FRAME_PERIOD_S)], env);
    await sleep(500);
    await type(m.before);
    const typedAt = Date.now();
    await sleep(700);
    const pausedAt = Date.now();
    await togglePause();
    await sleep(300);
    // Paused: another allowed window, retitled, focused and typed into; the main one retitled.
    await rename(side, m.titles[0]!);
    await focus(side);
    await type(m.secret);
    await rename(main, m.titles[1]!);
    await sleep(FRAME_PERIOD_S * 1000 * 3 + 300);
    await rename(main, MAIN_TITLE);
    await focus(main);
    await sleep(300);
    const resumedAt = Date.now();
    await togglePause();
    await sleep(300);
    await type(m.after);
    await sleep(1200);
    const result = await rec.stop('SIGINT');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('Paused');
    return { sessionId: rec.sessionId, ...m, typedAt, pausedAt, resumedAt };
  }

  it('stores no event, title, window row or frame of the paused span, and takes a fresh frame on resume (3 runs)', async () => {
    const runs: RunMarks[] = [];
    for (let run = 1; run <= 3; run++) runs.push(await recordOnce(run));

    // Every byte of the data folder: no title seen while paused.
    for (const title of runs.flatMap((r) => r.titles)) expect(filesContaining(dataDir, title), title).toEqual([]);

    const db = new Database(join(dataDir, 'cairn.db'), { readonly: true });
    try {
      for (const r of runs) {
        const events = db.prepare('SELECT t, kind, keycode FROM events WHERE session_id = ? ORDER BY seq').all(r.sessionId) as { t: number; kind: string; keycode: number | null }[];
        const frames = db.prepare('SELECT t, reason, bytes FROM frames WHERE session_id = ? ORDER BY seq').all(r.sessionId) as { t: number; reason: string; bytes: Buffer }[];
        const apps = db.prepare('SELECT DISTINCT app FROM windows WHERE session_id = ?').pluck().all(r.sessionId);
        expect(apps).toEqual(['PauseMain']);

        const keys = events.filter((e) => e.kind === 'key-down').map((e) => e.keycode).join(',');
        expect(keys).toContain(keycodesOf(r.before).join(','));
        expect(keys).toContain(keycodesOf(r.after).join(','));
        expect(keys).not.toContain(keycodesOf(r.secret).join(','));

        // The event clock of this session against the wall clock, from the last key typed before the pause.
        const lastBefore = events.filter((e) => e.kind === 'key-down').at(keycodesOf(r.before).length - 1)!;
        const toT = (wall: number) => lastBefore.t + (wall - r.typedAt);
        const [from, to] = [toT(r.pausedAt) + MARGIN_MS, toT(r.resumedAt) - MARGIN_MS];
        expect(events.filter((e) => e.t > from && e.t < to)).toEqual([]);
        expect(frames.filter((f) => f.t > from && f.t < to).map((f) => [f.t, f.reason])).toEqual([]);
        const fresh = frames.filter((f) => f.reason === 'focus' && f.t >= to && f.t < toT(r.resumedAt) + 2000);
        expect(fresh.length, 'a frame taken on resume').toBeGreaterThanOrEqual(1);

        for (const f of frames) {
          const { data, info } = await sharp(f.bytes).raw().toBuffer({ resolveWithObject: true });
          let side = 0;
          for (let i = 0; i < data.length; i += info.channels) if (isSideColour(data[i]!, data[i + 1]!, data[i + 2]!)) side++;
          expect(side, `pixels of the window focused while paused in a frame at t=${f.t}`).toBe(0);
        }
      }
    } finally {
      db.close();
    }
    const shown = JSON.parse((await runCairn(['show', runs[0]!.sessionId, '--json'], env)).stdout) as { typedText: { text: string }[]; dropped: Record<string, number> };
    expect(shown.typedText.map((t) => t.text).join('')).not.toContain(runs[0]!.secret);
    expect(shown.dropped.paused).toBeGreaterThan(0);
  }, 150_000);
});
