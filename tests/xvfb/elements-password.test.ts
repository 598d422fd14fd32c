// Keys typed into a password field never reach disk, whatever tells Cairn it is one: Chromium's
// accessibility tree (AT-SPI role `password text`, the page exposed with --force-renderer-accessibility)
// or Cairn's extension on an allowed site (`<input type=password>`), each alone. The real recorder
// records a sign-in form while xdotool clicks the password field and types straight away; then
// every byte of the data folder is searched for the password, no key event is stored between the
// click on the password field and the next click, the keys are counted as `password-field`, and
// what was typed in the user field around it is kept.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AccessibilityBus, accessibilityMissingReason, startAccessibilityBus } from '../helpers/accessibility-bus.ts';
import { chromiumMissingReason } from '../helpers/browser.ts';
import { launchChromiumApp } from '../helpers/chromium-app.ts';
import { recordWhile } from '../helpers/cli.ts';
import { acceptAndAllow, readyToRecord } from '../helpers/ready-to-record.ts';
import { filesContaining } from '../helpers/disk-bytes.ts';
import { type LocalSite, serveSite } from '../helpers/local-site.ts';
import { sleep } from '../helpers/typing.ts';
import { startXvfb, xdotool, xvfbMissingReason, type XvfbDisplay } from '../helpers/xvfb.ts';

const missing = xvfbMissingReason() ?? chromiumMissingReason() ?? accessibilityMissingReason();
if (missing) console.warn(`Skipping the password-field tests: ${missing}.`);

const PASSWORD = 'Zq7hunterVault42';
// Big fields, so that a click lands on them wherever Chromium's toolbar ends (80-160 px down).
const FORM = `<label style="position:absolute;left:20px;top:0;font-size:30px">User <input style="width:400px;height:200px;font-size:30px"></label>
<label style="position:absolute;left:20px;top:260px;font-size:30px">Password <input type="password" style="width:400px;height:140px;font-size:30px"></label>`;
const USER_FIELD = { x: 300, y: 190 };
const PASSWORD_FIELD = { x: 300, y: 470 };

interface Shown {
  id: string;
  dropped: Record<string, number>;
  typedText: { text: string }[];
  events: { seq: number; t: number; kind: string }[];
  elements: { acted: { kind: string; eventSeq: number; role: string; name: string | null; password: boolean; source: string }[] };
}

