// How figures read in the UI: sizes, durations, times.
import { nounFor } from '../../src/shared/format.ts';

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB'];

export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(value < 10 ? 1 : 0)} ${UNITS[unit]}`;
}

export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const mm = String(m).padStart(2, '0');
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function formatTime(at: number | string): string {
  return dateTime.format(new Date(at));
}

export function formatCount(n: number): string {
  return n.toLocaleString();
}

/** "1 frame", "1,200 frames": the count as formatCount shows it, the noun by the one plural rule. */
export function countOf(n: number, noun: string, nouns?: string): string {
  return `${formatCount(n)} ${nounFor(n, noun, nouns)}`;
}
