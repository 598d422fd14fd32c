// Why the consent gate dropped an event: every reason code once, with the words a person reads in
// its place (the app's Record and session screens, `cairn record`'s status line and `cairn show`).
// The gate counts by code (stored in each session, stable in --json output); people read the words.
// Each sentence completes "dropped because …"; the README's table says more about each.

export const DROP_REASONS = [
  'app-denied',
  'focus-unknown',
  'focus-stale',
  'focus-transition',
  'input-elsewhere',
  'outside-window',
  'cairn-window',
  'private-window',
  'site-denied',
  'site-unknown',
  'control-key',
  'keys-off',
  'password-field',
  'paused',
  'forgotten',
] as const;
export type DropReason = (typeof DROP_REASONS)[number];

const SENTENCES: Record<DropReason, string> = {
  'app-denied': 'a denied app had focus',
  'focus-unknown': 'Cairn could not tell which window had focus',
  'focus-stale': 'the focus watcher did not answer in time',
  'focus-transition': 'focus was moving to another window at that moment',
  'input-elsewhere': 'the keyboard went to another program (a popup, launcher or lock screen)',
  'outside-window': 'the pointer was outside the focused window',
  'cairn-window': 'Cairn’s own window had focus',
  'private-window': 'a private window had focus',
  'site-denied': 'the browser showed a site that is not allowed',
  'site-unknown': 'Cairn could not tell which site the browser showed',
  'control-key': 'it was one of Cairn’s hotkeys',
  'keys-off': 'keys are off for that app',
  'password-field': 'it was typed into a password field (or Cairn could not tell in time that it was not)',
  paused: 'the recording was paused',
  forgotten: 'it was forgotten on request',
};

/** The words for a reason code; a code this Cairn does not know (a newer store's) reads as itself. */
export function dropReasonText(code: string): string {
  return Object.hasOwn(SENTENCES, code) ? SENTENCES[code as DropReason] : code;
}

/** The non-zero counts, most first: [code, count] pairs. */
export function droppedByReason(dropped: Readonly<Record<string, number | undefined>>): [string, number][] {
  return Object.entries(dropped)
    .filter((entry): entry is [string, number] => (entry[1] ?? 0) > 0)
    .sort((a, b) => b[1] - a[1]);
}

/** "3 because a denied app had focus, 1 because the recording was paused", or "" when none. */
export function dropsInWords(dropped: Readonly<Record<string, number | undefined>>): string {
  return droppedByReason(dropped)
    .map(([code, n]) => `${n} because ${dropReasonText(code)}`)
    .join(', ');
}
