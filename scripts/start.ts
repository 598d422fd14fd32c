// `npm start`: the desktop app where the Electron binary is on this machine, else the browser host.
// Builds first when dist/ is missing or older than the sources. Never downloads Electron (see
// src/electron/electron-binary.ts).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { staleBuild } from '../bin/stale-build.js';
import { findElectronBinary } from '../src/electron/electron-binary.ts';
import { buildTargets } from './build.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const electronMain = `${root}dist/electron/main.cjs`;

function run(command: string, args: string[]): void {
  const child = spawn(command, args, { cwd: root, stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 128 : 1)));
}

if (!existsSync(electronMain) || !existsSync(`${root}dist/renderer/index.html`) || staleBuild(root)) {
  await buildTargets();
}

const electron = findElectronBinary(root);
if (electron) {
  run(electron, [electronMain, ...process.argv.slice(2)]);
} else {
  console.log('The Electron binary is not available on this machine, so Cairn starts its browser host instead: open the URL below.');
  run(process.execPath, ['bin/cairn.js', 'serve', ...process.argv.slice(2)]);
}
