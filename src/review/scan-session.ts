// Runs every detector over what a session holds: the typed text (rebuilt from key events, so a
// finding is located by the seqs of the key-downs that typed it), the window titles, the task, text typed
// into a password prompt, keys that cannot be named, the names of elements acted on and in window
// trees, and the frames (OCR, which turns matches into
// boxes). A secret found in typed text or a title is then looked for on every frame of its window from
// when it was shown (secret-places.ts). New findings are stored; one already known at the same place
// by the same detector is left as it is.
import { defaultCustomRules, detectPasswordPrompt, detectReading, detectText, loadScreenReader, type TextMatch } from './detectors/index.ts';
import { addFindings, type Finding, listFindings, locationKey, type NewFinding } from '../store/findings-repo.ts';
import { readFrameBytes, readFrameInfos, readKeyEvents, readWindows } from '../store/session-content.ts';
import { getSession } from '../store/session-repo.ts';
import type { Store } from '../store/store.ts';
import type { ScreenReading } from './ocr/read-screen.ts';
import { mayShow, secretOnFrame, type ShownSecret, wholePixels } from './secret-places.ts';
import { rowStretches, sameWindowRow, seqSpan, sessionTextRuns, sessionUnnamedKeys } from './session-text.ts';
import { elementFindings } from './element-text.ts';
import { taskFindings } from './session-task.ts';

export interface ScanOptions {
  /** OCR the frames too (seconds a frame); text and titles are always scanned. Without OCR, every
   *  frame where a typed secret may show is flagged, since nothing can tell it is not there. */
  frames?: boolean;
  actor?: string;
  /** Called after each frame, for a progress line. */
  onFrame?: (done: number, total: number) => void;
}

export async function scanSession(store: Store, sessionId: string, options: ScanOptions = {}): Promise<Finding[]> {
  const session = getSession(store, sessionId);
  const windows = readWindows(store, sessionId);
  const rowOf = new Map(windows.map((w) => [w.seq, w]));
  const customRules = defaultCustomRules();
  const known = listFindings(store, sessionId);
  const waived = new Set(known.filter((f) => f.status === 'waived').map((f) => `${f.source} ${locationKey(f.location)}`));
  const timeOf = new Map(readKeyEvents(store, sessionId).map((k) => [k.seq, k.t]));
  const found: NewFinding[] = [];
  const secrets: ShownSecret[] = [];

  for (const run of sessionTextRuns(store, session, windows)) {
    // Each stretch under its own title: a run goes on across a retitle (a tab switch to a sign-in page).
    const prompts = rowStretches(run).flatMap((s) =>
      detectPasswordPrompt(rowOf.get(s.windowSeq ?? -1)?.title ?? null, run.text.slice(s.start, s.end)).map((m) => ({ ...m, start: m.start + s.start, end: m.end + s.start })),
    );
    const matches = [...(await detectText(run.text, { customRules })).map((m) => ({ m, echoed: true })), ...prompts.map((m) => ({ m, echoed: false }))];
    for (const { m, echoed } of matches) {
      const span = seqSpan(run, m.start, m.end);
      if (!span) continue;
      const location = { windowSeq: run.windowSeq, ...span };
      found.push({ source: 'text', detector: m.detector, preview: m.preview, location });
      const window = rowOf.get(run.windowSeq ?? -1);
      if (!window || waived.has(`text ${locationKey(location)}`)) continue;
      const first = Array.from(run.text.slice(0, m.start)).length;
      const typedAt = Array.from(run.text.slice(m.start, m.end)).map((_, i) => timeOf.get(run.seqs[first + i] ?? -1) ?? Infinity);
      secrets.push({ source: 'text', detector: m.detector, preview: m.preview, value: run.text.slice(m.start, m.end), origin: location, window, from: typedAt[0] ?? window.t, typedAt, mustProve: echoed });
    }
  }

  // A key Cairn cannot name may have typed anything: a person redacts it or waives it.
  for (const key of sessionUnnamedKeys(store, session)) {
    const location = { windowSeq: key.windowSeq, fromSeq: key.seq, toSeq: key.seq };
    found.push({ source: 'text', detector: 'unnamed-key', preview: `key ${key.keycode} (no name)`, location });
  }

  const byTitle = new Map<string, TextMatch[]>();
  for (const w of windows) {
    if (w.title === null || !w.title.trim()) continue;
    let matches = byTitle.get(w.title);
    if (!matches) byTitle.set(w.title, (matches = await detectText(w.title, { customRules })));
    for (const m of matches) {
      found.push({ source: 'title', detector: m.detector, preview: m.preview, location: { windowSeq: w.seq } });
      const value = w.title.slice(m.start, m.end);
      // A window keeps its title over many rows (each focus): the first row's search covers them.
      if (waived.has(`title ${locationKey({ windowSeq: w.seq })}`) || secrets.some((s) => s.source === 'title' && s.value === value && sameWindowRow(s.window, w))) continue;
      secrets.push({ source: 'title', detector: m.detector, preview: m.preview, value, origin: { windowSeq: w.seq }, window: w, from: w.t, mustProve: true });
    }
  }

  found.push(...(await taskFindings(session.task)));
  found.push(...(await elementFindings(store, sessionId, customRules)));

  const settled = settledPlaces(known);
  const frames = readFrameInfos(store, sessionId);
  for (const [i, f] of frames.entries()) {
    const pending = secrets.filter((s) => mayShow(s, f, rowOf) && !settled.has(`${f.seq} ${locationKey(s.origin)}`));
    let reading: ScreenReading | undefined;
    const bytes = (options.frames ?? true) ? readFrameBytes(store, sessionId, f.seq) : undefined;
    if (bytes) {
      reading = await (await loadScreenReader()).readScreen(bytes, { what: `Frame ${f.seq} of session ${sessionId}` });
      for (const m of await detectReading(reading, { customRules })) {
        found.push({ source: 'frame', detector: m.detector, preview: m.preview, location: { frameSeq: f.seq, box: wholePixels(m.box) } });
      }
    }
    for (const s of pending) found.push(...secretOnFrame(s, f, reading));
    if (options.frames ?? true) options.onFrame?.(i + 1, frames.length);
  }

  addFindings(store, sessionId, found, options.actor ?? 'detector');
  return listFindings(store, sessionId);
}

/** Frames already settled for a secret ("frameSeq origin"): a place it was read (a box), or a
 *  frame a person resolved. An open frame without a box is looked at again: OCR may now read it. */
function settledPlaces(known: readonly Finding[]): Set<string> {
  const settled = new Set<string>();
  for (const f of known) {
    const { frameSeq, box, ...origin } = f.location;
    if (f.source !== 'frame' || frameSeq === undefined || (origin.fromSeq === undefined && origin.windowSeq === undefined)) continue;
    if (box || f.status !== 'open') settled.add(`${frameSeq} ${locationKey(origin)}`);
  }
  return settled;
}
