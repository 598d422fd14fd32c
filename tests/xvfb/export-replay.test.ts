// A replay of the exported trajectory reaches the same end state (issue 13): under Xvfb, the real
// `cairn record` records a task in Debian's Chromium with Cairn's extension — click a text input,
// type, select all with ctrl+a and type over it (a capital and punctuation), click a button that
// turns the page green, pick an option of a `<select>` from its dropdown, and turn the wheel three
// notches over a list — all driven by xdotool. The page reports its own state to the test's server.
// The session is submitted, approved and exported with `cairn export` as pyautogui (AgentNet),
// computer13 (OSWorld) and computer-use (Anthropic's tool); each export is then run for real, as its
// consumer runs it (tests/helpers/replay/consumer-replays.ts), against a fresh page in a fresh
// Chromium at the same place, and must leave the page as the recording left it.
//
// Chromium runs in kiosk mode, filling the 1024x768 screen: Cairn's frame is then the screen, so
// the frame coordinates every format writes are the screen coordinates a consumer acts on (as an
// agent's screenshot is its screen), and at 1024x768 Anthropic's tool scales nothing.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { windowCaptureMissingReason } from '../../src/capture/x11/x11-window-capturer.ts';
import { runCairn, startRecording } from '../helpers/cli.ts';
import { acceptAndAllow } from '../helpers/ready-to-record.ts';
import { type ChromiumApp, launchChromiumApp } from '../helpers/chromium-app.ts';
import { desktopAppMissing } from '../helpers/desktop-apps.ts';
import { pressAt, wheelAt } from '../helpers/observation-input.ts';
import { replayAgentnet, replayAnthropic, replayComputer13 } from '../helpers/replay/consumer-replays.ts';
import { GREEN, LAYOUT, OPTIONS, type PageState, type ReplayPage, ROW_HEIGHT, serveReplayPage } from '../helpers/replay/replay-page.ts';
import { sleep } from '../helpers/typing.ts';
import { type XvfbDisplay, startXvfb, xdotool, xvfbMissingReason } from '../helpers/xvfb.ts';

const missing = xvfbMissingReason() ?? desktopAppMissing('chromium') ?? windowCaptureMissingReason();
if (missing) console.warn(`Skipping the export replay test: ${missing}.`);

const SCREEN = { width: 1024, height: 768 };
// --test-type: without it Chromium shows a bar about --no-sandbox over the page, for a while.
const KIOSK = ['--kiosk', '--test-type', '--window-position=0,0', `--window-size=${SCREEN.width},${SCREEN.height}`];
const TYPED = 'Hello, Cairn!';
const PICKED = 3;
const NOTCHES = 3;
const centre = (b: { x: number; y: number; width: number; height: number }) => ({ x: b.x + Math.round(b.width / 2), y: b.y + Math.round(b.height / 2) });

