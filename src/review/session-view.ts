// What `cairn show` tells about a session, as one JSON-ready object (the stable --json output) and
// as text for a person.
import { listAudit } from '../store/audit-log.ts';
import { dropsInWords } from '../shared/drop-reasons.ts';
import { isUnreadFrame, openUnreadFrames } from '../shared/finding-kinds.ts';
import { readElementCounts, readElements } from '../store/elements-repo.ts';
import { type Finding, listFindings } from '../store/findings-repo.ts';
import { readReview } from '../store/review-repo.ts';
import { countEventsByKind, readEvents, readFrameInfos, readWindows } from '../store/session-content.ts';
import { gapOffsetMs, getSession, type StopGap, type StopReason } from '../store/session-repo.ts';
import type { Store } from '../store/store.ts';
import { formatBytes, formatDuration, plural } from '../shared/format.ts';
import { inertText } from '../shared/inert-text.ts';
import { sessionTextRuns } from './session-text.ts';

/**
 * The whole account of a session. `events: false` leaves the event list out (counts stay): a viewer
 * of a long session reads events in slices instead of one answer of tens of megabytes.
 */
export function describeSession(store: Store, id: string, options: { events?: boolean } = {}) {
  const session = getSession(store, id);
  const windows = readWindows(store, id);
  const events = options.events === false ? [] : readEvents(store, id);
  const frames = readFrameInfos(store, id);
  const runs = sessionTextRuns(store, session, windows);
  const appOf = new Map(windows.map((w) => [w.seq, w.app]));
  const counts = countEventsByKind(store, id);
  const audit = listAudit(store, id);
  return {
    id: session.id,
    state: session.state,
    startedAt: new Date(session.startedAt).toISOString(),
    endedAt: session.endedAt === null ? null : new Date(session.endedAt).toISOString(),
    task: session.task,
    /** Set when the recording stopped by itself (full disk, storage guard): nothing after `at` was recorded. */
    stopped: stopGapView(session.stopGap, session.startedAt),
    keyboardLayout: session.layout.name,
    policies: session.policies,
    dropped: session.dropped,
    counts: { events: Object.values(counts).reduce((a, b) => a + b, 0), frames: frames.length, byKind: counts },
    typedText: runs.map((r) => ({ windowSeq: r.windowSeq ?? null, app: appOf.get(r.windowSeq ?? -1) ?? null, text: r.text, seqs: r.seqs })),
    windows,
    frames,
    events,
    /** What was done to the session on this machine. */
    audit: audit.filter((a) => a.origin === null),
    /** The audit rows bundles brought: what they claim was done elsewhere, never actions here. */
    claimedByBundle: audit.filter((a) => a.origin !== null),
    findings: listFindings(store, id),
    review: readReview(store, id),
    elements: elementsView(store, id),
  };
}

/** The elements acted on, one line each; trees only counted (they can be long). */
function elementsView(store: Store, id: string) {
  const rows = readElements(store, id);
  const acted = rows
    .filter((r) => r.kind !== 'tree')
    .map((r) => ({ seq: r.seq, t: r.t, kind: r.kind as 'click' | 'focus', eventSeq: r.eventSeq, windowSeq: r.windowSeq, source: r.element.source, role: r.element.role, name: r.element.name, password: r.element.password }));
  const missed = Object.fromEntries(Object.entries(readElementCounts(store, id)?.missed ?? {}).filter(([, n]) => n > 0));
  return { acted, trees: rows.length - acted.length, missed };
}

export type SessionView = ReturnType<typeof describeSession>;

const STOP_CAUSES: Record<StopReason, string> = {
  'disk-full': 'disk full',
  'low-disk': 'free disk below the minimum',
  'storage-budget': 'storage budget reached',
};

/** A stop gap for output: `at` as ISO text, and how far into the recording it began. */
export function stopGapView(gap: StopGap | null, startedAt: number): { reason: StopReason; detail: string; at: string; afterMs: number } | null {
  if (!gap) return null;
  return { reason: gap.reason, detail: gap.detail, at: new Date(gap.at).toISOString(), afterMs: gapOffsetMs(gap, startedAt) };
}

/** "Recording stopped: disk full at 00:41 — nothing after this was recorded" */
export function stopGapLine(gap: { reason: StopReason; afterMs: number }): string {
  return `Recording stopped: ${STOP_CAUSES[gap.reason]} at ${formatDuration(gap.afterMs)} — nothing after this was recorded`;
}

