// What the service itself knows of a session beyond what was uploaded: the findings its own
// detectors raised (review/check-session.ts) and the redactions its reviewers made here
// (review/redact-on-service.ts). Sealed with the session's key in session_content.review, so it is
// re-sealed with the rest at every redaction. Only the service writes it: unlike the bundle's own
// redaction records (a claim from another machine), a box redaction here is trusted to cover the
// findings inside it.
import type { FindingLocation, FindingSource } from '../../store/findings-repo.ts';

export interface ServiceFound {
  source: FindingSource;
  detector: string;
  preview: string;
  location: FindingLocation;
}

export interface ServiceRedaction {
  kind: 'text' | 'title' | 'task' | 'box';
  /** Where (seqs, a window, a box on a frame), never what was there. */
  target: Record<string, unknown> & { frameSeq?: number; box?: { x: number; y: number; width: number; height: number }; whole?: boolean };
  by: string;
  at: number;
}

export interface ServiceRecord {
  findings: ServiceFound[];
  redactions: ServiceRedaction[];
}

export const EMPTY_RECORD: ServiceRecord = { findings: [], redactions: [] };

export const encodeRecord = (r: ServiceRecord) => Buffer.from(JSON.stringify(r));
/** Written by the service alone (never uploaded), read back as written. */
export const decodeRecord = (bytes: Buffer | null): ServiceRecord => (bytes ? (JSON.parse(bytes.toString('utf8')) as ServiceRecord) : EMPTY_RECORD);
