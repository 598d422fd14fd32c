// The recorder's live counts (kept, stored, dropped, frames, latency, warnings), and the CLI's status
// line made of them; the app's recorder screen shows them through RecordingSnapshot (the contract).
import type { DropCounts } from '../core/consent-gate.ts';
import type { ElementCounts } from '../core/element-info.ts';
import type { ScreenCounts } from './frame-capture.ts';
import type { LatencySummary } from './latency-samples.ts';
import { dropsInWords } from '../shared/drop-reasons.ts';
import { formatBytes, formatDuration } from '../shared/format.ts';

export interface RecorderCounters {
  elapsedMs: number;
  paused: boolean;
  /** Events the gate let through (before the coalescer thins mouse moves further). */
  kept: number;
  /** Mouse moves thinned before the gate (move-sampler.ts): neither kept nor dropped. */
  thinned: number;
  /** Event rows committed to disk. */
  stored: number;
  dropped: DropCounts;
  /** Events still held by the gate, waiting for the focus watcher to vouch for them. */
  pending: number;
  frames: number;
  frameCounts: ScreenCounts | undefined;
  /** Elements acted on (and window trees) stored, and those missed by reason. */
  elements?: ElementCounts;
  bytes: number;
  /** From a key event's arrival at the hook to the commit of its row. */
  keyToDiskMs: LatencySummary;
  warnings: string[];
}

export function formatCounters(s: RecorderCounters): string {
  const drops = dropsInWords(s.dropped);
  const total = Object.values(s.dropped).reduce((a, b) => a + b, 0);
  return [
    `${s.paused ? 'PAUSED' : 'REC'} ${formatDuration(s.elapsedMs)}`,
    `kept ${s.kept}`,
    `dropped ${total}${drops ? ` (${drops})` : ''}`,
    `frames ${s.frames}`,
    formatBytes(s.bytes),
    // The gate's queue: a figure that keeps growing means the watcher or the writer falls behind.
    `held ${s.pending}`,
    // A degraded recording (frames failing, watcher silent) must say so where the person looks.
    ...s.warnings.map((w) => `warning: ${w}`),
  ].join(' | ');
}
