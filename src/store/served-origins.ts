// The origins Cairn's browser host serves its own page on, noted in the data folder while it runs
// (`hosts/<pid>.json`, removed when it stops) so that a recording, in whatever process, never records
// Cairn's page in a browser: the consent gate drops a browser window showing one of them.
// A note left by a host that died is removed by the next host to start, and is harmless meanwhile:
// it can only make Cairn drop more.
import fs from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { makePrivateDir, writePrivateFileSync } from './private-files.ts';

const Note = z.object({ origins: z.array(z.string().max(300)).max(16) });

function hostsDir(dataDir: string): string {
  return join(dataDir, 'hosts');
}

/** Notes `origins` as served by this process until the returned function is called (or the process ends). */
export function announceServedOrigins(dataDir: string, origins: readonly string[]): () => void {
  const dir = hostsDir(dataDir);
  makePrivateDir(dir);
  removeDeadNotes(dir);
  const file = join(dir, `${process.pid}.json`);
  writePrivateFileSync(file, JSON.stringify({ origins }));
  const remove = () => fs.rmSync(file, { force: true });
  process.once('exit', remove);
  return () => {
    process.off('exit', remove);
    remove();
  };
}

/** Every origin a browser host of this data folder serves now (unreadable notes are skipped). */
export function readServedOrigins(dataDir: string): string[] {
  return readNotes(dataDir).origins;
}

/** Younger than this, a file's change time is not trusted to tell a later change (coarse clocks). */
const SETTLED_MS = 2000;

/**
 * readServedOrigins for a caller that asks several times a second (a recording, at each tick): the
 * notes are read again only when the folder or a note changed (by their change times), when a note
 * could not be read, or while a change is too recent to trust; otherwise a stat or two answer.
 */
export function servedOriginsWatch(dataDir: string): () => string[] {
  let known: { stamp: string; origins: string[] } | undefined;
  return () => {
    const dir = hostsDir(dataDir);
    const folder = fs.statSync(dir, { throwIfNoEntry: false });
    if (!folder) return [];
    let stamp = '';
    let newest = folder.ctimeMs;
    try {
      for (const name of fs.readdirSync(dir)) {
        const ctimeMs = fs.statSync(join(dir, name), { throwIfNoEntry: false })?.ctimeMs ?? Number.POSITIVE_INFINITY;
        stamp += `${name}:${ctimeMs};`;
        newest = Math.max(newest, ctimeMs);
      }
    } catch {
      stamp = '';
    }
    if (stamp && known?.stamp === stamp) return known.origins;
    const notes = readNotes(dataDir);
    known = stamp && notes.complete && Date.now() - newest > SETTLED_MS ? { stamp, origins: notes.origins } : undefined;
    return notes.origins;
  };
}

function readNotes(dataDir: string): { origins: string[]; complete: boolean } {
  let names: string[];
  try {
    names = fs.readdirSync(hostsDir(dataDir));
  } catch {
    return { origins: [], complete: false };
  }
  const origins: string[] = [];
  let complete = true;
  for (const name of names.filter((n) => /^\d+\.json$/.test(n))) {
    try {
      const note = Note.safeParse(JSON.parse(fs.readFileSync(join(hostsDir(dataDir), name), 'utf8')));
      if (note.success) origins.push(...note.data.origins);
      else complete = false;
    } catch {
      // Being written or removed right now: read again at the next look.
      complete = false;
    }
  }
  return { origins, complete };
}

function removeDeadNotes(dir: string): void {
  for (const name of fs.readdirSync(dir)) {
    const pid = Number(/^(\d+)\.json$/.exec(name)?.[1]);
    if (pid && pid !== process.pid && !alive(pid)) fs.rmSync(join(dir, name), { force: true });
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, as another user's.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
