// The element acted on, read from the accessibility tree (AT-SPI over D-Bus) while the real recorder
// (`cairn record`) records real apps under Xvfb: Mousepad (GTK) and Chromium with its pages exposed
// (--force-renderer-accessibility; Cairn's extension loaded, as a browser is recorded only with it,
// on a file: page, where the extension reports nothing of elements), with the accessibility bus
// running on a private session bus. Each
// click and each typing run gets its element (role, name, states, bounds, path), each kept frame a
// bounded tree of its window; a click in an app that is not on the bus, and every click when there is
// no bus, gets none, and the reason is counted.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TREE_LIMITS } from '../../src/core/element-info.ts';
import { type AccessibilityBus, accessibilityMissingReason, startAccessibilityBus } from '../helpers/accessibility-bus.ts';
import { recordWhile } from '../helpers/cli.ts';
import { acceptAndAllow } from '../helpers/ready-to-record.ts';
import { type ChromiumApp, launchChromiumApp } from '../helpers/chromium-app.ts';
import { type DesktopApp, desktopAppMissing, openMousepad } from '../helpers/desktop-apps.ts';
import { sleep } from '../helpers/typing.ts';
import { openXterm, startXvfb, type Xterm, xdotool, xvfbMissingReason, type XvfbDisplay } from '../helpers/xvfb.ts';

const missing = xvfbMissingReason() ?? desktopAppMissing('mousepad') ?? desktopAppMissing('chromium') ?? accessibilityMissingReason();
if (missing) console.warn(`Skipping the accessibility element tests: ${missing}.`);

// Big controls, so that a click lands on them wherever Chromium's toolbar ends (the page starts 80-160 px down).
const PAGE = `<!doctype html><title>Report form</title><body style="margin:0">
<button style="position:absolute;left:20px;top:0;width:400px;height:200px;font-size:30px">Send the report</button>
<label style="position:absolute;left:20px;top:260px;font-size:30px">Recipient <input style="width:300px;height:140px;font-size:30px"></label>
</body>`;

interface Acted { seq: number; kind: 'click' | 'focus'; eventSeq: number; windowSeq: number; source: string; role: string; name: string | null; password: boolean }
interface Shown {
  id: string;
  events: { seq: number; kind: string; windowSeq: number; x: number | null; y: number | null }[];
  windows: { seq: number; app: string }[];
  frames: { seq: number }[];
  elements: { acted: Acted[]; trees: number; missed: Record<string, number> };
}
interface StoredElement { seq: number; kind: string; event_seq: number | null; frame_seq: number | null; role: string; name: string | null; states: string; x: number | null; y: number | null; width: number | null; height: number | null; path: string; tree: string | null }

