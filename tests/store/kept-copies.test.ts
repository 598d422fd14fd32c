// The copies Cairn keeps beside the store, reached by `delete` and `forget` as by redaction and
// withdrawal: damaged/ is always erased, a backup or bundle in the data folder when it holds an
// erased session, and one written elsewhere is never touched.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { listAudit } from '../../src/store/audit-log.ts';
import { backupStore } from '../../src/store/backup.ts';
import { setAside } from '../../src/store/damaged-files.ts';
import { deleteSession, forgetLast } from '../../src/store/erase.ts';
import { writeBatch } from '../../src/store/write-batch.ts';
import { filesContaining, filesUnder } from '../helpers/disk-bytes.ts';
import { frameRow, open, seedSession, tempDataDir, tempDir, windowRow } from './helpers.ts';

const MARK_A = 'MARKER-COPY-A-51c';
const MARK_B = 'MARKER-COPY-B-51c';

describe('an erasure and the copies kept in the data folder', () => {
  it('delete erases damaged/ and the in-folder backup holding the session; a backup elsewhere is untouched', () => {
    const dataDir = tempDataDir();
    const store = open(dataDir);
    seedSession(store, 'a');
    writeBatch(store, 'a', { windows: [windowRow(1, 0, MARK_A)], events: [], frames: [frameRow(1, 1, MARK_A)], at: 0 });
    // A damaged file as a repair leaves it: a whole copy of the store, set aside.
    const copy = path.join(tempDir(), 'cairn.db');
    backupStore(store, copy);
    setAside(dataDir, [copy]);
    backupStore(store, path.join(dataDir, 'in-folder.db'));
    const away = tempDir();
    const elsewhere = path.join(away, 'elsewhere.db');
    backupStore(store, elsewhere);
    expect(filesContaining(dataDir, MARK_A).map((f) => path.relative(dataDir, f)).sort()).toEqual(
      expect.arrayContaining(['in-folder.db', expect.stringMatching(/^damaged\/.*-cairn\.db$/)]),
    );

    deleteSession(store, 'a', 'contributor', 5000);

    expect(filesContaining(dataDir, MARK_A)).toEqual([]);
    expect(fs.existsSync(path.join(dataDir, 'damaged'))).toBe(false);
    expect(fs.existsSync(path.join(dataDir, 'in-folder.db'))).toBe(false);
    expect(filesContaining(away, MARK_A)).toEqual([elsewhere]);
    expect(listAudit(store).at(-1)).toMatchObject({ action: 'copies.erase', actor: 'contributor', detail: { damagedFiles: 1, backups: 1, bundles: 0, reserve: false } });
    expect(store.db.prepare('SELECT path, erased_at FROM copies ORDER BY id').all()).toEqual([
      { path: copy, erased_at: null }, // set aside, so erased as a damaged file
      { path: path.join(dataDir, 'in-folder.db'), erased_at: 5000 },
      { path: elsewhere, erased_at: null },
    ]);
  });

  it('forget erases an in-folder backup holding a session it reached, and keeps one of sessions it did not', () => {
    const dataDir = tempDataDir();
    const store = open(dataDir);
    const now = Date.now();
    seedSession(store, 'old', now - 3 * 3_600_000);
    writeBatch(store, 'old', { windows: [windowRow(1, 0, MARK_B)], events: [], frames: [], at: 0 });
    store.db.prepare(`UPDATE sessions SET state = 'recorded', ended_at = ? WHERE id = 'old'`).run(now - 2 * 3_600_000);
    backupStore(store, path.join(dataDir, 'only-old.db'));
    seedSession(store, 'new', now - 60_000);
    writeBatch(store, 'new', { windows: [windowRow(1, 50_000, MARK_A)], events: [], frames: [], at: 0 });
    backupStore(store, path.join(dataDir, 'both.db'));

    forgetLast(store, 5, now, 'contributor');

    expect(filesContaining(dataDir, MARK_A)).toEqual([]);
    expect(filesUnder(dataDir).map((f) => path.relative(dataDir, f))).toContain('only-old.db');
    expect(fs.existsSync(path.join(dataDir, 'both.db'))).toBe(false);
  });
});
