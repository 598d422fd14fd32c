// Where an export may be written: an absolute folder path without `..` segments, outside Cairn's
// data folder (also through symlinks), either missing (it is created, 0700 like every folder Cairn
// makes) or an empty folder, so an export never mixes with or overwrites other files. The CLI
// resolves a relative --out against its working folder before it gets here; the API (the app, the
// browser host) is given what the person typed, and a host's working folder means nothing to them,
// so there a relative path is refused.
import fs from 'node:fs';
import path from 'node:path';
import { isInDataFolder } from '../store/data-dir.ts';
import { makePrivateDir } from '../store/private-files.ts';
import { assertUsablePath, showPath } from '../store/usable-path.ts';
import { ExportRefused } from './egress.ts';

export interface PreparedOutDir {
  dir: string;
  /** Whether the export created the folder (and so may remove it again if it fails). */
  created: boolean;
}

/** The folder to write to, or an ExportRefused saying what is wrong with it. */
export function checkOutDir(given: string, dataDir: string): string {
  const shown = showPath(given);
  if (!path.isAbsolute(given)) throw new ExportRefused(`The output folder must be an absolute path (like /home/you/exports), not ${shown}: the app cannot tell which folder a relative one starts from.`);
  if (given.split(/[\\/]+/).includes('..')) throw new ExportRefused(`The output folder ${shown} contains "..": give the folder's plain absolute path.`);
  // A pseudo-filesystem, a file on the way, no permission: refused before anything is made.
  const dir = assertUsablePath(given, { what: 'output folder', kind: 'folder' });
  const shownDir = showPath(dir);
  if (isInDataFolder(dir, dataDir)) {
    throw new ExportRefused(`The output folder ${shownDir} is inside Cairn's data folder (${dataDir}); choose a folder outside it.`);
  }
  if (fs.existsSync(dir) && fs.readdirSync(dir).length > 0) {
    throw new ExportRefused(`The output folder ${shownDir} is not empty; choose a new or empty folder so the export mixes with nothing.`);
  }
  return dir;
}

export function prepareOutDir(dir: string): PreparedOutDir {
  const created = !fs.existsSync(dir);
  try {
    makePrivateDir(dir);
  } catch (error) {
    // A name too long, a dangling symlink, no permission: the folder cannot be made, which is the
    // person's to fix, not a bug (the fuzz of export.run's outDir reached these as 500s).
    const code = (error as NodeJS.ErrnoException).code ?? 'an error';
    const shown = showPath(dir);
    throw new ExportRefused(`The output folder ${shown} cannot be created (${code}); choose another folder.`, null);
  }
  return { dir, created };
}

/** Takes back what an export wrote: the folder it made, or the files it put in an empty one. */
export function undoOutDir(prepared: PreparedOutDir): void {
  if (prepared.created) {
    fs.rmSync(prepared.dir, { recursive: true, force: true });
    return;
  }
  for (const name of fs.readdirSync(prepared.dir)) fs.rmSync(path.join(prepared.dir, name), { recursive: true, force: true });
}
