// Elements: the element acted on at a click or while typing, and the window's tree at an
// observation (src/core/element-info.ts), with the statements that write them (in the recorder's
// batch), read them (show, review, export) and erase a name found to hold a secret. An element
// is written only while its event or frame is there (forget may have erased it meanwhile), and
// goes with it when that is deleted (the table's foreign keys cascade).
import { type ElementCounts, type ElementInfo, type ElementRow, type ElementTree, nodeAt } from '../core/element-info.ts';
import type { Store } from './store.ts';

interface StoredElement {
  seq: number;
  t: number;
  kind: ElementRow['kind'];
  event_seq: number | null;
  frame_seq: number | null;
  window_seq: number;
  source: ElementInfo['source'];
  role: string;
  name: string | null;
  states: string;
  x: number | null;
  y: number | null;
  width: number | null;
  height: number | null;
  path: string;
  tag: string | null;
  selector: string | null;
  tree: string | null;
  password: number;
}

/** Writes rows whose event or frame is stored; answers how many were written. In the batch's transaction. */
export function insertElements(store: Store, sessionId: string, rows: readonly ElementRow[]): number {
  const insert = store.prepare(
    `INSERT INTO elements (session_id, seq, t, kind, event_seq, frame_seq, window_seq, source, role, name, states, x, y, width, height, path, tag, selector, password, tree)
     SELECT @session, @seq, @t, @kind, @event, @frame, @window, @source, @role, @name, @states, @x, @y, @width, @height, @path, @tag, @selector, @password, @tree
     WHERE EXISTS (SELECT 1 FROM events WHERE session_id = @session AND seq = @event)
        OR EXISTS (SELECT 1 FROM frames WHERE session_id = @session AND seq = @frame)`,
  );
  let written = 0;
  for (const r of rows) {
    const e = r.element;
    written += insert.run({
      session: sessionId,
      seq: r.seq,
      t: r.t,
      kind: r.kind,
      event: r.eventSeq,
      frame: r.frameSeq,
      window: r.windowSeq,
      source: e.source,
      role: e.role,
      name: e.name,
      states: JSON.stringify(e.states),
      x: e.bounds?.x ?? null,
      y: e.bounds?.y ?? null,
      width: e.bounds?.width ?? null,
      height: e.bounds?.height ?? null,
      path: JSON.stringify(e.path),
      tag: e.tag ?? null,
      selector: e.selector ?? null,
      password: e.password ? 1 : 0,
      tree: r.tree ? JSON.stringify(r.tree) : null,
    }).changes;
  }
  return written;
}

/** The session's counts of elements stored and missed (totals so far). */
export function writeElementCounts(store: Store, sessionId: string, counts: ElementCounts): void {
  store.prepare('UPDATE sessions SET element_counts = ? WHERE id = ?').run(JSON.stringify(counts), sessionId);
}

export function readElementCounts(store: Store, sessionId: string): ElementCounts | null {
  const json = store.prepare<[string], string | null>('SELECT element_counts FROM sessions WHERE id = ?').pluck().get(sessionId);
  return json ? (JSON.parse(json) as ElementCounts) : null;
}

/** In the order of what they belong to (seqs follow when each was read, which a slow lookup delays). */
export function readElements(store: Store, sessionId: string): ElementRow[] {
  return store
    .prepare<[string], StoredElement>('SELECT * FROM elements WHERE session_id = ? ORDER BY t, seq')
    .all(sessionId)
    .map(toRow);
}

/** Erases the name of element `seq`, or of node `node` (pre-order index) of its tree; answers
 *  whether there was one. Within a redaction's transaction. */
export function eraseElementName(store: Store, sessionId: string, seq: number, node?: number): boolean {
  if (node === undefined) {
    return store.prepare(`UPDATE elements SET name = NULL WHERE session_id = ? AND seq = ? AND name IS NOT NULL`).run(sessionId, seq).changes > 0;
  }
  const json = store.prepare<[string, number], string | null>('SELECT tree FROM elements WHERE session_id = ? AND seq = ?').pluck().get(sessionId, seq);
  if (!json) return false;
  const tree = JSON.parse(json) as ElementTree;
  const target = nodeAt(tree.root, node);
  if (!target || target.name === null) return false;
  target.name = null;
  // The root's name is also the row's (a window's title read from its tree).
  if (node === 0) store.prepare('UPDATE elements SET name = NULL WHERE session_id = ? AND seq = ?').run(sessionId, seq);
  store.prepare('UPDATE elements SET tree = ? WHERE session_id = ? AND seq = ?').run(JSON.stringify(tree), sessionId, seq);
  return true;
}

/** Whether element `seq` (or node `node` of its tree) still has a name. */
export function elementNameLeft(store: Store, sessionId: string, seq: number, node?: number): boolean {
  const row = store.prepare<[string, number], { name: string | null; tree: string | null }>('SELECT name, tree FROM elements WHERE session_id = ? AND seq = ?').get(sessionId, seq);
  if (!row) return false;
  if (node === undefined) return row.name !== null;
  const target = row.tree ? nodeAt((JSON.parse(row.tree) as ElementTree).root, node) : undefined;
  return target?.name != null;
}

function toRow(r: StoredElement): ElementRow {
  const element: ElementInfo = {
    source: r.source,
    role: r.role,
    name: r.name,
    states: JSON.parse(r.states) as string[],
    bounds: r.x === null || r.y === null || r.width === null || r.height === null ? null : { x: r.x, y: r.y, width: r.width, height: r.height },
    path: JSON.parse(r.path) as ElementInfo['path'],
    password: r.password === 1,
    ...(r.tag !== null ? { tag: r.tag } : {}),
    ...(r.selector !== null ? { selector: r.selector } : {}),
  };
  return { seq: r.seq, t: r.t, kind: r.kind, eventSeq: r.event_seq, frameSeq: r.frame_seq, windowSeq: r.window_seq, element, tree: r.tree ? (JSON.parse(r.tree) as ElementTree) : null };
}
