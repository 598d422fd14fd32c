// A window that retitles itself is still the same window: the key or click that made Mousepad mark
// its document edited (`*Untitled 1`) or open a new one (File → New), and Chromium's Ctrl+Tab and
// Ctrl+1 tab switches, are recorded, each with the title current at its moment. Real apps, the real
// recorder (`cairn record`), real uiohook driven by xdotool under Xvfb.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordWhile } from '../helpers/cli.ts';
import { acceptAndAllow } from '../helpers/ready-to-record.ts';
import { launchChromiumApp } from '../helpers/chromium-app.ts';
import { type DesktopApp, desktopAppMissing, openMousepad, popupOf, waitForTitle } from '../helpers/desktop-apps.ts';
import { keycodesOf, sleep } from '../helpers/typing.ts';
import { type XvfbDisplay, startXvfb, xdotool, xvfbMissingReason } from '../helpers/xvfb.ts';

const missing = xvfbMissingReason() ?? desktopAppMissing('mousepad') ?? desktopAppMissing('chromium');
if (missing) console.warn(`Skipping the retitle tests: ${missing}.`);

const TAB = 15;
const DIGIT_1 = 2;
const CTRL = 2; // stored modifier bit

interface ShownEvent { kind: string; keycode: number | null; mods: number; windowSeq: number; x: number | null; y: number | null }
interface ShownSession {
  typedText: { app: string | null; text: string }[];
  events: ShownEvent[];
  windows: { seq: number; app: string; title: string | null }[];
  dropped: Record<string, number>;
}

describe.skipIf(missing !== null)('recording across retitles of one window (Mousepad, Chromium)', () => {
  let x: XvfbDisplay;
  let editor: DesktopApp;
  let browser: DesktopApp;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    x = await startXvfb({ width: 1280, height: 800 });
    const pages = mkdtempSync(join(tmpdir(), 'cairn-pages-'));
    writeFileSync(join(pages, 'one.html'), '<title>Tab One</title><p>one</p>');
    writeFileSync(join(pages, 'two.html'), '<title>Tab Two</title><p>two</p>');
    env = { ...x.env, CAIRN_DATA_DIR: mkdtempSync(join(tmpdir(), 'cairn-retitle-')) };
    // Chromium with Cairn's extension, reporting to this data folder: a browser is recorded only so.
    const dataDir = env.CAIRN_DATA_DIR!;
    [editor, browser] = await Promise.all([
      openMousepad(x.env),
      launchChromiumApp(x.env, { dataDir, urls: [`file://${pages}/one.html`, `file://${pages}/two.html`], args: ['--window-position=0,0', '--window-size=900,650'] }).then(async (app) => {
        const [windowId] = await app.waitForWindows(1);
        await waitForTitle(x.env, windowId!, 'Tab One - Chromium');
        return { windowId: windowId!, close: () => app.close() };
      }),
    ]);
    acceptAndAllow(env, ['Mousepad', 'Chromium'], 'off');
  }, 120_000);

  afterAll(async () => {
    await Promise.all([editor?.close(), browser?.close()]);
    await x?.stop({ untilExit: true });
  });

  const type = (text: string) => xdotool(x.env, 'type', '--delay', '40', text);
  const titleOf = (s: ShownSession, e: ShownEvent) => s.windows.find((w) => w.seq === e.windowSeq)?.title;

  it('keeps the first character of every typed run and the File → New click in Mousepad, each with the title of its moment', async () => {
    const newClicks: { x: number; y: number }[] = [];
    const fileNew = async () => {
      await xdotool(x.env, 'mousemove', '--window', editor.windowId, '20', '10', 'click', '1');
      await sleep(600);
      const menu = await popupOf(x.env, 'Mousepad'); // "New" is its first item
      const at = { x: menu.x + 40, y: menu.y + 12 };
      newClicks.push(at);
      await xdotool(x.env, 'mousemove', String(at.x), String(at.y), 'click', '1');
      await sleep(500);
    };
    const runs = ['alpha beta ', 'gamma delta ', 'epsilon zeta'];
    const session = await recordWhile<ShownSession>(env, async () => {
      await xdotool(x.env, 'windowactivate', '--sync', editor.windowId);
      await sleep(300);
      await type(runs[0]!);
      await fileNew();
      await type(runs[1]!);
      await fileNew();
      await type(runs[2]!);
    });

    const typed = session.typedText.filter((r) => r.app === 'Mousepad').map((r) => r.text).join('');
    expect(typed).toBe(runs.join(''));
    const downs = session.events.filter((e) => e.kind === 'mouse-down');
    for (const at of newClicks) expect(downs.some((e) => e.x === at.x && e.y === at.y), `New click at ${at.x},${at.y}`).toBe(true);
    expect(session.dropped['focus-transition']).toBe(0);

    // The first key of each run was typed before the editor marked the document edited.
    const keys = session.events.filter((e) => e.kind === 'key-down');
    const firsts = [0, runs[0]!.length, runs[0]!.length + runs[1]!.length];
    expect(firsts.map((i) => keys[i]!.keycode)).toEqual(runs.map((r) => keycodesOf(r[0]!)[0]));
    expect(firsts.map((i) => titleOf(session, keys[i]!))).toEqual(['Untitled 1 - Mousepad', 'Untitled 2 - Mousepad', 'Untitled 3 - Mousepad']);
    expect(firsts.map((i) => titleOf(session, keys[i + 1]!))).toEqual(['*Untitled 1 - Mousepad', '*Untitled 2 - Mousepad', '*Untitled 3 - Mousepad']);
  }, 120_000);

  it('keeps Chromium\'s Ctrl+Tab and Ctrl+1 tab switches, each key with the tab title of its moment', async () => {
    const session = await recordWhile<ShownSession>(env, async () => {
      await xdotool(x.env, 'windowactivate', '--sync', browser.windowId);
      // A browser's input is kept once Cairn's extension has reported in this recording (it
      // connects within a second or so; before that it is dropped as `site-unknown`).
      await sleep(1500);
      await type('q');
      await xdotool(x.env, 'key', 'ctrl+Tab');
      await sleep(500);
      await type('w');
      await xdotool(x.env, 'key', 'ctrl+1');
      await sleep(500);
      await type('e');
    });

    const keys = session.events.filter((e) => e.kind === 'key-down' && e.keycode !== 29);
    expect(keys.map((e) => [e.keycode, e.mods & CTRL ? 'ctrl' : '', titleOf(session, e)]), `dropped: ${JSON.stringify(session.dropped)}`).toEqual([
      [keycodesOf('q')[0], '', 'Tab One - Chromium'],
      [TAB, 'ctrl', 'Tab One - Chromium'],
      [keycodesOf('w')[0], '', 'Tab Two - Chromium'],
      [DIGIT_1, 'ctrl', 'Tab Two - Chromium'],
      [keycodesOf('e')[0], '', 'Tab One - Chromium'],
    ]);
    expect(session.dropped['focus-transition']).toBe(0);
  }, 120_000);
});