describe.skipIf(missing !== null)('replaying an exported Chromium task in each consumer', () => {
  let x: XvfbDisplay;
  let page: ReplayPage;
  let root: string;
  let dataDir: string;
  let env: NodeJS.ProcessEnv;
  let recorded: PageState;
  const browsers: ChromiumApp[] = [];

  const cairn = async (args: string[]) => {
    const r = await runCairn(args, env);
    if (r.code !== 0) throw new Error(`cairn ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
    return r.stdout;
  };
  /** A fresh Chromium at the same place on a fresh copy of the page, once the page has loaded. */
  const openPage = async (run: string, options: { dataDir?: string } = {}) => {
    const browser = await launchChromiumApp(x.env, { ...options, urls: [page.url(run)], args: KIOSK });
    browsers.push(browser);
    await page.settledState(run, 300);
    return browser;
  };
  const closeBrowser = async (browser: ChromiumApp) => {
    browsers.splice(browsers.indexOf(browser), 1);
    await browser.close();
  };

  beforeAll(async () => {
    x = await startXvfb(SCREEN);
    page = await serveReplayPage();
    // The exports go beside the data folder: Cairn writes none into it.
    root = mkdtempSync(join(tmpdir(), 'cairn-replay-'));
    dataDir = join(root, 'data');
    env = { ...x.env, CAIRN_DATA_DIR: dataDir };
    acceptAndAllow(env, 'Chromium', 'on');
    const browser = await openPage('recorded', { dataDir });
    const rec = await startRecording([], env);
    // Until Cairn's extension in the browser has reported where the window is.
    await sleep(2000);
    const input = centre(LAYOUT.input);
    await pressAt(x.env, input);
    await sleep(300);
    await xdotool(x.env, 'type', '--delay', '60', 'draft');
    await sleep(300);
    await xdotool(x.env, 'key', 'ctrl+a');
    await sleep(300);
    await xdotool(x.env, 'type', '--delay', '60', TYPED);
    await sleep(300);
    await pressAt(x.env, centre(LAYOUT.button), 110, input);
    await sleep(500);
    const select = centre(LAYOUT.select);
    await pressAt(x.env, select, 110, centre(LAYOUT.button));
    await sleep(700);
    // The dropdown opens below the select, one option every 27 px from its bottom edge.
    const option = { x: select.x - 40, y: LAYOUT.select.y + LAYOUT.select.height + 14 + 27 * PICKED };
    await pressAt(x.env, option, 110, select);
    await sleep(500);
    const list = centre(LAYOUT.list);
    await wheelAt(x.env, list, 'down', option);
    for (let i = 1; i < NOTCHES; i++) {
      await sleep(150);
      await xdotool(x.env, 'click', '5');
    }
    await sleep(1000);
    const stopped = await rec.stop('SIGINT');
    expect(stopped.code, stopped.stderr).toBe(0);
    recorded = await page.settledState('recorded');
    await closeBrowser(browser);

    await cairn(['submit', rec.sessionId]);
    await cairn(['approve', rec.sessionId]);
    for (const format of ['pyautogui', 'computer13', 'computer-use']) {
      await cairn(['export', '--format', format, '--out', join(root, `export-${format}`), '--session', rec.sessionId]);
    }
  }, 120_000);

  afterAll(async () => {
    for (const b of browsers) await b.close();
    await page?.close();
    await x?.stop();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('records the task: the text typed over, the page green, the option picked, the list three notches down', () => {
    expect(recorded).toMatchObject({ value: TYPED, colour: GREEN, choice: OPTIONS[PICKED] });
    // Chromium scrolls a whole number of rows per notch here; more than a row, less than the list.
    expect(recorded.scrollTop).toBeGreaterThan(NOTCHES * ROW_HEIGHT);
  });

  it('exports every step with the whole screen as its frame, so frame coordinates are screen coordinates', () => {
    const lines = readFileSync(join(root, 'export-computer13/computer13.jsonl'), 'utf8').split('\n').filter(Boolean);
    const sizes = lines.map((l) => (JSON.parse(l) as { image_size: unknown }).image_size);
    expect(sizes.length).toBeGreaterThanOrEqual(8);
    expect(new Set(sizes.map((s) => JSON.stringify(s)))).toEqual(new Set([JSON.stringify([SCREEN.width, SCREEN.height])]));
  });

  it('fails a replay whose code calls what the pyautogui writer is not known to emit, rather than skipping it', async () => {
    const file = join(root, 'unknown-call.jsonl');
    writeFileSync(file, `${JSON.stringify({ traj: [{ value: { code: "pyautogui.typewrite('x')" } }] })}\n`);
    await expect(replayAgentnet(file, x.env)).rejects.toThrow(/step 0: .* does not take typewrite/);
  });

  // The scroll must match exactly: Chromium moves a list a fixed number of pixels per wheel notch
  // (smooth scrolling only animates towards it, and the state is read once the page is quiet), so
  // the same notches at the same place give the same scrollTop, and one notch more or less differs
  // by a whole notch.
  const replays = [
    ['pyautogui', 'runs the pyautogui export (AgentNet code) with python3', (dir: string) => replayAgentnet(join(dir, 'trajectories.jsonl'), x.env)],
    ['computer13', 'runs the computer13 export as OSWorld\'s controller runs its actions', (dir: string) => replayComputer13(join(dir, 'computer13.jsonl'), x.env)],
    ['computer-use', 'runs the computer-use export as the xdotool commands of Anthropic\'s reference tool', (dir: string) => replayAnthropic(join(dir, 'computer-use/anthropic.jsonl'), x.env)],
  ] as const;
  for (const [format, does, replay] of replays) {
    it(`${does} and reaches the recorded end state`, async () => {
      const browser = await openPage(`replay-${format}`);
      const ran = await replay(join(root, `export-${format}`));
      const state = await page.settledState(`replay-${format}`);
      await closeBrowser(browser);
      expect(state, ran).toEqual(recorded);
    }, 60_000);
  }
});
