// A sha256 over every row of every table of a data dir's store (BLOBs included), independent of
// row order: equal digests before and after mean a refused operation changed nothing.
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';

export function storeDigest(dataDir: string): string {
  const db = new Database(join(dataDir, 'cairn.db'), { readonly: true });
  try {
    const tables = db.prepare<[], string>(`SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).pluck().all();
    const hash = createHash('sha256');
    for (const table of tables) {
      const rows = db
        .prepare(`SELECT * FROM "${table}"`)
        .raw(true)
        .all()
        .map((row) => JSON.stringify(row, (_k, v: unknown) => (v && typeof v === 'object' && 'type' in v && v.type === 'Buffer' ? `blob:${Buffer.from((v as unknown as { data: number[] }).data).toString('hex')}` : v)))
        .sort();
      hash.update(`${table}\n${rows.join('\n')}\n`);
    }
    hash.update(`user_version=${String(db.pragma('user_version', { simple: true }))}`);
    return hash.digest('hex');
  } finally {
    db.close();
  }
}
