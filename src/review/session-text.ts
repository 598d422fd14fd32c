// The typed text of a session as runs per window, rebuilt from its key events, with the seq of the
// key-down behind every character. What `show`, the detectors and `redact --text` all read.
import { rebuildTextRuns, type TextRun, type UnnamedKey, unnamedKeys } from '../core/typed-text.ts';
import { readKeyEvents } from '../store/session-content.ts';
import type { SessionRecord } from '../store/session-repo.ts';
import type { Store } from '../store/store.ts';
import type { WindowRow } from '../store/write-batch.ts';

export function sessionTextRuns(store: Store, session: SessionRecord, windows: readonly WindowRow[]): TextRun[] {
  const keys = readKeyEvents(store, session.id);
  const fullApps = new Set(session.policies.filter((p) => p.keys === 'full').map((p) => p.app.toLowerCase()));
  const appOf = new Map(windows.map((w) => [w.seq, w.app.toLowerCase()]));
  const rowOf = new Map(windows.map((w) => [w.seq, w]));
  return rebuildTextRuns(keys, session.layout, {
    fullKeys: (windowSeq) => fullApps.has(appOf.get(windowSeq ?? -1) ?? ''),
    sameWindow: (a, b) => sameWindowRow(rowOf.get(a ?? -1), rowOf.get(b ?? -1)),
  });
}

/** Rows do not store the X window, so one window retitled is told by its app and its place: two
 *  windows of one app stacked exactly on each other would be taken for one (their text joined). */
export function sameWindowRow(a: WindowRow | undefined, b: WindowRow | undefined): boolean {
  if (!a || !b) return false;
  return a.app === b.app && a.x === b.x && a.y === b.y && a.width === b.width && a.height === b.height;
}

/** The stretches of a run typed under one window row each (a run crosses retitles of its window),
 *  as UTF-16 offsets into its text: a title's own rules (a password prompt) apply to its stretch. */
export function rowStretches(run: TextRun): { windowSeq: number | undefined; start: number; end: number }[] {
  const stretches: { windowSeq: number | undefined; start: number; end: number }[] = [];
  let offset = 0;
  Array.from(run.text).forEach((ch, i) => {
    const windowSeq = run.windowSeqs[i];
    let last = stretches.at(-1);
    if (!last || last.windowSeq !== windowSeq) stretches.push((last = { windowSeq, start: offset, end: offset }));
    offset += ch.length;
    last.end = offset;
  });
  return stretches;
}

/** The key-downs whose key the session's layout cannot name (each one is a finding). */
export function sessionUnnamedKeys(store: Store, session: SessionRecord): UnnamedKey[] {
  return unnamedKeys(readKeyEvents(store, session.id), session.layout);
}

/** The seq range of the key-downs behind text[start, end) of a run (UTF-16 offsets, end exclusive). */
export function seqSpan(run: TextRun, start: number, end: number): { fromSeq: number; toSeq: number } | undefined {
  // run.seqs is indexed by code point, offsets are UTF-16: count the code points before each offset.
  const from = Array.from(run.text.slice(0, start)).length;
  const to = Array.from(run.text.slice(0, end)).length - 1;
  const fromSeq = run.seqs[from];
  const toSeq = run.seqs[to];
  if (fromSeq === undefined || toSeq === undefined || to < from) return undefined;
  return { fromSeq, toSeq };
}
