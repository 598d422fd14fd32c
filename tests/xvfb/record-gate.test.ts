// The recorder end to end under a real X server: real uiohook, real focus watcher, real screenshots,
// the real CLI. Input typed into a denied app, before Record or after Stop never reaches disk.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliResult, runCairn, startRecording } from '../helpers/cli.ts';
import { readyToRecord } from '../helpers/ready-to-record.ts';
import { filesContaining } from '../helpers/disk-bytes.ts';
import { type Xterm, type XvfbDisplay, openXterm, startXvfb, xdotool, xvfbMissingReason } from '../helpers/xvfb.ts';
import { keycodesOf, sleep } from '../helpers/typing.ts';

const missing = xvfbMissingReason();
if (missing) console.warn(`Skipping the Xvfb recorder tests: ${missing}.`);

const ALLOWED_BG = '#2040a0';
const DENIED_BG = '#ff0000';

describe.skipIf(missing !== null)('recording under Xvfb with one app allowed and one denied', () => {
  let x: XvfbDisplay;
  let allowed: Xterm;
  let denied: Xterm;
  let dataDir: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    x = await startXvfb({ width: 1280, height: 800 });
    allowed = await openXterm(x.env, { cls: 'AllowedTerm', bg: ALLOWED_BG, geometry: '70x20+0+0', title: 'ALLOWEDTITLE-4c1e' });
    denied = await openXterm(x.env, { cls: 'DeniedTerm', bg: DENIED_BG, geometry: '70x20+620+420', title: 'DENIEDTITLE-9b2d' });
    dataDir = mkdtempSync(join(tmpdir(), 'cairn-e2e-'));
    env = { ...x.env, CAIRN_DATA_DIR: dataDir };
    readyToRecord(dataDir, [{ app: 'AllowedTerm', screens: 'on' }]);
    await cli(['apps', 'deny', 'DeniedTerm']);
  }, 60_000);

  afterAll(async () => {
    allowed?.kill();
    denied?.kill();
    await x?.stop();
  });

  async function cli(args: string[]): Promise<CliResult> {
    const result = await runCairn(args, env);
    if (result.code !== 0) throw new Error(`cairn ${args.join(' ')} failed: ${result.stderr}`);
    return result;
  }

  const focus = (term: Xterm) => xdotool(x.env, 'windowactivate', '--sync', term.windowId);
  const type = (text: string) => xdotool(x.env, 'type', '--delay', '15', text);
  const clickIn = async (term: Xterm) => {
    await xdotool(x.env, 'mousemove', '--window', term.windowId, '100', '60');
    await xdotool(x.env, 'click', '1');
  };

  it('keeps every marker typed into the allowed app and nothing of the denied one, in any byte', async () => {
    await focus(allowed);
    await type('beforerecord1x');
    await sleep(300);

    const rec = await startRecording(['--frame-period', '2'], env);
    await sleep(500);
    // Markers typed right after each switch, clicks in each window; a human-like pause before each switch.
    await focus(allowed);
    await type('alpha11allowed');
    await clickIn(allowed);
    await sleep(150);
    await focus(denied);
    await type('bravo22denied');
    await clickIn(denied);
    await sleep(150);
    await focus(allowed);
    await type('charlie33allowed');
    await sleep(150);
    await focus(denied);
    await type('delta44denied');
    await sleep(150);
    await focus(allowed);
    await type('echo55allowed');
    await clickIn(allowed);
    await sleep(1200);
    const result = await rec.stop('SIGINT');
    expect(result.code, result.stderr).toBe(0);

    await focus(allowed);
    await type('afterstop9z');
    await sleep(300);

    const show = JSON.parse((await cli(['show', rec.sessionId, '--json'])).stdout);
    expect(show.state).toBe('recorded');
    const allText = show.typedText.map((r: { text: string }) => r.text).join('|');
    for (const marker of ['alpha11allowed', 'charlie33allowed', 'echo55allowed']) expect(allText).toContain(marker);
    for (const marker of ['bravo22denied', 'delta44denied', 'beforerecord1x', 'afterstop9z']) expect(allText).not.toContain(marker);
    expect(show.typedText.every((r: { app: string }) => r.app === 'AllowedTerm')).toBe(true);
    expect(show.windows.every((w: { app: string }) => w.app === 'AllowedTerm')).toBe(true);
    expect(show.dropped['app-denied']).toBeGreaterThan(0);
    const clicks = show.events.filter((e: { kind: string }) => e.kind === 'mouse-down');
    expect(clicks.length).toBeGreaterThanOrEqual(2);
    for (const c of clicks) expect(c.x).toBeLessThan(620);

    // The bytes on disk: no denied marker, no denied title, and no run of the denied markers' key codes.
    for (const needle of ['bravo22denied', 'delta44denied', 'DENIEDTITLE-9b2d', 'DeniedTerm-never', 'beforerecord1x', 'afterstop9z']) {
      expect(filesContaining(dataDir, needle), needle).toEqual([]);
    }
    const db = new Database(join(dataDir, 'cairn.db'), { readonly: true });
    const keycodes = db.prepare("SELECT keycode FROM events WHERE kind = 'key-down' ORDER BY session_id, seq").pluck().all() as number[];
    const frames = db.prepare('SELECT bytes, width, height FROM frames').all() as { bytes: Buffer; width: number; height: number }[];
    db.close();
    const stored = keycodes.join(',');
    expect(stored).toContain(keycodesOf('alpha11allowed').join(','));
    for (const marker of ['bravo22denied', 'delta44denied']) expect(stored).not.toContain(keycodesOf(marker).join(','));

    // Frames: taken, and not one pixel of the denied window's colour in any of them.
    expect(frames.length).toBeGreaterThan(0);
    let allowedPixels = 0;
    for (const f of frames) {
      const { data, info } = await sharp(f.bytes).raw().toBuffer({ resolveWithObject: true });
      for (let i = 0; i < data.length; i += info.channels) {
        const [r, g, b] = [data[i]!, data[i + 1]!, data[i + 2]!];
        expect(r > 200 && g < 40 && b < 40, `red pixel in a ${f.width}x${f.height} frame`).toBe(false);
        if (r === 0x20 && g === 0x40 && b === 0xa0) allowedPixels++;
      }
    }
    expect(allowedPixels).toBeGreaterThan(1000);
  }, 90_000);
});
