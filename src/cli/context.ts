// What every command gets: the data directory and a store opened on it (with interrupted
// recordings recovered first, so a crash is always noticed at the next start).
import { openStore } from '../store/open-store.ts';
import { plural } from '../shared/format.ts';
import { recoverInterrupted } from '../store/recovery.ts';
import { applyRetention } from '../store/retention.ts';
import { effectiveRetentionDays } from '../store/org-policy-repo.ts';
import type { Store } from '../store/store.ts';
import { DATA_FOLDER, resolveDataDir } from '../store/data-dir.ts';
import { assertUsablePath } from '../store/usable-path.ts';
import { inertLines } from '../shared/inert-text.ts';
import { writeIfOpen } from './process-guards.ts';

export interface CliContext {
  dataDir: string;
  /** Prints to stdout (stderr): the one way commands print, made inert (see inert-text.ts). */
  out: (line: string) => void;
  err: (line: string) => void;
}

export function contextFrom(options: { dataDir?: string }): CliContext {
  return {
    dataDir: resolveDataDir(options.dataDir),
    // Every line goes out inert: stored titles, app names, reasons and a bundle's rows may hold
    // terminal escape sequences, and no command should have to remember that.
    out: (line) => writeIfOpen(process.stdout, `${inertLines(line)}\n`),
    err: (line) => writeIfOpen(process.stderr, `${inertLines(line)}\n`),
  };
}

/** The data folder, checked (see usable-path.ts), for the commands that read it without opening
 *  the store first (repair, encryption). */
export function usableDataDir(ctx: CliContext): string {
  return assertUsablePath(ctx.dataDir, DATA_FOLDER);
}

/** Opens the store, recovers recordings cut short, applies the retention setting, runs `fn`, and
 *  always closes the store. */
export async function withStore<T>(ctx: CliContext, fn: (store: Store) => T | Promise<T>): Promise<T> {
  const store = openStore(ctx.dataDir);
  try {
    for (const id of recoverInterrupted(store)) {
      ctx.err(`Session ${id} was cut short (crash or kill) and is kept as interrupted; review it or delete it.`);
    }
    // The person's retention setting, or the organisation's policy's when that is shorter.
    const retentionDays = effectiveRetentionDays(store);
    for (const id of applyRetention(store, retentionDays, Date.now())) {
      ctx.err(`Session ${id} was not submitted within ${plural(retentionDays ?? 0, 'day')} and was deleted (retention setting).`);
    }
    return await fn(store);
  } finally {
    store.close();
  }
}
