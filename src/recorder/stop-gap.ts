// The gap of a recording cut short by a full disk, written by the recorder once its writer has
// closed, through a short connection of its own. On a disk that refuses even this one-row update,
// the disk reserve is spent to make room (see store/disk-reserve.ts); what still fails is left as a
// note that the next start's recovery applies. Before each open, and after a last refused write,
// the refused write's partial frame is cut off the log (see store/wal-tail.ts): the next open would
// otherwise take the log for torn and rebuild the store, which a full disk cannot hold twice.
import { removeGapNote, spendReserve } from '../store/disk-reserve.ts';
import { openStore } from '../store/open-store.ts';
import { recordStopGap, type StopReason } from '../store/session-repo.ts';
import { trimRefusedWrite } from '../store/wal-tail.ts';

export type GapOutcome = 'recorded' | 'left for the next start';

export function recordDiskFullGap(dataDir: string, sessionId: string, detail: string): GapOutcome {
  const gap = { reason: 'disk-full' as StopReason, detail };
  // SQLite can sometimes still write a page where a refused one was, so the reserve is kept for as
  // long as it is not needed.
  if (tryRecord(dataDir, sessionId, gap)) return 'recorded';
  spendReserve(dataDir, { sessionId, ...gap });
  const recorded = tryRecord(dataDir, sessionId, gap);
  trimRefusedWrite(dataDir);
  if (!recorded) return 'left for the next start';
  removeGapNote(dataDir);
  return 'recorded';
}

function tryRecord(dataDir: string, sessionId: string, gap: { reason: StopReason; detail: string }): boolean {
  trimRefusedWrite(dataDir);
  try {
    const store = openStore(dataDir);
    try {
      recordStopGap(store, sessionId, gap);
    } finally {
      store.close();
    }
    return true;
  } catch {
    return false;
  }
}
