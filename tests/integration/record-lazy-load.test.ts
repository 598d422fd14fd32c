// `cairn record` checks consent and policies before any capture module is even loaded: refused
// for want of consent, the process never resolved the recorder's assembly, the input hook or the
// screen grabber (the recording service imports them only once everything is checked). Nor does
// `cairn record` load the other commands' modules (export writers, review), which a recording that
// runs for hours would hold in memory for nothing; any other command loads its own module alone
// too, and help all of them; and an everyday command such as `cairn sessions` loads neither the API
// contract's schemas nor X11.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PROBED_CAIRN, REPO, runNode } from '../helpers/cli.ts';

const MODULE_LOG = fileURLToPath(new URL('../helpers/module-log.mjs', import.meta.url));

/** Runs `cairn ARGS` in a fresh data folder; its exit, stderr and every module it loaded. */
async function modulesLoadedBy(args: string[]): Promise<{ code: number | null; stderr: string; loaded: string[] }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cairn-lazy-'));
  const log = join(dataDir, 'modules.txt');
  const env = { ...process.env, CAIRN_DATA_DIR: dataDir, CAIRN_MODULE_LOG: log };
  const r = await runNode(['--import', 'tsx', '--import', MODULE_LOG, PROBED_CAIRN, '{}', ...args], env, undefined, { cwd: REPO });
  return { code: r.code, stderr: r.stderr, loaded: readFileSync(log, 'utf8').split('\n') };
}

describe('cairn record before consent', () => {
  it('refuses without loading start-recording, uiohook-napi or screenshot-desktop', async () => {
    const { code, stderr, loaded } = await modulesLoadedBy(['record']);
    expect(code, stderr).toBe(1);
    expect(stderr).toContain('No consent given yet');
    // The log is real: the command and the recording service were loaded.
    expect(loaded.some((url) => url.endsWith('/src/services/recording-service.ts'))).toBe(true);
    expect(loaded.filter((url) => /start-recording|uiohook|screenshot-desktop|frame-encoder/.test(url))).toEqual([]);
    expect(loaded.filter((url) => /\/src\/export\/|\/src\/cli\/commands\/(?!record-command)/.test(url))).toEqual([]);
  });

  it('loads only its own command module for another command, and every one for help (the check above can tell)', async () => {
    const commandsOf = (loaded: string[]) => loaded.filter((url) => /\/src\/cli\/commands\//.test(url)).map((url) => url.replace(/.*\/commands\//, ''));
    const sessions = await modulesLoadedBy(['sessions']);
    expect(sessions.code, sessions.stderr).toBe(0);
    // Its own module alone, not the others: not even apps-command.ts, which reads the running
    // windows over X11.
    expect(commandsOf(sessions.loaded)).toEqual(['sessions-command.ts']);
    // Nor the API contract's schemas (the CLI reads its errors' exit statuses without them) nor X11:
    // ~60 ms of every command's start.
    expect(sessions.loaded.filter((url) => /\/src\/shared\/contract\.ts|\/node_modules\/x11\//.test(url))).toEqual([]);
    expect(sessions.loaded.some((url) => url.endsWith('/src/shared/api-error-codec.ts'))).toBe(true);
    const help = await modulesLoadedBy(['--help']);
    expect(help.code, help.stderr).toBe(0);
    expect(commandsOf(help.loaded)).toContain('export-command.ts');
  });
});
