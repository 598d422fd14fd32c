// Findings as the team service counts them. A bundle's findings were resolved on another machine:
// its waivers are a claim, so on the service every finding is open until either its content is
// verifiably gone from what was uploaded (the same tests `bundle import` applies through
// settle-findings.ts: key codes cleared, title, task or element name erased, frame cut) or a reviewer of this
// service waives it here, named and with a reason. Approval is refused while any is open.
import { nodeAt } from '../core/element-info.ts';
import type { EventLine, SessionPart } from '../export/bundle/bundle-format.ts';
import type { ServerFinding } from '../remote/api-schemas.ts';

/** A waiver made on this service: finding number, by whom, when (the reason is sealed apart). */
export interface ServerWaiver {
  finding: number;
  by: string;
  at: number;
}

/** Each finding of `part`, numbered from 1 in the bundle's order, with its status on the service. */
export function serverFindings(part: Pick<SessionPart, 'findings' | 'windows' | 'frames' | 'task' | 'elements'>, events: readonly EventLine[], waivers: readonly ServerWaiver[] = []): ServerFinding[] {
  const waived = new Map(waivers.map((w) => [w.finding, w]));
  return (part.findings ?? []).map((f, i) => {
    const n = i + 1;
    const w = waived.get(n);
    const l = locationOf(f);
    const status = contentGone(f.source, l, part, events) ? 'redacted' : w ? 'waived' : 'open';
    return { n, source: f.source, detector: f.detector, preview: f.preview, frameSeq: l.frameSeq ?? null, status, waivedBy: status === 'waived' ? w!.by : null };
  });
}

export const openCount = (findings: readonly ServerFinding[]) => findings.filter((f) => f.status === 'open').length;

type Finding = NonNullable<SessionPart['findings']>[number];
interface Location { windowSeq?: number; fromSeq?: number; toSeq?: number; frameSeq?: number; elementSeq?: number; node?: number }

/** The finding's location: JSON text in a bundle, checked against its schema when it was verified. */
const locationOf = (f: Finding) => JSON.parse(f.location) as Location;

function contentGone(source: Finding['source'], l: Location, part: Pick<SessionPart, 'windows' | 'frames' | 'task' | 'elements'>, events: readonly EventLine[]): boolean {
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
