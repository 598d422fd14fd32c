// What a person on the team service did with a session, in words for its contributor (the access
// log in My data and `cairn remote access-log`). An action this build does not know yet (a newer
// service) is shown as the service named it, never dropped.

type Detail = Record<string, unknown> | null;

const text = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');

const WORDS: Record<string, (d: Detail) => string> = {
  upload: () => 'sent it to the service',
  'view-text': () => 'read its text, titles and findings',
  'view-frame': (d) => `viewed frame ${text(d?.seq)}`.trim(),
  waive: (d) => `waived finding ${text(d?.finding)} as no secret`.replace('  ', ' '),
  redact: (d) => redactionWords(d),
  approve: () => 'approved it',
  reject: (d) => (d?.reason ? `rejected it: ${text(d.reason)}` : 'rejected it'),
  pull: (d) => (d?.destination ? `pulled it into a dataset (${text(d.destination)}${d.format ? `, ${text(d.format)}` : ''})` : 'pulled it into a dataset'),
  erase: (d) => (d?.reason ? `erased it (${text(d.reason)})` : 'erased it'),
};

/** A redaction on the service, by its kind and place (review/redact-on-service.ts logs them). */
function redactionWords(d: Detail): string {
  if (d?.kind === 'text') return 'redacted typed text';
  if (d?.kind === 'title') return `redacted the title of window ${text(d.windowSeq)}`.trim();
  if (d?.kind === 'task') return 'redacted its task';
  if (d?.kind === 'box') return d.whole ? `blacked out frame ${text(d.frameSeq)}`.trim() : `blacked out a box on frame ${text(d.frameSeq)}`.trim();
  return 'redacted part of it';
}

export function accessInWords(action: string, detail: Detail): string {
  return WORDS[action]?.(detail) ?? action;
}
