// How figures read wherever Cairn shows them (CLI, status line, stop notices, every screen): sizes in
// binary units with about three significant digits, durations as a clock, times and counts in the
// reader's locale, and one plural rule for the nouns that follow counts.
const UNITS = ['B', 'KB', 'MB', 'GB', 'TB'];

/** "512 B", "1.5 KB", "12 MB", "340 MB", "5.0 GB". */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  if (unit === 0) return `${value} B`;
  const digits = value < 10 ? 1 : 0;
  // 1023.7 KB would round to "1024 KB": say "1.0 MB" instead.
  if (Number(value.toFixed(digits)) >= 1024 && unit < UNITS.length - 1) return `1.0 ${UNITS[unit + 1]}`;
  return `${value.toFixed(digits)} ${UNITS[unit]}`;
}

/** "00:42", "12:05", "1:02:03". */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const mm = String(Math.floor((total % 3600) / 60)).padStart(2, '0');
  const ss = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

// Intl formatters are made at first use, and counts are grouped without ICU: its date and number
// data cost a process up to ~8 MB resident once touched (measured ~5 MB in `cairn record`, whose
// status line prints counts), which a recorder must not pay.
let dateTime: Intl.DateTimeFormat | undefined;

export function formatTime(at: number | string): string {
  dateTime ??= new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
  return dateTime.format(new Date(at));
}

let dateOnly: Intl.DateTimeFormat | undefined;

export function formatDate(at: number | string): string {
  dateOnly ??= new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
  return dateOnly.format(new Date(at));
}

/** "1,200": whole numbers grouped by threes without ICU (see above); any other number as the locale writes it. */
export function formatCount(n: number): string {
  if (!Number.isSafeInteger(n)) return n.toLocaleString();
  const digits = String(Math.abs(n)).replace(/\B(?=(\d{3})+$)/g, ',');
  return n < 0 ? `-${digits}` : digits;
}

/** "1 frame", "1,200 frames": the count as formatCount shows it, the noun by the one plural rule. */
export function countOf(n: number, noun: string, nouns?: string): string {
  return `${formatCount(n)} ${nounFor(n, noun, nouns)}`;
}

/** A count with its noun, singular for exactly one: "1 session", "0 sessions", "2 frames". */
export function plural(count: number, noun: string, nouns = `${noun}s`): string {
  return `${count} ${nounFor(count, noun, nouns)}`;
}

/** The noun alone, for counts shown otherwise ("1,200 events"). */
export function nounFor(count: number, noun: string, nouns = `${noun}s`): string {
  return count === 1 ? noun : nouns;
}
