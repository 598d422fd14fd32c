// `npm run fuses -- BINARY`: burns the fuses of electron.config.ts into the Electron binary (or
// macOS .app) of a packaged Cairn: the last step of packaging, before signing. Whatever packs Cairn
// (an electron-builder afterPack hook, Electron Forge's packageAfterCopy, or by hand) runs it on its
// output. @electron/fuses only rewrites the bytes after the fuse sentinel in that file; nothing is
// downloaded. The development binary in node_modules/electron is refused: `npm start` and the
// Electron tests run it, and Playwright drives it through the inspector these fuses switch off.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { flipFuses, FuseState, FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { fuses } from '../electron.config.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DEVELOPMENT_ELECTRON = path.join(ROOT, 'node_modules', 'electron');

/** Flips Cairn's fuses in `binary`, then reads them back from the file. */
export async function applyFuses(binary: string): Promise<Record<string, string>> {
  if (path.resolve(binary).startsWith(DEVELOPMENT_ELECTRON + path.sep)) {
    throw new Error(`fuses: ${binary} is the development Electron that \`npm start\` and the tests run; copy it into a package first and flip the copy's fuses.`);
  }
  if (!existsSync(binary)) throw new Error(`fuses: ${binary} does not exist; give the Electron binary of a packaged Cairn.`);
  await flipFuses(binary, fuses);
  return readFuses(binary);
}

/** Each fuse of `binary` by name: on, off or removed. */
export async function readFuses(binary: string): Promise<Record<string, string>> {
  const wire: Record<string, unknown> = { ...(await getCurrentFuseWire(binary)) };
  delete wire.version;
  const stateName = (s: unknown) => (s === FuseState.ENABLE ? 'on' : s === FuseState.DISABLE ? 'off' : s === FuseState.REMOVED ? 'removed' : `unknown (${String(s)})`);
  return Object.fromEntries(Object.entries(wire).map(([index, state]) => [FuseV1Options[Number(index)] ?? `fuse ${index}`, stateName(state)]));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const binary = process.argv[2];
  if (!binary) {
    console.error('fuses: give the Electron binary of a packaged Cairn: npm run fuses -- PATH');
    process.exit(2);
  }
  await applyFuses(binary).then(
    (states) => Object.entries(states).forEach(([name, state]) => console.log(`fuses: ${name} ${state}`)),
    (error: Error) => {
      console.error(error.message);
      process.exit(1);
    },
  );
}
