// A small write that must land even on a full disk: a recording's stop, written after the recorder
// met the full disk and recorded its gap. The gap's own write may have found room where a refused
// page was and left the reserve whole (see recorder/stop-gap.ts), or another process may have taken
// the room the reserve gave back; either way the stop must not fail for a page. When the disk refuses
// the write, the reserve still whole is given back, the refused write's partial frame cut off the log,
// and the write tried once more.
import path from 'node:path';
import { giveBackReserve } from './disk-reserve.ts';
import { DB_FILE } from './open-store.ts';
import { StoreError, toStoreError } from './store-error.ts';
import { trimRefusedWrite } from './wal-tail.ts';

export function isDiskFull(error: unknown, dataDir: string): boolean {
  const e = toStoreError(error, path.join(path.resolve(dataDir), DB_FILE));
  return e instanceof StoreError && e.code === 'full';
}

/** Runs `write`; on a full disk makes what room the reserve holds and runs it again, once. */
export async function withRoomOnFullDisk<T>(dataDir: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (!isDiskFull(error, dataDir) || !giveBackReserve(dataDir)) throw error;
    trimRefusedWrite(dataDir);
    return write();
  }
}
