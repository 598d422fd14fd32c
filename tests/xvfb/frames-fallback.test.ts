// Where the in-process window capture cannot run (here: an X server without the Composite
// extension), frames still come, from grabs of the whole screen with ImageMagick, and the status
// line says so and why.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkImageMagick } from '../../src/capture/screenshot-desktop-capturer.ts';
import { windowCaptureMissingReason, windowCaptureProblem } from '../../src/capture/x11/x11-window-capturer.ts';
import { startRecording } from '../helpers/cli.ts';
import { acceptAndAllow } from '../helpers/ready-to-record.ts';
import { countPixels, storedFrames } from '../helpers/stored-frames.ts';
import { sleep } from '../helpers/typing.ts';
import { type Xterm, type XvfbDisplay, openXterm, startXvfb, xdotool, xvfbMissingReason } from '../helpers/xvfb.ts';

const missing = xvfbMissingReason() ?? windowCaptureMissingReason() ?? ((await checkImageMagick()) ? null : "ImageMagick's import is not installed");
if (missing) console.warn(`Skipping the capture fallback test: ${missing}.`);

describe.skipIf(missing !== null)('frames on an X server without Composite', () => {
  let x: XvfbDisplay;
  let term: Xterm;

  beforeAll(async () => {
    x = await startXvfb({ width: 1024, height: 768, args: ['-extension', 'Composite'] });
    term = await openXterm(x.env, { cls: 'FallbackAllowed', bg: '#2040a0', geometry: '60x15+0+0' });
  }, 30_000);

  afterAll(async () => {
    term?.kill();
    await x?.stop();
  });

  it('come from whole-screen grabs, and the status line says so and why', async () => {
    expect(windowCaptureProblem(x.display)).toMatch(/no Composite extension/);
    const env = { ...x.env, CAIRN_DATA_DIR: mkdtempSync(join(tmpdir(), 'cairn-fallback-')) };
    acceptAndAllow(env, 'FallbackAllowed', 'on');
    await xdotool(x.env, 'windowactivate', '--sync', term.windowId);
    const stats = join(env.CAIRN_DATA_DIR, '..', `fallback-stats-${process.pid}.json`);
    const rec = await startRecording(['--frame-period', '0.5'], env, { statsFile: stats });
    await sleep(2500);
    const result = await rec.stop();
    expect(result.code, result.stderr).toBe(0);
    const warnings = JSON.parse(readFileSync(stats, 'utf8')).warnings as string[];
    expect(warnings).toContainEqual(expect.stringMatching(/^frames come from grabs of the whole screen with ImageMagick \(the in-process capture cannot run: the X server has no Composite extension/));
    expect(result.stderr).toContain('warning: frames come from grabs of the whole screen');
    const frames = await storedFrames(env.CAIRN_DATA_DIR);
    expect(frames.length).toBeGreaterThan(0);
    expect(countPixels(frames[0]!, (r, g, b) => r === 0x20 && g === 0x40 && b === 0xa0)).toBeGreaterThan(1000);
  }, 60_000);
});
