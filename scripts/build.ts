// Builds the bundles described in electron.config.ts (all of them, or those named on the command
// line), copies the renderer's index.html and writes the extension's manifests. Targets whose entry file does not exist yet are skipped
// with a note, so the CLI and browser host build before the desktop shell does. On Linux it first
// builds the X I/O guard addon (native/x-io-guard) with node-gyp.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { OUT_DIR, targets } from '../electron.config.ts';
import { writeExtensionFolders } from './extension-manifest.ts';

const wanted = process.argv.slice(2);
if (!wanted.length || wanted.includes('x-io-guard')) buildXIoGuard();
for (const [name, options] of Object.entries(targets)) {
  if (wanted.length && !wanted.includes(name)) continue;
  const entry = (options.entryPoints as string[])[0]!;
  if (!existsSync(entry)) {
    console.log(`build: skipping ${name} (${entry} does not exist yet)`);
    continue;
  }
  const started = performance.now();
  await build({ ...options, logLevel: 'warning' });
  if (name === 'renderer') {
    mkdirSync(`${OUT_DIR}/renderer`, { recursive: true });
    copyFileSync('renderer/index.html', `${OUT_DIR}/renderer/index.html`);
  }
  if (name === 'extension') writeExtensionFolders(`${OUT_DIR}/extension`);
  console.log(`build: ${name} in ${Math.round(performance.now() - started)} ms`);
}

/**
 * node-gyp against the headers of the Node that runs this build (so it never downloads any), with
 * the node-gyp npm ships (npm names it in npm_config_node_gyp for the scripts it runs). Failing to
 * build is reported, not fatal: Cairn then records as before, and a dead X server ends the recorder.
 */
function buildXIoGuard(): void {
  if (process.platform !== 'linux') return;
  const npmNodeGyp = 'lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js';
  const candidates = [process.env.npm_config_node_gyp, path.resolve(process.execPath, '../..', npmNodeGyp), `/usr/${npmNodeGyp}`, `/usr/local/${npmNodeGyp}`];
  const nodeGyp = candidates.find((c): c is string => !!c && existsSync(c)) ?? 'node-gyp (none of npm\'s)';
  const started = performance.now();
  const result = existsSync(nodeGyp)
    ? spawnSync(process.execPath, [nodeGyp, 'rebuild', `--nodedir=${path.resolve(process.execPath, '../..')}`], { cwd: 'native/x-io-guard', encoding: 'utf8' })
    : undefined;
  if (result?.status === 0) {
    console.log(`build: x-io-guard in ${Math.round(performance.now() - started)} ms`);
    return;
  }
  const why = result ? (result.stderr || result.stdout).trim().split('\n').slice(-3).join(' / ') : `node-gyp not found at ${nodeGyp}`;
  console.warn(`build: the X I/O guard was not built (${why}); Cairn records without it, but a recording whose X server goes away is then ended by Xlib and recovered as interrupted.`);
}
