// The `cairn record` process. It runs lean: it restarts itself once, at once, with MALLOC_ARENA_MAX=2
// and MALLOC_MMAP_THRESHOLD_=131072 in its environment and V8's young generation capped
// (src/core/lean-process.ts), keeping the pid its parent spawned, so Ctrl+C and SIGTERM still reach
// it and it still records and ends with exit 0.
// And a SIGTERM sent the moment it says it records stops it cleanly (it killed it half the time).
// The real CLI (bin/cairn.js) under Xvfb.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runsRecordings } from '../../src/core/lean-process.ts';
import { runCairn, startRecording } from '../helpers/cli.ts';
import { acceptAndAllow } from '../helpers/ready-to-record.ts';
import { type Xterm, type XvfbDisplay, openXterm, startXvfb, xdotool, xvfbMissingReason } from '../helpers/xvfb.ts';

const missing = xvfbMissingReason();
if (missing) console.warn(`Skipping the recorder process tests: ${missing}.`);

/** The environment a running process started with, as the kernel keeps it. */
function environOf(pid: number): Map<string, string> {
  const pairs = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').filter(Boolean);
  return new Map(pairs.map((p) => [p.slice(0, p.indexOf('=')), p.slice(p.indexOf('=') + 1)]));
}

describe('which commands run lean', () => {
  it('is the recording commands, found past --data-dir and its value, and nothing else', () => {
    expect(runsRecordings(['record', '--task', 'x'])).toBe(true);
    expect(runsRecordings(['--data-dir', 'record', 'serve'])).toBe(true);
    expect(runsRecordings(['--data-dir', 'serve', 'apps', 'allow', 'record'])).toBe(false);
    expect(runsRecordings(['export', 'record'])).toBe(false);
    expect(runsRecordings(['--help'])).toBe(false);
    expect(runsRecordings([])).toBe(false);
  });
});

describe.skipIf(missing !== null || process.platform !== 'linux')('cairn record under Xvfb', () => {
  let x: XvfbDisplay;
  let term: Xterm;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    x = await startXvfb({ width: 800, height: 600 });
    term = await openXterm(x.env, { cls: 'LeanTerm', geometry: '60x15+0+0' });
    env = { ...x.env, CAIRN_DATA_DIR: mkdtempSync(join(tmpdir(), 'cairn-lean-')) };
    delete env.MALLOC_ARENA_MAX;
    delete env.MALLOC_MMAP_THRESHOLD_;
    acceptAndAllow(env, 'LeanTerm');
  }, 60_000);

  afterAll(async () => {
    term?.kill();
    await x?.stop();
  });

  it('restarts itself with MALLOC_ARENA_MAX=2, MALLOC_MMAP_THRESHOLD_=131072, --max-semi-space-size=4 and --expose-gc under the pid it was spawned with, records, and stops on Ctrl+C', async () => {
    expect(env.MALLOC_ARENA_MAX).toBeUndefined();
    await xdotool(x.env, 'windowactivate', '--sync', term.windowId);
    const rec = await startRecording([], env);
    const environ = environOf(rec.child.pid!);
    expect(environ.get('MALLOC_ARENA_MAX')).toBe('2');
    expect(environ.get('MALLOC_MMAP_THRESHOLD_')).toBe('131072');
    expect(environ.get('CAIRN_DATA_DIR')).toBe(env.CAIRN_DATA_DIR);
    // And V8's young generation capped, before the script and its arguments.
    const argv = readFileSync(`/proc/${rec.child.pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    expect(argv.indexOf('--max-semi-space-size=4')).toBeGreaterThan(0);
    expect(argv.indexOf('--max-semi-space-size=4')).toBeLessThan(argv.findIndex((a) => a.endsWith('cairn.js')));
    expect(argv.indexOf('--expose-gc')).toBeGreaterThan(0);
    expect(argv.indexOf('--expose-gc')).toBeLessThan(argv.findIndex((a) => a.endsWith('cairn.js')));
    expect(argv.slice(-1)).toEqual(['record']);
    await xdotool(x.env, 'type', '--delay', '20', 'lean');
    await new Promise((resolve) => setTimeout(resolve, 500));
    const result = await rec.stop('SIGINT');
    expect(result.code, result.stderr).toBe(0);
    const view = JSON.parse((await runCairn(['show', rec.sessionId, '--json'], env)).stdout);
    expect(view.typedText.map((r: { text: string }) => r.text).join('')).toBe('lean');
  }, 60_000);

  it('stops cleanly, exit 0 and the session recorded, on a SIGTERM sent the moment it says it records (6 runs)', async () => {
    await xdotool(x.env, 'windowactivate', '--sync', term.windowId);
    for (let run = 0; run < 6; run++) {
      const rec = await startRecording([], env);
      const result = await rec.stop('SIGTERM');
      expect(result.code, `run ${run}: ${result.stderr}`).toBe(0);
      expect(result.stdout).toContain(`Session ${rec.sessionId} recorded (stopped)`);
    }
  }, 90_000);

  it('keeps a MALLOC_ARENA_MAX the caller set', async () => {
    await xdotool(x.env, 'windowactivate', '--sync', term.windowId);
    const rec = await startRecording([], { ...env, MALLOC_ARENA_MAX: '1' });
    expect(environOf(rec.child.pid!).get('MALLOC_ARENA_MAX')).toBe('1');
    const result = await rec.stop('SIGTERM');
    expect(result.code, result.stderr).toBe(0);
  }, 60_000);
});
