// Keys typed into another app's keyboard-grabbing popup (an override-redirect window, as launchers,
// dmenu-like pickers and screen lockers open) never reach disk, though the allowed app stays the
// active window all along; the keys typed after the popup closes are kept. An allowed app's own
// menu (Mousepad's File menu, which grabs the keyboard itself) keeps its keys. The real recorder
// (`cairn record`), real uiohook driven by xdotool under Xvfb.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordWhile } from '../helpers/cli.ts';
import { acceptAndAllow } from '../helpers/ready-to-record.ts';
import { type DesktopApp, desktopAppMissing, openMousepad } from '../helpers/desktop-apps.ts';
import { filesContaining } from '../helpers/disk-bytes.ts';
import { openGrabbingPopup } from '../helpers/grabbing-popup.ts';
import { keycodesOf, sleep } from '../helpers/typing.ts';
import { type Xterm, type XvfbDisplay, openXterm, startXvfb, xdotool, xvfbMissingReason } from '../helpers/xvfb.ts';

const missing = xvfbMissingReason() ?? desktopAppMissing('mousepad');
if (missing) console.warn(`Skipping the keyboard-grab tests: ${missing}.`);

const DOWN = 57424;
const ESCAPE = 1;

interface ShownSession {
  typedText: { text: string }[];
  events: { kind: string; keycode: number | null }[];
  dropped: Record<string, number>;
}

describe.skipIf(missing !== null)('input that another client\'s popup receives', () => {
  let x: XvfbDisplay;
  let term: Xterm;
  let editor: DesktopApp;
  let dataDir: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    x = await startXvfb({ width: 1280, height: 800 });
    term = await openXterm(x.env, { cls: 'GrabTarget', geometry: '80x24+0+0', title: 'GRABTARGET-title' });
    editor = await openMousepad(x.env);
    dataDir = mkdtempSync(join(tmpdir(), 'cairn-grab-'));
    env = { ...x.env, CAIRN_DATA_DIR: dataDir };
    acceptAndAllow(env, ['GrabTarget', 'Mousepad'], 'off');
  }, 60_000);

  afterAll(async () => {
    term?.kill();
    await editor?.close();
    await x?.stop({ untilExit: true });
  });

  const type = (text: string) => xdotool(x.env, 'type', '--delay', '30', text);

  /** Focuses `windowId`, then records what `act` does. */
  async function record(windowId: string, act: () => Promise<void>): Promise<ShownSession> {
    await xdotool(x.env, 'windowactivate', '--sync', windowId);
    return recordWhile<ShownSession>(env, act);
  }

  it('drops every key typed while another client\'s override-redirect popup grabs the keyboard, and keeps those before and after', async () => {
    const [before, secret, after] = ['keptbefore1', 'popupsecret7', 'keptafter2'];
    let received: number[] = [];
    const session = await record(term.windowId, async () => {
      await type(before);
      await sleep(300);
      const popup = await openGrabbingPopup(x.env, '300x60+100+100');
      await sleep(300);
      await type(secret);
      await sleep(300);
      received = popup.keys();
      await popup.close();
      await sleep(400);
      await type(after);
    });

    expect(received, 'the popup received the keys').toHaveLength(secret.length);
    // Exactly the keys typed into the xterm: none of the popup's, and none of the xterm's lost.
    const downs = session.events.filter((e) => e.kind === 'key-down').map((e) => e.keycode);
    expect(downs).toEqual(keycodesOf(before + after));
    expect(session.typedText.map((r) => r.text).join('')).toBe(before + after);
    expect(session.dropped['input-elsewhere']).toBeGreaterThan(0);
    for (const needle of [secret, 'GrabbingPopup']) expect(filesContaining(dataDir, needle), needle).toEqual([]);
  }, 60_000);

  it('keeps the keys of the allowed app\'s own menu (Mousepad\'s File menu, opened with the mouse, arrow keys)', async () => {
    const session = await record(editor.windowId, async () => {
      await type('menu');
      await xdotool(x.env, 'mousemove', '--window', editor.windowId, '20', '10', 'click', '1');
      await sleep(600);
      for (const key of ['Down', 'Down', 'Escape']) {
        await xdotool(x.env, 'key', key);
        await sleep(150);
      }
      await sleep(300);
      await type('done');
    });

    const downs = session.events.filter((e) => e.kind === 'key-down').map((e) => e.keycode);
    expect(downs).toEqual([...keycodesOf('menu'), DOWN, DOWN, ESCAPE, ...keycodesOf('done')]);
    expect(session.dropped['input-elsewhere']).toBe(0);
  }, 60_000);
});
