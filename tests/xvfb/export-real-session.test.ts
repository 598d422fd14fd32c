// A real recording under Xvfb (the real `cairn record`, uiohook, focus watcher and screenshots),
// driven by xdotool, derived into steps and written in every export format: the steps say what
// was done (a click at the clicked spot, the typed text, a scroll downwards, a drag with its path).
// The approval gate belongs to the export command; here the writers are called on the loaded session.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Action } from '../../src/export/actions/action.ts';
import { deriveActions } from '../../src/export/actions/derive-actions.ts';
import { loadExportSession } from '../../src/export/export-session.ts';
import { EXPORT_FORMATS, writerFor } from '../../src/export/writers/index.ts';
import { openStore } from '../../src/store/open-store.ts';
import { startRecording } from '../helpers/cli.ts';
import { readyToRecord } from '../helpers/ready-to-record.ts';
import { sleep } from '../helpers/typing.ts';
import { type Xterm, type XvfbDisplay, openXterm, startXvfb, xdotool, xvfbMissingReason } from '../helpers/xvfb.ts';

const missing = xvfbMissingReason();
if (missing) console.warn(`Skipping the Xvfb export test: ${missing}.`);

describe.skipIf(missing !== null)('exporting a real recorded session', () => {
  let x: XvfbDisplay;
  let term: Xterm;
  let dataDir: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    x = await startXvfb({ width: 1280, height: 800 });
    term = await openXterm(x.env, { cls: 'ExportTerm', geometry: '80x24+40+40', title: 'export-demo' });
    dataDir = mkdtempSync(join(tmpdir(), 'cairn-export-real-'));
    env = { ...x.env, CAIRN_DATA_DIR: dataDir };
    readyToRecord(dataDir, [{ app: 'ExportTerm', screens: 'on' }]);
  }, 60_000);

  afterAll(async () => {
    term?.kill();
    await x?.stop();
  });

  it('exports to every format with steps that match what was done', async () => {
    await xdotool(x.env, 'windowactivate', '--sync', term.windowId);
    const rec = await startRecording(['--frame-period', '2'], env);
    await sleep(800);
    await xdotool(x.env, 'type', '--delay', '40', 'echo hello');
    await sleep(300);
    await xdotool(x.env, 'mousemove', '200', '150');
    await sleep(100);
    await xdotool(x.env, 'click', '1');
    await sleep(900);
    await xdotool(x.env, 'mousemove', '250', '200');
    await sleep(100);
    for (let i = 0; i < 3; i++) await xdotool(x.env, 'click', '5');
    await sleep(900);
    await xdotool(x.env, 'mousemove', '120', '120');
    await xdotool(x.env, 'mousedown', '1');
    for (const [mx, my] of [[160, 140], [200, 160], [240, 180], [280, 200]]) {
      await sleep(40);
      await xdotool(x.env, 'mousemove', String(mx), String(my));
    }
    await sleep(40);
    await xdotool(x.env, 'mouseup', '1');
    await sleep(1200);
    const result = await rec.stop('SIGINT');
    expect(result.code, result.stderr).toBe(0);

    const store = openStore(dataDir);
    try {
      const session = loadExportSession(store, rec.sessionId);
      const actions = deriveActions(session);
      const kinds = actions.map((a) => a.kind).join(',');

      const typed = actions.filter((a): a is Extract<Action, { kind: 'type' }> => a.kind === 'type').map((a) => a.text).join('');
      expect(typed, kinds).toContain('echo hello');

      const click = actions.find((a): a is Extract<Action, { kind: 'click' }> => a.kind === 'click');
      expect(click, kinds).toMatchObject({ button: 'left', count: 1, point: { x: 200, y: 150 }, window: { app: 'ExportTerm' } });

      // Three notches down at one point; on a busy machine xdotool's clicks can come far enough apart
      // to make two scroll actions, so the notches are counted over all of them.
      const scrolls = actions.filter((a): a is Extract<Action, { kind: 'scroll' }> => a.kind === 'scroll');
      for (const scroll of scrolls) expect(scroll, kinds).toMatchObject({ direction: 'down', point: { x: 250, y: 200 } });
      expect(scrolls.reduce((sum, s) => sum + s.amount, 0), kinds).toBe(3);

      const drag = actions.find((a): a is Extract<Action, { kind: 'drag' }> => a.kind === 'drag');
      expect(drag, kinds).toBeDefined();
      expect([drag!.path[0]!.x, drag!.path[0]!.y]).toEqual([120, 120]);
      expect([drag!.path.at(-1)!.x, drag!.path.at(-1)!.y]).toEqual([280, 200]);
      expect(drag!.path.length).toBeGreaterThanOrEqual(4);

      expect(session.frames.length).toBeGreaterThan(0);
      for (const a of actions) expect(a.frameSeq, `${a.kind} #${a.index}`).not.toBeNull();
      // The frame is the window's crop: the click's frame coordinates are the click minus the window origin.
      const w = click!.window!.bounds;
      expect([click!.point!.frameX, click!.point!.frameY]).toEqual([200 - Math.max(0, w.x), 150 - Math.max(0, w.y)]);

      for (const format of EXPORT_FORMATS) {
        const out = join(dataDir, `export-${format}`);
        const written = await writerFor(format).write(session, actions, out);
        expect(written.steps).toBe(actions.length);
        for (const f of written.files) expect(existsSync(join(out, f)), f).toBe(true);
      }
      const traj = JSON.parse(readFileSync(join(dataDir, 'export-pyautogui/trajectories.jsonl'), 'utf8')).traj as { value: { code: string } }[];
      const codes = traj.map((s) => s.value.code);
      expect(codes).toContain("pyautogui.write(message='echo hello')");
      const check = spawnSync('python3', ['-c', 'import ast,json,sys\nfor c in json.load(sys.stdin): ast.parse(c)'], { input: JSON.stringify(codes), encoding: 'utf8' });
      expect(check.status, check.stderr).toBe(0);
    } finally {
      store.close();
    }
  }, 90_000);
});
