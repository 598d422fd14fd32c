// Privacy claims are checked on the bytes on disk: every file under a folder, read raw.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Regular files only: a socket (a recording's browser.sock) or a pipe holds no bytes to read. A
 *  folder being written may rename or remove an entry between listing and looking at it (the team
 *  service writes each blob as NAME.partial, then renames it): such an entry is no longer there. */
export function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const stat = statSync(path, { throwIfNoEntry: false });
    if (stat?.isDirectory()) out.push(...filesUnderIfThere(path));
    else if (stat?.isFile()) out.push(path);
  }
  return out;
}

function filesUnderIfThere(dir: string): string[] {
  try {
    return filesUnder(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

/** The files under `dir` whose bytes contain `needle` (as UTF-8 and as UTF-16LE when a string). */
export function filesContaining(dir: string, needle: string | Buffer): string[] {
  const forms = typeof needle === 'string' ? [Buffer.from(needle, 'utf8'), Buffer.from(needle, 'utf16le')] : [needle];
  return filesUnder(dir).filter((file) => {
    const bytes = readFileSync(file);
    return forms.some((form) => bytes.includes(form));
  });
}

/** Every file under `dir` by relative path, with the sha256 of its bytes: equal before and after
 *  means a refused command changed nothing on disk. */
export function folderDigest(dir: string): Record<string, string> {
  return Object.fromEntries(filesUnder(dir).map((f) => [relative(dir, f), createHash('sha256').update(readFileSync(f)).digest('hex')]));
}
