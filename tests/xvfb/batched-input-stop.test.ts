// Stopping the batched input hook (native/x-input-hook) when the X server goes away during the stop,
// before the process has seen it go: the recorder stops when its focus watcher's connection closes,
// and libuiohook's threads may not have met the dead server yet. Xlib's I/O error on the JS thread
// cannot be survived (the X I/O guard can only end the process, with exit code 1), so the stop's
// Xlib calls must run elsewhere. Each case freezes its own Xvfb, stops the hook in a child process
// (tests/helpers/input-stop-under-frozen-server.ts), and kills the server during or after the stop.
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { batchedInputMissingReason } from '../../src/capture/x11/batched-input-source.ts';
import { xIoGuardMissingReason } from '../../src/capture/x-io-guard.ts';
import { startXvfb, xvfbMissingReason } from '../helpers/xvfb.ts';

const missing = xvfbMissingReason() ?? batchedInputMissingReason() ?? xIoGuardMissingReason();
if (missing) console.warn(`skipping the batched input stop tests: ${missing}`);

const CHILD = new URL('../helpers/input-stop-under-frozen-server.ts', import.meta.url).pathname;

async function stopUnderFrozenServer(killAfterMs: number) {
  const x = await startXvfb({ width: 640, height: 480 });
  try {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, String(x.pid), String(killAfterMs)], { env: x.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => void (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => void (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    const line = stdout.trim().split('\n').at(-1) ?? '';
    return { code, stderr, report: line.startsWith('{') ? (JSON.parse(line) as { stopMs: number; lostAtStopEnd: boolean; warnings: string[] }) : undefined };
  } finally {
    await x.stop();
  }
}

describe.skipIf(missing !== null)('stopping the batched input hook while its X server goes away', () => {
  it('gives up on the withdrawal as soon as the server is gone, and the process survives it', async () => {
    const { code, stderr, report } = await stopUnderFrozenServer(300);
    expect(stderr).not.toMatch(/lost on the JS thread|XIO/);
    expect(code, stderr).toBe(0);
    expect(report, stderr).toBeDefined();
    expect(report!.lostAtStopEnd).toBe(true);
    // It waited for the kill, not for the 2 s bound.
    expect(report!.stopMs).toBeGreaterThanOrEqual(250);
    expect(report!.stopMs).toBeLessThan(1_800);
    expect(report!.warnings).toEqual([]);
  }, 30_000);

  it('gives up after its bound on a server that does not answer, says so, and survives its death later', async () => {
    const { code, stderr, report } = await stopUnderFrozenServer(3_000);
    expect(stderr).not.toMatch(/lost on the JS thread|XIO/);
    expect(code, stderr).toBe(0);
    expect(report, stderr).toBeDefined();
    expect(report!.lostAtStopEnd).toBe(false);
    expect(report!.stopMs).toBeGreaterThanOrEqual(1_900);
    expect(report!.stopMs).toBeLessThan(2_900);
    expect(report!.warnings).toEqual(['the input hook did not stop within 2 s (the X server is not answering); it was left behind']);
  }, 30_000);
});