export function printSession(view: SessionView, print: (line: string) => void, options: { events: boolean }): void {
  // Each call prints one line, and app names, titles, actors and findings may come from a bundle:
  // a line feed in them must not start a line of its own any more than an escape sequence may run.
  const out = (line: string) => print(inertText(line));
  out(`Session ${view.id}  [${view.state}]`);
  out(`  started ${view.startedAt}${view.endedAt ? `, ended ${view.endedAt}` : ''}; keyboard layout ${view.keyboardLayout}`);
  out(`  task: ${view.task === null ? '(none; name it with `cairn task SESSION "…"`)' : JSON.stringify(view.task)}`);
  if (view.stopped) {
    out(`  ${stopGapLine(view.stopped)}.`);
    out(`    (at ${view.stopped.at}: ${view.stopped.detail})`);
  }
  out(`  apps: ${view.policies.map((p) => `${p.app} (keys ${p.keys}, screens ${p.screens}, titles ${p.titles}${p.sites ? `, sites ${p.sites.join(' ')}` : ''})`).join('; ') || 'none'}`);
  const byKind = Object.entries(view.counts.byKind).map(([k, n]) => `${k} ${n}`).join(', ');
  out(`  ${plural(view.counts.events, 'event')} (${byKind || 'none'}), ${plural(view.counts.frames, 'frame')}`);
  out(`  dropped by the consent gate: ${dropsInWords(view.dropped) || 'nothing'}`);
  out('');
  out('Typed text:');
  if (view.typedText.length === 0) out('  (none)');
  for (const run of view.typedText) out(`  [${run.app ?? '?'}] ${JSON.stringify(run.text)}`);
  out('');
  out('Windows:');
  for (const w of view.windows) out(`  #${w.seq} at ${(w.t / 1000).toFixed(2)} s  ${w.app}  ${w.title === null ? '(title not kept)' : JSON.stringify(w.title)}  ${w.width}x${w.height}+${w.x}+${w.y}`);
  if (view.elements) printElements(view.elements, out);
  out('');
  out('Frames:');
  if (view.frames.length === 0) out('  (none)');
  for (const f of view.frames) out(`  #${f.seq} at ${(f.t / 1000).toFixed(2)} s  ${f.reason}  ${f.width}x${f.height} ${f.format}  ${formatBytes(f.size)}`);
  if (options.events) {
    out('');
    out('Events:');
    for (const e of view.events) out(`  ${(e.t / 1000).toFixed(3)} s  ${e.kind}  ${JSON.stringify({ x: e.x, y: e.y, button: e.button, keycode: e.keycode, mods: e.mods, rotation: e.rotation })}`);
  }
  out('');
  printReview(view, out);
  out('');
  out('Audit trail:');
  for (const a of view.audit) out(auditLine(a));
  for (const origin of new Set(view.claimedByBundle.map((a) => a.origin))) {
    out('');
    out(`Claimed by the bundle ${origin?.replace(/^bundle:/, '')} (made elsewhere; not actions of this machine):`);
    for (const a of view.claimedByBundle) if (a.origin === origin) out(auditLine(a));
  }
}

function printElements(elements: SessionView['elements'], out: (line: string) => void): void {
  out('');
  out(`Elements acted on (${elements.acted.length}; ${plural(elements.trees, 'window tree')}):`);
  const missed = Object.entries(elements.missed).map(([r, n]) => `${r} ${n}`).join(', ');
  if (missed) out(`  not read: ${missed}`);
  for (const e of elements.acted) out(`  #${e.seq} at ${(e.t / 1000).toFixed(2)} s  ${e.kind}  ${e.role}${e.name === null ? '' : ` ${JSON.stringify(e.name)}`}${e.password ? '  (password field)' : ''}  [${e.source}]`);
}

function auditLine(a: SessionView['audit'][number]): string {
  return `  ${new Date(a.at).toISOString()}  ${a.actor}  ${a.action}${a.detail ? `  ${JSON.stringify(a.detail)}` : ''}`;
}

function printReview(view: SessionView, out: (line: string) => void): void {
  const { review } = view;
  if (review.reviewedAt !== null) {
    const verdict = view.state === 'rejected' ? 'Rejected' : 'Reviewed';
    out(`${verdict} by ${review.reviewer ?? '?'} at ${new Date(review.reviewedAt).toISOString()}${review.reason ? `: ${JSON.stringify(review.reason)}` : ''}`);
    out('');
  }
  const open = view.findings.filter((f) => f.status === 'open').length;
  out(`Findings (${view.findings.length}, ${open} open):`);
  if (view.findings.length === 0) out('  (none; `cairn redact SESSION --auto` scans and redacts)');
  const unread = openUnreadFrames(view.findings);
  if (unread) out(`  ${unread === 1 ? '1 frame' : `${unread} frames`} may show a secret typed or titled there that OCR could not find nor rule out: look, then \`cairn redact ${view.id} --box\` or \`--finding ID\` (the whole frame), or \`cairn waive ${view.id} ID --reason TEXT\`.`);
  for (const f of view.findings) out(`  #${f.id} ${f.status.padEnd(8)} ${f.source} ${f.detector}  ${f.preview}  ${describeLocation(f)}${f.reason ? `  (${f.reason})` : ''}${describeClaim(f)}`);
}

/** What a bundle said of an imported finding, shown as its claim beside the status here. */
function describeClaim(f: Finding): string {
  const c = f.claim;
  if (!c || c.status === 'open') return '';
  return `  [claimed by the bundle: ${c.status} by ${c.actor}${c.reason ? ` (${c.reason})` : ''}]`;
}

function describeLocation(f: Finding): string {
  const l = f.location;
  const typed = l.fromSeq !== undefined ? `typed at keys ${l.fromSeq}..${l.toSeq}` : l.windowSeq !== undefined ? `in the title of window #${l.windowSeq}` : '';
  if (l.frameSeq !== undefined && l.box) return `frame #${l.frameSeq} box ${l.box.x},${l.box.y},${l.box.width},${l.box.height}${typed ? ` (the secret ${typed})` : ''}`;
  if (isUnreadFrame(f)) return `frame #${l.frameSeq}, all of it: may show the secret ${typed}, which OCR could not find there nor rule out`;
  if (l.fromSeq !== undefined) return `keys ${l.fromSeq}..${l.toSeq}`;
  if (l.windowSeq !== undefined) return `title of window #${l.windowSeq}`;
  if (l.elementSeq !== undefined) return l.node === undefined ? `name of element #${l.elementSeq}` : `node ${l.node} of the window tree #${l.elementSeq}`;
  return '';
}
