// `cairn export --out DIR [--format F] [--session ID ...]`: approved sessions with no open finding,
// as trajectories in one of the formats agent-training code reads, through the one egress check.
import path from 'node:path';
import { type Command, Option } from 'commander';
import { blockedBecause } from '../../export/egress.ts';
import { type ExportJob, startExport } from '../../export/export-job.ts';
import type { ExportResult } from '../../export/run-export.ts';
import { EXPORT_FORMATS, type ExportFormat } from '../../export/writers/export-writer.ts';
import { formatBytes, plural } from '../../shared/format.ts';
import { sessionIdsIn } from '../../store/session-repo.ts';
import type { Store } from '../../store/store.ts';
import { CliError } from '../cli-error.ts';
import { type CliContext, withStore } from '../context.ts';
import { exportProgress } from '../export-progress.ts';
import { resolveId } from './sessions-command.ts';

interface ExportOptions {
  out: string;
  format: ExportFormat;
  session: string[];
  json?: boolean;
}

export function registerExport(program: Command, context: () => CliContext): void {
  program
    .command('export')
    .description('export approved sessions (no open findings) as training trajectories')
    .requiredOption('--out <dir>', 'a new or empty folder to write to (outside the data folder)')
    .addOption(new Option('--format <format>', 'the trajectory format').choices(EXPORT_FORMATS).default('cairn'))
    .option('--session <id>', 'a session to export (repeatable; default: every approved session without open findings)', (v: string, all: string[]) => [...all, v], [])
    .option('--json', 'machine-readable output')
    .action(async (opts: ExportOptions) => {
      const ctx = context();
      const progress = exportProgress();
      const result = await withStore(ctx, async (store) => {
        const sessionIds = opts.session.length ? opts.session.map((s) => resolveId(store, s)) : exportableSessions(store);
        try {
          return await untilSignal(startExport(store, { sessionIds, format: opts.format, outDir: path.resolve(opts.out), onProgress: progress.update, actor: 'researcher' }));
        } finally {
          progress.stop();
        }
      });
      if (opts.json) return ctx.out(JSON.stringify(result, null, 2));
      ctx.out(`Exported ${plural(result.steps, 'step')} as ${opts.format} into ${result.outDir}: ${plural(result.files, 'file')}, ${formatBytes(result.bytes)}.`);
      ctx.out(`sha256 of manifest.json: ${result.manifestSha256}`);
    });
}

function exportableSessions(store: Store): string[] {
  const ids = sessionIdsIn(store, 'approved').filter((id) => blockedBecause(store, id) === null);
  if (ids.length === 0) {
    throw new CliError('No session is approved and free of open findings, so there is nothing to export; see `cairn sessions`.', 1);
  }
  return ids;
}

/** The job's result, or, on Ctrl+C or SIGTERM, the job cancelled (its unfinished folder removed)
 *  and a CliError with the shell's exit code for that signal (130, 143). */
async function untilSignal(job: ExportJob): Promise<ExportResult> {
  let stop: (signal: NodeJS.Signals) => void = () => undefined;
  const stopped = new Promise<NodeJS.Signals>((resolve) => (stop = resolve));
  const signals = ['SIGINT', 'SIGTERM'] as const;
  // `on`, not `once`: a second signal (Ctrl+C reaches the whole process group) must not kill the
  // process before the unfinished folder is removed.
  for (const s of signals) process.on(s, stop);
  try {
    const outcome = await Promise.race([job.result, stopped]);
    if (typeof outcome !== 'string') return outcome;
    await job.cancel();
    throw new CliError(`The export was stopped by ${outcome} and its unfinished files were removed; nothing was recorded as exported.`, outcome === 'SIGINT' ? 130 : 143);
  } finally {
    for (const s of signals) process.off(s, stop);
  }
}
