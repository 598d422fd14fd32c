// One access log entry in words, for the contributor's My data screen: what was done to their
// session, with the detail the service logged (which frame, which finding, which dataset).
import type { AccessEntry } from '../../../src/shared/team-roles-api.ts';

const ACTIONS: Record<string, (d: Record<string, unknown>) => string> = {
  upload: () => 'uploaded it',
  'view-text': () => 'viewed its text (windows, titles, findings)',
  'view-frame': (d) => `viewed frame ${String(d.seq ?? '?')}`,
  redact: () => 'redacted part of it',
  waive: (d) => `waived finding ${String(d.finding ?? '?')}`,
  approve: () => 'approved it',
  reject: (d) => `rejected it${typeof d.reason === 'string' ? `: ${d.reason}` : ''}`,
  pull: (d) => `pulled it into dataset ${String(d.pull ?? '?')} (${String(d.format ?? '?')}, written to ${String(d.destination ?? '?')})`,
  erase: (d) => `erased it (${String(d.reason ?? 'withdrawn')})`,
};

export function accessWords(entry: AccessEntry): string {
  const said = ACTIONS[entry.action];
  return said ? said(entry.detail ?? {}) : entry.action;
}
