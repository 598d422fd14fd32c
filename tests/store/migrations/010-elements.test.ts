import Database from 'better-sqlite3-multiple-ciphers';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ElementRow } from '../../../src/core/element-info.ts';
import { eraseElementName, insertElements, readElements } from '../../../src/store/elements-repo.ts';
import { migrate, schemaVersion } from '../../../src/store/migrate.ts';
import { writeBatch } from '../../../src/store/write-batch.ts';
import { frameRow, keyRow, open, seedSession, tempDataDir, tempDir, windowRow } from '../helpers.ts';

const SESSION = `INSERT INTO sessions (id, state, started_at, clock_origin, layout_json, policies_json) VALUES ('s', 'submitted', 0, 0, '{}', '[]')`;
const FINDING = (source: string) =>
  `INSERT INTO findings (session_id, source, detector, status, preview, location, reason, actor, created_at, claim)
   VALUES ('s', '${source}', 'email', 'waived', 'a***@b.c', '{"windowSeq":1}', 'fine', 'rita', 5, '{"status":"open"}')`;

const button = { source: 'atspi' as const, role: 'push button', name: 'Send to ann@example.com', states: ['enabled'], bounds: { x: 1, y: 2, width: 3, height: 4 }, path: [{ role: 'frame', index: 0 }], password: false };
const click = (seq: number, eventSeq: number): ElementRow => ({ seq, t: 10, kind: 'click', eventSeq, frameSeq: null, windowSeq: 1, element: button, tree: null });
const tree = (seq: number, frameSeq: number): ElementRow => ({
  seq,
  t: 20,
  kind: 'tree',
  eventSeq: null,
  frameSeq,
  windowSeq: 1,
  element: { ...button, role: 'frame', name: 'Inbox' },
  tree: { root: { role: 'frame', name: 'Inbox', states: [], bounds: null, children: [{ role: 'label', name: 'ann@example.com', states: [], bounds: null, children: [] }] }, nodes: 2, truncated: false },
});

describe('migration 010-elements', () => {
  it('migrates a version 9 database: findings keep every column and id, the session has no element counts', () => {
    const db = new Database(path.join(tempDir(), 'cairn.db'));
    migrate(db, 9);
    db.exec(SESSION);
    db.exec(FINDING('title'));
    const before = db.prepare('SELECT * FROM findings').all();
    expect(migrate(db, 10)).toEqual([10]);
    expect(schemaVersion(db)).toBe(10);
    expect(db.prepare('SELECT * FROM findings').all()).toEqual(before);
    expect(db.prepare('SELECT element_counts FROM sessions').pluck().get()).toBeNull();
    expect(db.prepare('SELECT count(*) FROM elements').pluck().get()).toBe(0);
    db.exec(FINDING('element').replace('"windowSeq":1', '"elementSeq":1'));
    expect(() => db.exec(FINDING('clipboard').replace('"windowSeq":1', '"x":1'))).toThrow(/CHECK/);
    db.close();
  });

  it('writes an element only with its event or frame, and erases it with them', () => {
    const store = open(tempDataDir());
    seedSession(store, 's1');
    writeBatch(store, 's1', { windows: [windowRow(1, 0)], events: [keyRow(1, 10, 30), keyRow(2, 12, 31)], frames: [frameRow(1, 20, 'a')], at: 1 });
    // Element 3 belongs to event 9, which is not stored (forget erased it meanwhile): it is not written.
    expect(insertElements(store, 's1', [click(1, 1), click(2, 2), click(3, 9), tree(4, 1)])).toBe(3);
    expect(readElements(store, 's1').map((e) => e.seq)).toEqual([1, 2, 4]);
    store.db.prepare('DELETE FROM events WHERE session_id = ? AND seq = 1').run('s1');
    store.db.prepare('DELETE FROM frames WHERE session_id = ? AND seq = 1').run('s1');
    expect(readElements(store, 's1').map((e) => e.seq)).toEqual([2]);
  });

  it('refuses a tree without its frame and a click without its event', () => {
    const store = open(tempDataDir());
    seedSession(store, 's1');
    writeBatch(store, 's1', { windows: [windowRow(1, 0)], events: [keyRow(1, 10, 30)], frames: [frameRow(1, 20, 'a')], at: 1 });
    expect(() => insertElements(store, 's1', [{ ...tree(1, 1), tree: null }])).toThrow(/CHECK/);
    expect(() => insertElements(store, 's1', [{ ...click(1, 1), frameSeq: 1 }])).toThrow(/CHECK/);
  });

  it('erases a name, and a node’s name inside a tree, leaving the rest', () => {
    const store = open(tempDataDir());
    seedSession(store, 's1');
    writeBatch(store, 's1', { windows: [windowRow(1, 0)], events: [keyRow(1, 10, 30)], frames: [frameRow(1, 20, 'a')], at: 1, elements: [click(1, 1), tree(2, 1)] });
    expect(eraseElementName(store, 's1', 1)).toBe(true);
    expect(eraseElementName(store, 's1', 2, 1)).toBe(true);
    const [c, t] = readElements(store, 's1');
    expect(c!.element.name).toBeNull();
    expect(t!.tree!.root.name).toBe('Inbox');
    expect(t!.tree!.root.children[0]!.name).toBeNull();
    expect(eraseElementName(store, 's1', 2, 1)).toBe(false);
  });
});
