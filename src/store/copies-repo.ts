// The record of the copies Cairn wrote as files (backups and bundles, migration 005): where each
// went, when, and which sessions it holds, so that an erasure can reach the ones in the data folder
// and a withdrawal can name the ones elsewhere.
import type Database from 'better-sqlite3-multiple-ciphers';
import type { Store } from './store.ts';

export type CopyKind = 'backup' | 'bundle';

export interface WrittenCopy {
  id: number;
  kind: CopyKind;
  path: string;
  writtenAt: number;
  sessions: string[];
}

export interface NewCopy {
  kind: CopyKind;
  /** Absolute. */
  path: string;
  at: number;
  sessions: readonly string[];
}

export function recordCopy(store: Store, copy: NewCopy): void {
  store
    .prepare('INSERT INTO copies (kind, path, written_at, sessions_json) VALUES (?, ?, ?, ?)')
    .run(copy.kind, copy.path, copy.at, JSON.stringify(copy.sessions));
}

/** Every copy Cairn has not erased itself, oldest first. */
export function copiesNotErased(store: Store): WrittenCopy[] {
  return store
    .prepare<[], { id: number; kind: CopyKind; path: string; written_at: number; sessions_json: string }>(
      'SELECT id, kind, path, written_at, sessions_json FROM copies WHERE erased_at IS NULL ORDER BY written_at, id',
    )
    .all()
    .map((r) => ({ id: r.id, kind: r.kind, path: r.path, writtenAt: r.written_at, sessions: JSON.parse(r.sessions_json) as string[] }));
}

export function markCopyErased(store: Store, id: number, at: number): void {
  store.prepare('UPDATE copies SET erased_at = ? WHERE id = ?').run(at, id);
}

/** The ids of the sessions whose content a store (a backup's, say) holds. */
export function sessionsWithContent(db: Database.Database): string[] {
  return db.prepare<[], string>(`SELECT id FROM sessions WHERE state != 'deleted' ORDER BY started_at, id`).pluck().all();
}
