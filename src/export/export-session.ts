// The read model of one session for export: what was recorded (windows, events, frame metadata,
// frame bytes on demand) and its provenance (consent text accepted, the app policies that applied,
// who approved it and when). Loaded from the store; writers read nothing else.
import type { AppPolicy } from '../core/app-policy.ts';
import type { KeyboardLayout } from '../shared/keyboard-layout.ts';
import type { SessionState } from '../shared/session-states.ts';
import type { EventRow, WindowRow } from '../core/stored-rows.ts';
import type { ElementRow } from '../core/element-info.ts';
import { readElements } from '../store/elements-repo.ts';
import { listAudit } from '../store/audit-log.ts';
import { type ConsentReceipt, consentReceipt } from '../store/consent-receipt.ts';
import { type FrameInfo, readEvents, readFrameBytes, readFrameInfos, readWindows } from '../store/session-content.ts';
import { getSession } from '../store/session-repo.ts';
import type { Store } from '../store/store.ts';

export interface ExportSession {
  id: string;
  state: SessionState;
  /** Wall clock (unix ms). */
  startedAt: number;
  endedAt: number | null;
  /** What the session demonstrates, as reviewed; every format's instruction ('' when none was given). */
  task: string | null;
  layout: KeyboardLayout;
  /** The allowed apps' policies in force for this recording. */
  policies: AppPolicy[];
  /** The consent that covered the recording: the local acceptance, or the receipt a bundle carried. */
  consent: ConsentReceipt | null;
  /** From the audit log's latest approval of the session. */
  review: { reviewer: string | null; approvedAt: number | null };
  windows: WindowRow[];
  events: EventRow[];
  frames: FrameInfo[];
  /** The elements acted on and the window trees of observations. */
  elements: ElementRow[];
  /** The stored bytes of one frame. */
  frameBytes(seq: number): Buffer;
}

export function loadExportSession(store: Store, id: string): ExportSession {
  const session = getSession(store, id);
  // This machine's approval: a bundle's audit rows (origin set) are claims, never an approval here.
  const approval = listAudit(store, id).findLast((a) => a.action === 'session.approve' && a.origin === null);
  return {
    id: session.id,
    state: session.state,
    startedAt: session.startedAt,
    endedAt: session.endedAt,
    task: session.task,
    layout: session.layout,
    policies: session.policies,
    consent: consentReceipt(store, id),
    review: { reviewer: approval?.actor ?? null, approvedAt: approval?.at ?? null },
    windows: readWindows(store, id),
    events: readEvents(store, id),
    frames: readFrameInfos(store, id),
    elements: readElements(store, id),
    frameBytes: (seq) => {
      const bytes = readFrameBytes(store, id, seq);
      if (!bytes) throw new Error(`Frame ${seq} of session ${id} is not in the store.`);
      return bytes;
    },
  };
}