describe.skipIf(missing !== null)('the element acted on, from the accessibility tree (Mousepad, Chromium)', () => {
  let x: XvfbDisplay;
  let a11y: AccessibilityBus;
  let editor: DesktopApp;
  let browser: ChromiumApp;
  let browserWindow: string;
  let term: Xterm;
  let dataDir: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    x = await startXvfb({ width: 1280, height: 800 });
    a11y = await startAccessibilityBus(x.env);
    const pages = mkdtempSync(join(tmpdir(), 'cairn-pages-'));
    writeFileSync(join(pages, 'form.html'), PAGE);
    dataDir = mkdtempSync(join(tmpdir(), 'cairn-elements-'));
    env = { ...a11y.env, CAIRN_DATA_DIR: dataDir };
    const pageEnv = { ...a11y.env, ACCESSIBILITY_ENABLED: '1' };
    const chromiumArgs = ['--force-renderer-accessibility', '--window-position=0,0', '--window-size=900,650'];
    [editor, browser, term] = await Promise.all([
      openMousepad(x.env),
      launchChromiumApp(pageEnv, { dataDir, urls: [`file://${pages}/form.html`], args: chromiumArgs }),
      openXterm(x.env, { cls: 'PlainTerm', geometry: '60x10+950+600' }),
    ]);
    browserWindow = (await browser.waitForWindows(1))[0]!;
    acceptAndAllow(env, ['Mousepad', 'Chromium', 'PlainTerm'], 'on');
  }, 120_000);

  afterAll(async () => {
    term?.kill();
    await Promise.all([editor?.close(), browser?.close()]);
    await a11y?.stop();
    await x?.stop({ untilExit: true });
  });

  /** A click at (px, py) on the screen, or in `window` (its client area) when given. */
  const click = async (px: number, py: number, window?: string) => {
    await xdotool(x.env, 'mousemove', ...(window ? ['--window', window] : []), String(px), String(py), 'click', '1');
    await sleep(700);
  };

  it('stores the element of every click and typing run, with role, name, states, bounds and path, and a bounded tree at observations', async () => {
    const session = await recordWhile<Shown>(
      env,
      async () => {
        await sleep(1500);
        await xdotool(x.env, 'windowactivate', '--sync', editor.windowId);
        await sleep(500);
        await click(20, 10, editor.windowId); // the File menu: opens it
        await click(20, 10, editor.windowId); // and closes it
        await click(300, 250, editor.windowId); // the text area
        await xdotool(x.env, 'type', '--delay', '40', 'notes for later');
        await sleep(800);
        await xdotool(x.env, 'windowactivate', '--sync', browserWindow);
        await sleep(600);
        await click(200, 190); // the button
        await click(300, 470); // the Recipient field
        await xdotool(x.env, 'type', '--delay', '40', 'ann');
        await sleep(800);
        await xdotool(x.env, 'windowactivate', '--sync', term.windowId);
        await sleep(500);
        await click(1050, 650); // an app that is not on the accessibility bus
      },
      ['--frame-period', '2'],
    );

    const appOf = (windowSeq: number) => session.windows.find((w) => w.seq === windowSeq)?.app;
    const downs = session.events.filter((e) => e.kind === 'mouse-down');
    const clicks = session.elements.acted.filter((e) => e.kind === 'click');
    const onAccessible = downs.filter((d) => appOf(d.windowSeq) !== 'PlainTerm');
    // Every click in an accessible app has its element; the xterm's has none, and says why.
    expect(onAccessible.length).toBe(5);
    expect(clicks.map((c) => c.eventSeq).sort((a, b) => a - b), `missed: ${JSON.stringify(session.elements.missed)}`).toEqual(onAccessible.map((d) => d.seq));
    expect(session.elements.missed['not-accessible'] ?? 0).toBeGreaterThanOrEqual(1);

    const byApp = (app: string) => session.elements.acted.filter((e) => appOf(e.windowSeq) === app).map((e) => [e.kind, e.role, e.name]);
    expect(byApp('Mousepad')).toEqual([
      ['click', 'menu', 'File'],
      ['click', 'menu', 'File'],
      ['click', 'text', null],
      ['focus', 'text', null],
    ]);
    expect(byApp('Chromium')).toEqual([
      ['click', 'push button', 'Send the report'],
      ['click', 'entry', 'Recipient'],
      ['focus', 'entry', 'Recipient'],
    ]);

    const db = new Database(join(dataDir, 'cairn.db'), { readonly: true });
    const stored = db.prepare('SELECT * FROM elements WHERE session_id = ? ORDER BY seq').all(session.id) as StoredElement[];
    db.close();
    const button = stored.find((e) => e.role === 'push button')!;
    const buttonDown = downs.find((d) => d.seq === button.event_seq)!;
    // Its bounds hold the point clicked, its path runs from the window down to it, its states are named.
    expect(buttonDown.x! >= button.x! && buttonDown.x! < button.x! + button.width! && buttonDown.y! >= button.y! && buttonDown.y! < button.y! + button.height!).toBe(true);
    const path = JSON.parse(button.path) as { role: string; index: number }[];
    expect(path[0]!.role).toBe('frame');
    expect(path.at(-1)!.role).toBe('push button');
    expect(path.map((p) => p.role)).toContain('document web');
    expect(JSON.parse(button.states)).toEqual(expect.arrayContaining(['enabled', 'showing']));

    // Trees: one per kept frame at most, each its frame's, within every bound.
    const trees = stored.filter((e) => e.kind === 'tree');
    expect(trees.length).toBeGreaterThanOrEqual(2);
    const frameSeqs = new Set(session.frames.map((f) => f.seq));
    for (const t of trees) {
      expect(frameSeqs.has(t.frame_seq!)).toBe(true);
      const tree = JSON.parse(t.tree!) as { nodes: number; root: { role: string } };
      expect(tree.nodes).toBeLessThanOrEqual(TREE_LIMITS.nodes);
      expect(Buffer.byteLength(t.tree!)).toBeLessThanOrEqual(TREE_LIMITS.bytes + 1024);
      expect(['frame', 'window']).toContain(tree.root.role);
    }
    const chromiumTree = trees.find((t) => t.tree!.includes('Send the report'));
    expect(chromiumTree, 'a tree of the page with its button').toBeDefined();
  }, 120_000);

  it('stores no element when there is no accessibility bus, and counts every click as such', async () => {
    const noBus: NodeJS.ProcessEnv = { ...x.env, CAIRN_DATA_DIR: dataDir };
    delete noBus.DBUS_SESSION_BUS_ADDRESS;
    const session = await recordWhile<Shown & { dropped: Record<string, number> }>(noBus, async () => {
      await sleep(1000);
      await xdotool(x.env, 'windowactivate', '--sync', editor.windowId);
      await sleep(400);
      await click(300, 250, editor.windowId);
      await click(320, 260, editor.windowId);
    });
    expect(session.events.filter((e) => e.kind === 'mouse-down')).toHaveLength(2);
    expect(session.elements.acted).toEqual([]);
    expect(session.elements.trees).toBe(0);
    expect(session.elements.missed['no-bus']).toBeGreaterThanOrEqual(2);
  }, 60_000);
});
