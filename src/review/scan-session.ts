// Runs every detector over what a session holds: the typed text (rebuilt from key events, so a
// finding is located by the seqs of the key-downs that typed it), the window titles, the task, text
// typed into a password prompt, keys that cannot be named, and the frames (OCR, which turns matches
// into boxes). New findings are stored; one already known at the same place by the same detector is
// left as it is.
import { defaultCustomRules, detectFrame, detectPasswordPrompt, detectText, type TextMatch } from './detectors/index.ts';
import { addFindings, listFindings, type Finding, type NewFinding } from '../store/findings-repo.ts';
import { readFrameBytes, readFrameInfos, readWindows } from '../store/session-content.ts';
import { getSession } from '../store/session-repo.ts';
import type { Store } from '../store/store.ts';
import { rowStretches, seqSpan, sessionTextRuns, sessionUnnamedKeys } from './session-text.ts';
import { taskFindings } from './session-task.ts';

export interface ScanOptions {
  /** OCR the frames too (about a second a frame); text and titles are always scanned. */
  frames?: boolean;
  actor?: string;
  /** Called after each frame, for a progress line. */
  onFrame?: (done: number, total: number) => void;
}

export async function scanSession(store: Store, sessionId: string, options: ScanOptions = {}): Promise<Finding[]> {
  const session = getSession(store, sessionId);
  const windows = readWindows(store, sessionId);
  const titleOf = new Map(windows.map((w) => [w.seq, w.title]));
  const customRules = defaultCustomRules();
  const found: NewFinding[] = [];

  for (const run of sessionTextRuns(store, session, windows)) {
    // Each stretch under its own title: a run goes on across a retitle (a tab switch to a sign-in page).
    const prompts = rowStretches(run).flatMap((s) =>
      detectPasswordPrompt(titleOf.get(s.windowSeq ?? -1) ?? null, run.text.slice(s.start, s.end)).map((m) => ({ ...m, start: m.start + s.start, end: m.end + s.start })),
    );
    const matches: TextMatch[] = [...(await detectText(run.text, { customRules })), ...prompts];
    for (const m of matches) {
      const span = seqSpan(run, m.start, m.end);
      if (!span) continue;
      found.push({ source: 'text', detector: m.detector, preview: m.preview, location: { windowSeq: run.windowSeq, ...span } });
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
    for (const m of matches) found.push({ source: 'title', detector: m.detector, preview: m.preview, location: { windowSeq: w.seq } });
  }

  found.push(...(await taskFindings(session.task)));

  if (options.frames ?? true) {
    const frames = readFrameInfos(store, sessionId);
    for (const [i, f] of frames.entries()) {
      const bytes = readFrameBytes(store, sessionId, f.seq);
      if (bytes) {
        for (const m of await detectFrame(bytes, { customRules, frameName: `Frame ${f.seq} of session ${sessionId}` })) {
          found.push({ source: 'frame', detector: m.detector, preview: m.preview, location: { frameSeq: f.seq, box: wholePixels(m.box) } });
        }
      }
      options.onFrame?.(i + 1, frames.length);
    }
  }

  addFindings(store, sessionId, found, options.actor ?? 'detector');
  return listFindings(store, sessionId);
}

/** OCR boxes may come fractional; a finding's box covers every pixel they touch. */
function wholePixels(b: { x: number; y: number; width: number; height: number }) {
  const x = Math.max(0, Math.floor(b.x));
  const y = Math.max(0, Math.floor(b.y));
  return { x, y, width: Math.max(1, Math.ceil(b.x + b.width) - x), height: Math.max(1, Math.ceil(b.y + b.height) - y) };
}
