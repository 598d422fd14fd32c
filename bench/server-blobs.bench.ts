// Where the team service keeps frames, decided by this measurement: sealed frames (random bytes, as
// incompressible as WebP) written to PostgreSQL bytea rows, one transaction a session, versus to the
// content-addressed blob folder (a file each, fsync'd); read back; erased; and what is left on disk
// right after the erasure. PostgreSQL with fsync on, as deployed. Prints figures; asserts nothing.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { BlobStore } from '../src/server/storage/blob-store.ts';
import { filesUnder } from '../tests/helpers/disk-bytes.ts';
import { startPostgres } from '../tests/helpers/postgres.ts';

const FRAMES = 600;
const FRAME_BYTES = 60_000;
const frames = Array.from({ length: FRAMES }, () => randomBytes(FRAME_BYTES));
const mb = (FRAMES * FRAME_BYTES) / 1e6;
const dirBytes = (dir: string) => filesUnder(dir).reduce((n, f) => n + statSync(f).size, 0);
const time = async (fn: () => Promise<unknown>) => {
  const t0 = performance.now();
  await fn();
  return (performance.now() - t0) / 1000;
};

const cluster = startPostgres({ fsync: true });
const root = mkdtempSync(join(tmpdir(), 'cairn-blob-bench-'));
const db = new pg.Client({ connectionString: cluster.url });
try {
  await db.connect();
  await db.query('CREATE TABLE frames (seq integer PRIMARY KEY, bytes bytea NOT NULL)');
  const pgWrite = await time(async () => {
    await db.query('BEGIN');
    for (let i = 0; i < FRAMES; i++) await db.query('INSERT INTO frames VALUES ($1, $2)', [i, frames[i]]);
    await db.query('COMMIT');
  });
  const pgRead = await time(async () => {
    for (let i = 0; i < FRAMES; i++) await db.query('SELECT bytes FROM frames WHERE seq = $1', [i]);
  });
  await db.query('CHECKPOINT');
  const tableBefore = Number((await db.query("SELECT pg_total_relation_size('frames') AS n")).rows[0].n);
  const pgErase = await time(() => db.query('DELETE FROM frames'));
  await db.query('CHECKPOINT');
  const tableAfter = Number((await db.query("SELECT pg_total_relation_size('frames') AS n")).rows[0].n);

  const blobs = new BlobStore(root);
  const names: string[] = [];
  const fileWrite = await time(async () => {
    for (const f of frames) names.push(blobs.put(f));
  });
  const fileRead = await time(async () => {
    for (const n of names) await blobs.get(n);
  });
  const filesBefore = dirBytes(blobs.dir);
  const fileErase = await time(async () => {
    for (const n of names) blobs.remove(n);
  });
  const filesAfter = dirBytes(blobs.dir);

  const row = (what: string, w: number, r: number, e: number, before: number, after: number) =>
    console.log(`${what.padEnd(22)} write ${(mb / w).toFixed(0).padStart(4)} MB/s  read ${(mb / r).toFixed(0).padStart(4)} MB/s  erase ${(e * 1000).toFixed(0).padStart(5)} ms  on disk ${(before / 1e6).toFixed(1)} MB -> ${(after / 1e6).toFixed(1)} MB after erase`);
  console.log(`${FRAMES} sealed frames of ${FRAME_BYTES / 1000} kB (${mb.toFixed(0)} MB):`);
  row('PostgreSQL bytea', pgWrite, pgRead, pgErase, tableBefore, tableAfter);
  row('blob folder (fsync)', fileWrite, fileRead, fileErase, filesBefore, filesAfter);
} finally {
  await db.end().catch(() => undefined);
  cluster.close();
  rmSync(root, { recursive: true, force: true });
}
