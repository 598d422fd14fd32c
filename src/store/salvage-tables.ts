// Row-by-row salvage of a database SQLite can open but not read through: every table of the fresh
// schema is filled, in key order, with the rows of the old table that can still be read. At an
// unreadable page the copy jumps ahead in its key (1, 2, 4, … past the last good row) until rows
// read again, so one bad page costs the rows on it, not the rest of the table.
import type Database from 'better-sqlite3-multiple-ciphers';

const MAX_SKIPS = 200;

export function salvageTables(old: Database.Database, fresh: Database.Database): void {
  fresh.pragma('foreign_keys = OFF');
  const tables = fresh
    .prepare<[], string>(`SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`)
    .pluck()
    .all();
  fresh.transaction(() => {
    for (const table of tables) copyTable(old, fresh, table);
    dropOrphans(fresh, tables);
  })();
}

interface Column {
  name: string;
  pk: number;
}

function columnsOf(db: Database.Database, table: string): Column[] {
  try {
    return db.prepare<[string], Column>(`SELECT name, pk FROM pragma_table_info(?)`).all(table);
  } catch {
    return [];
  }
}

function copyTable(old: Database.Database, fresh: Database.Database, table: string): void {
  const oldColumns = new Set(columnsOf(old, table).map((c) => c.name));
  const columns = columnsOf(fresh, table).filter((c) => oldColumns.has(c.name));
  if (!columns.length) return;
  const pk = columns.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name);
  const withoutRowid = isWithoutRowid(fresh, table);
  const key = withoutRowid && pk.length ? pk : ['rowid'];
  const names = columns.map((c) => `"${c.name}"`).join(', ');
  const keyList = key.map((k) => (k === 'rowid' ? 'rowid' : `"${k}"`)).join(', ');
  const select = (from: boolean) =>
    old.prepare(
      `SELECT ${keyList}, ${names} FROM "${table}"${from ? ` WHERE (${keyList}) > (${key.map(() => '?').join(', ')})` : ''} ORDER BY ${keyList}`,
    ).raw();
  const insert = fresh.prepare(`INSERT OR IGNORE INTO "${table}" (${names}) VALUES (${columns.map(() => '?').join(', ')})`);

  let last: unknown[] | undefined;
  let skip = 1;
  for (let skips = 0; skips <= MAX_SKIPS; skips++) {
    try {
      const statement = last ? select(true) : select(false);
      const rows = (last ? statement.iterate(...last) : statement.iterate()) as IterableIterator<unknown[]>;
      for (const row of rows) {
        last = row.slice(0, key.length);
        insert.run(...row.slice(key.length));
        skip = 1;
      }
      return;
    } catch {
      last = skipAhead(last, key, skip);
      if (!last) return;
      skip *= 2;
    }
  }
}

/** The key to resume after an unreadable page: the last key column moved `skip` ahead; once the
 *  skips grow past 2^32 (or the column is not a number), the next value of the key's prefix. */
function skipAhead(last: unknown[] | undefined, key: string[], skip: number): unknown[] | undefined {
  if (!last) return key.length === 1 && key[0] === 'rowid' ? [0] : undefined;
  const tail = last[last.length - 1];
  const numeric = typeof tail === 'number' || typeof tail === 'bigint';
  if (numeric && skip < 2 ** 32) return [...last.slice(0, -1), Number(tail) + skip];
  if (last.length > 1 && tail !== Infinity) return [...last.slice(0, -1), Infinity];
  return undefined;
}

function isWithoutRowid(db: Database.Database, table: string): boolean {
  const sql = db.prepare<[string], string>(`SELECT sql FROM sqlite_schema WHERE name = ?`).pluck().get(table) ?? '';
  return /WITHOUT\s+ROWID/i.test(sql);
}

/** Rows whose parent row was on an unreadable page are dropped, so the new store is consistent. */
function dropOrphans(db: Database.Database, tables: string[]): void {
  for (const table of tables) {
    const keys = db.prepare<[], { table: string; from: string; to: string }>(`SELECT "table", "from", "to" FROM pragma_foreign_key_list('${table}')`).all();
    for (const fk of keys) {
      db.prepare(`DELETE FROM "${table}" WHERE "${fk.from}" IS NOT NULL AND "${fk.from}" NOT IN (SELECT "${fk.to}" FROM "${fk.table}")`).run();
    }
  }
}
