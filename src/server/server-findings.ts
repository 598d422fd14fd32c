// Findings as the team service counts them. A bundle's findings were resolved on another machine:
// its waivers are a claim, so on the service every finding is open until either its content is
// verifiably gone from what was uploaded (the same tests `bundle import` applies through
// settle-findings.ts: key codes cleared, title, task or element name erased, frame cut), a box that
// a reviewer of this service blacked out covers it, or a reviewer of this service waives it here,
// named and with a reason. The service's own findings (its detectors, review/service-review.ts)
// follow the bundle's in the numbering and count the same way. Approval is refused while any is open.
import { nodeAt } from '../core/element-info.ts';
import type { EventLine, SessionPart } from '../export/bundle/bundle-format.ts';
import { covers } from '../review/redaction/black-out-box.ts';
import type { FindingLocation } from '../store/findings-repo.ts';
import type { ServerFinding } from '../remote/api-schemas.ts';
import { EMPTY_RECORD, type ServiceRecord } from './review/service-record.ts';

/** A waiver made on this service: finding number, by whom, when (the reason is sealed apart). */
export interface ServerWaiver {
  finding: number;
  by: string;
  at: number;
}

type Content = Pick<SessionPart, 'findings' | 'windows' | 'frames' | 'task' | 'elements'>;

/** Each finding of `part`, then each of the service's own, numbered from 1 in that order, with its
 *  status on the service. */
export function serverFindings(part: Content, events: readonly EventLine[], waivers: readonly ServerWaiver[] = [], record: ServiceRecord = EMPTY_RECORD): ServerFinding[] {
  const waived = new Map(waivers.map((w) => [w.finding, w]));
  const all = [
    ...(part.findings ?? []).map((f) => ({ ...f, foundBy: 'contributor' as const, location: JSON.parse(f.location) as FindingLocation })),
    ...record.findings.map((f) => ({ ...f, foundBy: 'service' as const })),
  ];
  return all.map((f, i) => {
    const n = i + 1;
    const w = waived.get(n);
    const gone = contentGone(f.source, f.location, part, events) || boxedHere(f.source, f.location, record);
    const status = gone ? 'redacted' : w ? 'waived' : 'open';
    return { n, source: f.source, foundBy: f.foundBy, detector: f.detector, preview: f.preview, frameSeq: f.location.frameSeq ?? null, status, waivedBy: status === 'waived' ? w!.by : null };
  });
}

export const openCount = (findings: readonly ServerFinding[]) => findings.filter((f) => f.status === 'open').length;

function contentGone(source: string, l: FindingLocation, part: Content, events: readonly EventLine[]): boolean {
  if (source === 'text' && l.fromSeq !== undefined && l.toSeq !== undefined) {
    // EventLine: [seq, t, kind, windowSeq, x, y, button, clicks, keycode, …]
    return !events.some((e) => e[0] >= l.fromSeq! && e[0] <= l.toSeq! && e[2] === 'key-down' && e[8] !== null);
  }
  if (source === 'title' && l.windowSeq !== undefined) return !part.windows.some((w) => w.seq === l.windowSeq && w.title !== null);
  if (source === 'task') return part.task === null;
  if (source === 'frame' && l.frameSeq !== undefined) return !part.frames.some((fr) => fr.seq === l.frameSeq);
  if (source === 'element' && l.elementSeq !== undefined) {
    // Sessions stored before elements travelled have none: their element findings' content is not here.
    const row = part.elements?.find((e) => e.seq === l.elementSeq);
    const named = l.node === undefined ? row?.element : row?.tree && nodeAt(row.tree.root, l.node);
    return named?.name == null;
  }
  return false;
}

/** A frame finding under a box this service blacked out (the rule of black-out-box.ts). */
function boxedHere(source: string, l: FindingLocation, record: ServiceRecord): boolean {
  if (source !== 'frame' || l.frameSeq === undefined) return false;
  return record.redactions.some((r) => r.kind === 'box' && r.target.frameSeq === l.frameSeq && covers(r.target.box!, r.target.whole === true, l.box));
}
