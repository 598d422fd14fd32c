// The element acted on in a page, from Cairn's extension, in Debian's Chromium under Xvfb: every byte
// the native host sends is captured here (where a recording listens, on the data folder's socket),
// as the recording would tell it which sites its pages may report on. A click and a focus on the
// allowed site are reported (tag, role, accessible name, bounds, a selector of tags and positions);
// nothing is reported from another site's tab, no byte carries what was typed into a field, and once
// the recording is gone (the host's socket closes) the page stops reporting at once.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserSocketPath } from '../../src/capture/browser/browser-socket.ts';
import { type ElementMessage, elementMessageSchema } from '../../src/capture/browser/element-message.ts';
import { chromiumMissingReason } from '../helpers/browser.ts';
import { type ChromiumApp, launchChromiumApp } from '../helpers/chromium-app.ts';
import { type LocalSite, serveSite } from '../helpers/local-site.ts';
import { sleep } from '../helpers/typing.ts';
import { startXvfb, xdotool, xvfbMissingReason, type XvfbDisplay } from '../helpers/xvfb.ts';

const missing = xvfbMissingReason() ?? chromiumMissingReason();
if (missing) console.warn(`extension element tests skipped: ${missing}`);

const FORM = `<button style="position:absolute;left:20px;top:0;width:400px;height:200px;font-size:30px">Send the report</button>
<label style="position:absolute;left:20px;top:260px;font-size:30px">Recipient <input style="width:300px;height:140px;font-size:30px"></label>`;
const BUTTON = { x: 200, y: 190 };
const FIELD = { x: 300, y: 470 };
const TYPED = 'typedSecret99';

describe.skipIf(missing !== null)('the element acted on, from Cairn’s extension (Chromium)', () => {
  let x: XvfbDisplay;
  let app: ChromiumApp;
  let allowed: LocalSite;
  let other: LocalSite;
  let tap: Server;
  let root: string;
  const sockets: Socket[] = [];
  const raw: Buffer[] = [];
  const elements: { at: number; message: ElementMessage }[] = [];
  /** What the next connection of the host is told (the recording's sites). */
  let greeting: string[] = [];

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'cairn-ext-elements-'));
    const dataDir = join(root, 'data');
    mkdirSync(dataDir);
    [allowed, other] = await Promise.all([serveSite('Allowed form', '#ffffff', FORM), serveSite('Other form', '#eeeeee', FORM)]);
    greeting = [allowed.origin];
    tap = createServer((socket) => {
      sockets.push(socket);
      socket.write(`${JSON.stringify({ elementSites: greeting })}\n`);
      let pending = '';
      socket.on('data', (chunk: Buffer) => {
        raw.push(chunk);
        pending += chunk.toString('utf8');
        const lines = pending.split('\n');
        pending = lines.pop()!;
        for (const line of lines) {
          const parsed = elementMessageSchema.safeParse(JSON.parse(line));
          if (parsed.success) elements.push({ at: Date.now(), message: parsed.data });
        }
      });
    });
    await new Promise<void>((resolve) => tap.listen(browserSocketPath(dataDir), resolve));
    x = await startXvfb({ width: 1280, height: 800 });
    app = await launchChromiumApp(x.env, { dataDir, urls: [allowed.url('/compose'), other.url('/compose')] });
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await x?.stop();
    tap?.close();
    for (const socket of sockets) socket.destroy();
    await Promise.all([allowed, other].map((s) => s?.close()));
    if (root) rmSync(root, { recursive: true, force: true });
  });

  const click = (at: { x: number; y: number }) => xdotool(x.env, 'mousemove', String(at.x), String(at.y), 'click', '1');
  async function until<T>(what: string, find: () => T | undefined): Promise<T> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const found = find();
      if (found !== undefined) return found;
      if (Date.now() > deadline) throw new Error(`${what} within 10 s; element messages: ${JSON.stringify(elements.map((e) => e.message.element))}`);
      await sleep(50);
    }
  }

  it('reports the element clicked and the field focused on the allowed site, and nothing that was typed', async () => {
    const [wid] = await app.waitForWindows(1);
    await xdotool(x.env, 'windowactivate', '--sync', wid!);
    // The host connects on its first snapshot; the page's script is registered and injected then.
    await until('the host connected', () => (sockets.length > 0 ? true : undefined));
    await sleep(1500);
    const since = Date.now();
    await click(BUTTON);
    const clickReport = await until('a click report', () => elements.find((e) => e.at >= since && e.message.element.kind === 'click')?.message);
    expect(clickReport.element.origin).toBe(allowed.origin);
    expect(clickReport.element.point).toEqual(BUTTON);
    expect(clickReport.element.target).toMatchObject({ tag: 'button', role: 'button', name: 'Send the report', password: false });
    expect(clickReport.element.target!.selector).toMatch(/^html > body > button$/);
    const b = clickReport.element.target!.bounds!;
    expect(BUTTON.x >= b.x && BUTTON.x < b.x + b.width && BUTTON.y >= b.y && BUTTON.y < b.y + b.height).toBe(true);

    const beforeField = Date.now();
    await click(FIELD);
    await xdotool(x.env, 'type', '--delay', '30', TYPED);
    const focus = await until('a focus report', () => elements.find((e) => e.at >= beforeField && e.message.element.kind === 'focus' && e.message.element.target?.tag === 'input')?.message);
    expect(focus.element.target).toMatchObject({ role: 'textbox', name: 'Recipient', password: false });
    await sleep(800);
    expect(Buffer.concat(raw).includes(TYPED)).toBe(false);
  }, 60_000);

  it('reports nothing from another site’s tab', async () => {
    const [wid] = await app.waitForWindows(1);
    await app.key(wid!, 'ctrl+2');
    await sleep(1000);
    const since = Date.now();
    await click(BUTTON);
    await click(FIELD);
    await xdotool(x.env, 'type', '--delay', '30', 'other');
    await sleep(1500);
    expect(elements.filter((e) => e.at >= since && e.message.element.origin === other.origin)).toEqual([]);
    expect(elements.some((e) => e.message.element.origin === other.origin)).toBe(false);
    await app.key(wid!, 'ctrl+1');
    await sleep(800);
  }, 60_000);

  it('stops reporting as soon as the recording is gone', async () => {
    const [wid] = await app.waitForWindows(1);
    // The recording goes away: the host tells the extension no page may report; when it comes back
    // (the host reconnects), this one says no site either.
    greeting = [];
    for (const socket of sockets) socket.destroy();
    await sleep(1500);
    const since = Date.now();
    await xdotool(x.env, 'windowactivate', '--sync', wid!);
    await click(BUTTON);
    await click(FIELD);
    await sleep(1500);
    expect(elements.filter((e) => e.at >= since)).toEqual([]);
  }, 60_000);
});
