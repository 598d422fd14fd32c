// Progress of a long export on stderr: a live bar (cli-progress) at a terminal, plain lines at most
// every 2 s otherwise (logs, CI), and nothing for exports too short to need it.
import cliProgress from 'cli-progress';
import type { ExportProgress } from '../export/run-export.ts';
import { plural } from '../shared/format.ts';

const SHOW_FROM_STEPS = 2000;
const PLAIN_EVERY_MS = 2000;

export interface ProgressReporter {
  update(p: ExportProgress): void;
  stop(): void;
}

export function exportProgress(stream: NodeJS.WriteStream = process.stderr): ProgressReporter {
  let bar: cliProgress.SingleBar | null = null;
  let lastLine = 0;
  let last: ExportProgress | null = null;
  return {
    update(p) {
      last = p;
      if (p.total < SHOW_FROM_STEPS) return;
      if (stream.isTTY) {
        if (!bar) {
          bar = new cliProgress.SingleBar(
            { stream, format: 'Exporting [{bar}] {percentage}% | {value}/{total} steps | {eta_formatted} left', hideCursor: true, clearOnComplete: true },
            cliProgress.Presets.shades_classic,
          );
          bar.start(p.total, p.done);
        }
        bar.update(p.done);
      } else if (Date.now() - lastLine >= PLAIN_EVERY_MS) {
        lastLine = Date.now();
        stream.write(`Exporting: ${p.done} of ${plural(p.total, 'step')} (${Math.floor((100 * p.done) / p.total)}%)\n`);
      }
    },
    stop() {
      if (bar) bar.stop();
      else if (last && last.total >= SHOW_FROM_STEPS) stream.write(`Exporting: ${last.done} of ${plural(last.total, 'step')} (100%)\n`);
    },
  };
}