describe.skipIf(missing !== null)('keys typed into a password field (Chromium)', () => {
  let x: XvfbDisplay;
  let a11y: AccessibilityBus;
  let site: LocalSite;

  beforeAll(async () => {
    x = await startXvfb({ width: 1280, height: 800 });
    a11y = await startAccessibilityBus(x.env);
    site = await serveSite('Sign in', '#ffffff', FORM);
  }, 60_000);

  afterAll(async () => {
    await site?.close();
    await a11y?.stop();
    await x?.stop({ untilExit: true });
  });

  const click = async (at: { x: number; y: number }) => xdotool(x.env, 'mousemove', String(at.x), String(at.y), 'click', '1');
  const type = (text: string) => xdotool(x.env, 'type', '--delay', '30', text);

  /** Signs in as a person would: the user name, then the password typed right after the click. */
  async function signIn(env: NodeJS.ProcessEnv, windowId: string): Promise<Shown> {
    return recordWhile<Shown>(env, async () => {
      await sleep(2500);
      await xdotool(x.env, 'windowactivate', '--sync', windowId);
      await sleep(500);
      await click(USER_FIELD);
      await sleep(400);
      await type('annlee');
      await sleep(300);
      await click(PASSWORD_FIELD);
      await type(PASSWORD);
      await sleep(300);
      await click(USER_FIELD);
      await sleep(400);
      await type('kept');
      await sleep(500);
    });
  }

  function expectPasswordGone(dataDir: string, session: Shown): void {
    const typed = session.typedText.map((r) => r.text).join('|');
    const why = `dropped: ${JSON.stringify(session.dropped)}`;
    expect(typed, why).toContain('annlee');
    expect(typed, why).toContain('kept');
    expect(typed).not.toContain(PASSWORD.slice(0, 4));
    // Every key press and release of the password, dropped before disk.
    expect(session.dropped['password-field']).toBeGreaterThanOrEqual(2 * PASSWORD.length);
    const downs = session.events.filter((e) => e.kind === 'mouse-down');
    expect(downs).toHaveLength(3);
    const between = session.events.filter((e) => (e.kind === 'key-down' || e.kind === 'key-up') && e.t > downs[1]!.t && e.t < downs[2]!.t);
    expect(between).toEqual([]);
    const db = new Database(join(dataDir, 'cairn.db'), { readonly: true });
    const stored = db.prepare(`SELECT count(*) FROM events WHERE session_id = ? AND kind IN ('key-down', 'key-up') AND t > ? AND t < ?`).pluck().get(session.id, downs[1]!.t, downs[2]!.t);
    db.close();
    expect(stored).toBe(0);
    expect(filesContaining(dataDir, PASSWORD)).toEqual([]);
    expect(filesContaining(dataDir, PASSWORD.slice(0, 8))).toEqual([]);
    // The click on the field is kept, and says it was a password field.
    const clicked = session.elements.acted.find((e) => e.kind === 'click' && e.eventSeq === downs[1]!.seq);
    expect(clicked?.password).toBe(true);
  }

  /** Signs in on `urls` in a Chromium launched with `args` and `appEnv`, and checks that the password is gone
   *  and that `source` told its field as `role`. */
  async function signInAndCheck(env: NodeJS.ProcessEnv, launch: { appEnv: NodeJS.ProcessEnv; urls: string[]; args?: string[] }, told: [string, string]): Promise<void> {
    const dataDir = env.CAIRN_DATA_DIR!;
    const app = await launchChromiumApp(launch.appEnv, { dataDir, urls: launch.urls, args: launch.args ?? [] });
    try {
      const [wid] = await app.waitForWindows(1);
      const session = await signIn(env, wid!);
      expectPasswordGone(dataDir, session);
      const clicked = session.elements.acted.find((e) => e.password)!;
      expect([clicked.source, clicked.role]).toEqual(told);
    } finally {
      await app.close();
    }
  }

  it('drops them when the accessibility tree says the field is a password field (no report of the extension)', async () => {
    const env = { ...a11y.env, CAIRN_DATA_DIR: mkdtempSync(join(tmpdir(), 'cairn-password-atspi-')) };
    acceptAndAllow(env, 'Chromium', 'on');
    // A file: page: the extension (without which a browser is not recorded) reports its window, but
    // no page element there, so only the accessibility tree tells the password field.
    const page = join(mkdtempSync(join(tmpdir(), 'cairn-password-page-')), 'login.html');
    writeFileSync(page, `<!doctype html><title>Sign in</title><body style="margin:0">${FORM}</body>`);
    const appEnv = { ...a11y.env, ACCESSIBILITY_ENABLED: '1' };
    await signInAndCheck(env, { appEnv, urls: [`file://${page}`], args: ['--force-renderer-accessibility'] }, ['atspi', 'password text']);
  }, 120_000);

  it('drops them when Cairn’s extension says the field is <input type=password> (no accessibility tree)', async () => {
    // No session bus at all: the recording cannot read any accessibility tree.
    const env: NodeJS.ProcessEnv = { ...x.env, CAIRN_DATA_DIR: mkdtempSync(join(tmpdir(), 'cairn-password-ext-')) };
    delete env.DBUS_SESSION_BUS_ADDRESS;
    readyToRecord(env.CAIRN_DATA_DIR!, [{ app: 'Chromium', sites: [site.origin], screens: 'on' }]);
    await signInAndCheck(env, { appEnv: x.env, urls: [site.url('/login')] }, ['extension', 'textbox']);
  }, 120_000);
});
