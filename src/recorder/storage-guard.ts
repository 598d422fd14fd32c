// Stops a recording before it fills the disk: every few seconds it compares the store's size with
// the storage budget and the data folder's free disk with the minimum (both from the settings, read
// at each check so a change applies at once), and says why it stops in one sentence. It records the
// stop on the session this process is recording, so the session shows the gap that follows.
import os from 'node:os';
import { openStore } from '../store/open-store.ts';
import { recordingSessionsOf, recordStopGap, type StopReason } from '../store/session-repo.ts';
import { getSettings, type Settings } from '../store/settings-repo.ts';
import { freeDiskBytes, storeBytes } from '../store/storage-usage.ts';
import type { Store } from '../store/store.ts';
import { formatBytes } from '../shared/format.ts';

export type StorageLimits = Pick<Settings, 'storageBudgetBytes' | 'minFreeDiskBytes'>;

/** A limit reached: which, and the end of a sentence saying so ("…; delete sessions or …"). */
export interface StorageLimitReached {
  reason: Extract<StopReason, 'low-disk' | 'storage-budget'>;
  sentence: string;
}

export function storageLimitReached(limits: StorageLimits, usedBytes: number, freeBytes: number | null): StorageLimitReached | null {
  if (usedBytes >= limits.storageBudgetBytes) {
    return {
      reason: 'storage-budget',
      sentence: `the storage budget of ${formatBytes(limits.storageBudgetBytes)} is reached; delete sessions or raise the budget in My data (or \`cairn settings --storage-budget\`).`,
    };
  }
  if (freeBytes !== null && freeBytes < limits.minFreeDiskBytes) {
    return {
      reason: 'low-disk',
      sentence: `the disk holding Cairn's data has only ${formatBytes(freeBytes)} free, less than the minimum of ${formatBytes(limits.minFreeDiskBytes)}; free some space, delete sessions, or lower the minimum in My data.`,
    };
  }
  return null;
}

function currentLimitReached(store: Store, dataDir: string, statfs = freeDiskBytes): StorageLimitReached | null {
  return storageLimitReached(getSettings(store), storeBytes(store), statfs(dataDir));
}

/** The problem with the store as it is now (for a check before recording starts). */
export function currentStorageProblem(store: Store, dataDir: string, statfs = freeDiskBytes): string | null {
  return currentLimitReached(store, dataDir, statfs)?.sentence ?? null;
}

export interface StorageGuardOptions {
  dataDir: string;
  /** Told once, with a sentence starting "Recording stopped:", when a limit is reached. */
  onLimit: (reason: string) => void;
  intervalMs?: number;
  /** Free bytes of the disk holding a folder; injected by tests. */
  statfs?: (dir: string) => number | null;
}

export interface StorageGuard {
  /** Runs one check now; returns the stop reason when a limit is reached. */
  check(): string | null;
  stop(): void;
}

export function startStorageGuard(options: StorageGuardOptions): StorageGuard {
  // Its own connection: the recorder's writer runs in a worker, and the CLI opens stores per step.
  const store = openStore(options.dataDir);
  let fired = false;
  const check = (): string | null => {
    if (!store.isOpen) return null;
    const limit = currentLimitReached(store, options.dataDir, options.statfs);
    if (!limit) return null;
    const reason = `Recording stopped: ${limit.sentence}`;
    if (!fired) {
      fired = true;
      recordGap(store, limit);
      options.onLimit(reason);
    }
    return reason;
  };
  const timer = setInterval(() => {
    try {
      check();
    } catch {
      // A busy or vanished store is the writer's to report; the next tick tries again.
    }
  }, options.intervalMs ?? 3000);
  timer.unref();
  return {
    check,
    stop: () => {
      clearInterval(timer);
      store.close();
    },
  };
}

/**
 * Marks the recordings of this process (the recorder and its guard share it, in the CLI and in the
 * app's service alike) as stopped now for this limit. The guard stops capture before the disk is
 * full, so this write has room; should it fail all the same, the stop itself must still happen.
 */
function recordGap(store: Store, limit: StorageLimitReached): void {
  try {
    const at = Date.now();
    for (const id of recordingSessionsOf(store, process.pid, os.hostname())) {
      recordStopGap(store, id, { reason: limit.reason, detail: limit.sentence, at });
    }
  } catch {
    // The session then ends as an ordinary stop; its audit row still names the limit.
  }
}
