// How figures read wherever Cairn prints them (CLI, status line, UI): sizes in binary units.
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(1)} GB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** A count with its noun, singular for exactly one: "1 session", "0 sessions", "2 frames". */
export function plural(count: number, noun: string, nouns = `${noun}s`): string {
  return `${count} ${nounFor(count, noun, nouns)}`;
}

/** The noun alone, for counts shown otherwise ("1,200 events"). */
export function nounFor(count: number, noun: string, nouns = `${noun}s`): string {
  return count === 1 ? noun : nouns;
}
