// The typed text of a session as runs per window, rebuilt from its key events, with the seq of the
// key-down behind every character. What `show`, the detectors and `redact --text` all read.
import { rebuildTextRuns, type TextRun } from '../core/typed-text.ts';
import { readKeyEvents } from '../store/session-content.ts';
import type { SessionRecord } from '../store/session-repo.ts';
import type { Store } from '../store/store.ts';
import type { WindowRow } from '../store/write-batch.ts';

export function sessionTextRuns(store: Store, session: SessionRecord, windows: readonly WindowRow[]): TextRun[] {
  const keys = readKeyEvents(store, session.id);
  const fullApps = new Set(session.policies.filter((p) => p.keys === 'full').map((p) => p.app.toLowerCase()));
  const appOf = new Map(windows.map((w) => [w.seq, w.app.toLowerCase()]));
  return rebuildTextRuns(keys, session.layout, { fullKeys: (windowSeq) => fullApps.has(appOf.get(windowSeq ?? -1) ?? '') });
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
