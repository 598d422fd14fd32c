// Builds the bundles described in electron.config.ts (all of them, or those named on the command
// line: `npm run build -- node renderer`), copies the renderer's index.html and writes the
// extension's manifests. Targets whose entry file does not exist yet are skipped with a note. On
// Linux a full build first builds the native addons (NATIVE_ADDONS, in native/) with node-gyp.
// tests/global-setup.ts calls buildTargets too.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { OUT_DIR, type TargetName, targets } from '../electron.config.ts';
import { writeExtensionFolders } from './extension-manifest.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Builds the named targets (all when none) in the app root, whatever the current folder. */
export async function buildTargets(wanted: readonly string[] = [], log = console.log): Promise<void> {
  const unknown = wanted.filter((name) => !(name in NATIVE_ADDONS) && !(name in targets));
  if (unknown.length) throw new Error(`build: there is no target ${unknown.join(', ')}; the targets are ${[...Object.keys(targets), ...Object.keys(NATIVE_ADDONS)].join(', ')}.`);
  for (const [name, withoutIt] of Object.entries(NATIVE_ADDONS)) {
    if (!wanted.length || wanted.includes(name)) buildAddon(name, withoutIt, log);
  }
  const names = (Object.keys(targets) as TargetName[]).filter((name) => !wanted.length || wanted.includes(name));
  // esbuild builds in its own threads: the targets go at once.
  await Promise.all(names.map((name) => buildTarget(name, log)));
}

async function buildTarget(name: TargetName, log: typeof console.log): Promise<void> {
  const options = targets[name];
  const missing = (options.entryPoints as string[]).find((entry) => !existsSync(path.join(ROOT, entry)));
  if (missing) {
    log(`build: skipping ${name} (${missing} does not exist yet)`);
    return;
  }
  const started = performance.now();
  // Chunk names carry a hash: clear the folder so chunks of older builds do not pile up.
  if (options.splitting) rmSync(path.join(ROOT, options.outdir!), { recursive: true, force: true });
  const result = await build({ ...options, absWorkingDir: ROOT, logLevel: 'warning' });
  // Which source went into which chunk (tests check that a command loads only what it needs).
  if (result.metafile) writeFileSync(path.join(ROOT, options.outdir!, 'meta.json'), JSON.stringify(result.metafile));
  if (name === 'renderer') {
    mkdirSync(path.join(ROOT, OUT_DIR, 'renderer'), { recursive: true });
    copyFileSync(path.join(ROOT, 'renderer/index.html'), path.join(ROOT, OUT_DIR, 'renderer/index.html'));
  }
  if (name === 'extension') writeExtensionFolders(path.join(ROOT, OUT_DIR, 'extension'));
  log(`build: ${name} in ${Math.round(performance.now() - started)} ms`);
}

/** The addons in native/, each with what Cairn does where it could not be built. */
const NATIVE_ADDONS: Record<string, string> = {
  'malloc-trim': "Cairn records without it, but a long recording's memory then keeps the holes glibc's malloc leaves, growing slowly",
  'x-io-guard': 'Cairn records without it, but a recording whose X server goes away is then ended by Xlib and recovered as interrupted',
  'x-input-hook':
    'recordings on X11 then take their input from uiohook-napi, which calls JavaScript once for every event rather than once per batch (it needs libx11-dev, libxtst-dev, libxrandr-dev and libxt-dev: scripts/setup.sh installs them)',
  'x-window-capture':
    "Cairn then takes frames from grabs of the whole screen with ImageMagick's import, slower and open to windows of other apps that move during a grab (it needs libxcb1-dev, libxcb-composite0-dev, libxcb-shm0-dev, libxcb-shape0-dev and libxcb-damage0-dev: scripts/setup.sh installs them)",
};

/**
 * node-gyp against the headers of the Node that runs this build (so it never downloads any), with
 * the node-gyp npm ships (npm names it in npm_config_node_gyp for the scripts it runs). Failing to
 * build is reported in one sentence, not fatal: Cairn then works without the addon.
 */
function buildAddon(name: string, withoutIt: string, log: typeof console.log): void {
  if (process.platform !== 'linux') return;
  const npmNodeGyp = 'lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js';
  const candidates = [process.env.npm_config_node_gyp, path.resolve(process.execPath, '../..', npmNodeGyp), `/usr/${npmNodeGyp}`, `/usr/local/${npmNodeGyp}`];
  const nodeGyp = candidates.find((c): c is string => !!c && existsSync(c)) ?? 'node-gyp (none of npm\'s)';
  const started = performance.now();
  const result = existsSync(nodeGyp)
    ? spawnSync(process.execPath, [nodeGyp, 'rebuild', `--nodedir=${path.resolve(process.execPath, '../..')}`], { cwd: path.join(ROOT, 'native', name), encoding: 'utf8' })
    : undefined;
  if (result?.status === 0) {
    log(`build: ${name} in ${Math.round(performance.now() - started)} ms`);
    return;
  }
  const why = result ? (result.stderr || result.stdout).trim().split('\n').slice(-3).join(' / ') : `node-gyp not found at ${nodeGyp}`;
  console.warn(`build: the addon native/${name} was not built (${why}); ${withoutIt}.`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildTargets(process.argv.slice(2)).catch((error: Error) => {
    console.error(error.message);
    process.exit(1);
  });
}
