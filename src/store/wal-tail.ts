// The end of the write-ahead log after a write that a full disk refused. SQLite writes a transaction
// frame by frame; when the disk fills in the middle of a frame, the log ends in a partial frame of a
// transaction that never committed. SQLite ignores it, but the next open would take the log for
// torn and rebuild the whole store (see damaged-files.ts), a rebuild that needs the very space the
// disk lacks. Cutting the partial frame off loses nothing: no committed transaction ends in one.
import fs from 'node:fs';
import path from 'node:path';
import { filesInUse, storeFiles, WAL_FRAME_HEADER, WAL_HEADER } from './damaged-files.ts';
import { DB_FILE } from './open-store.ts';

const WAL_MAGIC = 0x377f0682; // the low bit tells the checksum byte order

/**
 * Trims a partial last frame off the store's log, only while no process has the store open (one
 * that does may be writing the next frame). Returns the bytes cut off.
 */
export function trimRefusedWrite(dataDir: string): number {
  const files = storeFiles(path.join(path.resolve(dataDir), DB_FILE));
  if (filesInUse(files)) return 0;
  let fd: number;
  try {
    fd = fs.openSync(files.wal, 'r+');
  } catch {
    return 0;
  }
  try {
    const size = fs.fstatSync(fd).size;
    const header = Buffer.alloc(WAL_HEADER);
    if (fs.readSync(fd, header, 0, WAL_HEADER, 0) < WAL_HEADER || header.readUInt32BE(0) >>> 1 !== WAL_MAGIC >>> 1) return 0;
    const pageSize = header.readUInt32BE(8);
    if (pageSize < 512 || pageSize > 65536) return 0;
    const frame = pageSize + WAL_FRAME_HEADER;
    const partial = (size - WAL_HEADER) % frame;
    if (partial === 0) return 0;
    fs.ftruncateSync(fd, size - partial);
    return partial;
  } finally {
    fs.closeSync(fd);
  }
}
