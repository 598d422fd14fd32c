// `cairn remote submit | pull | sync`: what moves between this data folder and the team service.
import path from 'node:path';
import type { Command } from 'commander';
import { EXPORT_FORMATS, type ExportFormat } from '../../export/writers/index.ts';
import { formatBytes, plural } from '../../shared/format.ts';
import { RemoteClient } from '../../remote/remote-client.ts';
import { readRemoteConfig } from '../../remote/remote-config.ts';
import { takeNewerPolicy } from '../../remote/take-newer-policy.ts';
import { CliError } from '../cli-error.ts';
import { type CliContext, withStore } from '../context.ts';
import { resolveId } from './sessions-command.ts';

export function registerRemoteTransfers(remote: Command, context: () => CliContext): void {
  remote
    .command('submit')
    .description('upload submitted sessions (resumable: run it again after an interruption); the server verifies them as `bundle import` does')
    .argument('<session...>', 'ids of submitted sessions (unique prefixes will do)')
    .option('--chunk-size <bytes>', 'bytes sent per request (default 4 MiB; smaller on a poor link)')
    .option('--json', 'machine-readable output')
    .action(async (given: string[], opts: { chunkSize?: string; json?: boolean }) => {
      const ctx = context();
      const chunkBytes = opts.chunkSize === undefined ? undefined : Number(opts.chunkSize);
      if (chunkBytes !== undefined && !(Number.isInteger(chunkBytes) && chunkBytes >= 1024 && chunkBytes <= 64 * 1024 * 1024)) {
        throw new CliError(`--chunk-size must be a number of bytes from 1024 to 67108864, not "${opts.chunkSize}".`, 2);
      }
      const config = readRemoteConfig(ctx.dataDir);
      const sessions = await withStore(ctx, (store) => given.map((s) => resolveId(store, s)));
      const { submitSessions } = await import('../../remote/submit-sessions.ts');
      const result = await submitSessions({
        dataDir: ctx.dataDir,
        config,
        client: new RemoteClient(config.url, config.token),
        withStore: (fn) => withStore(ctx, fn),
        sessions,
        chunkBytes,
      });
      if (opts.json) return ctx.out(JSON.stringify(result, null, 2));
      if (result.resumedAt !== null) ctx.err(`Resumed the upload at byte ${result.resumedAt} of ${result.bytes}.`);
      ctx.out(`Submitted ${plural(result.sessions.length, 'session')} (${formatBytes(result.bytes)}) to ${config.url}; the server verified and stored:`);
      for (const id of result.sessions) ctx.out(`  ${id}`);
    });

  remote
    .command('pull')
    .description('researcher: write the approved sessions as a dataset; on a folder holding an earlier one, say which of its sessions were withdrawn')
    .requiredOption('--out <dir>', 'a new or empty folder (or one holding an earlier pull, to check it)')
    .option('--format <format>', EXPORT_FORMATS.join('|'), 'cairn')
    .option('--session <id...>', 'only these approved sessions')
    .option('--json', 'machine-readable output')
    .action(async (opts: { out: string; format: string; session?: string[]; json?: boolean }) => {
      const ctx = context();
      if (!(EXPORT_FORMATS as readonly string[]).includes(opts.format)) throw new CliError(`--format must be one of ${EXPORT_FORMATS.join(', ')}, not "${opts.format}".`, 2);
      const config = readRemoteConfig(ctx.dataDir);
      const { pullDataset } = await import('../../remote/pull-dataset.ts');
      const outcome = await pullDataset({
        client: new RemoteClient(config.url, config.token),
        outDir: path.resolve(opts.out),
        dataDir: ctx.dataDir,
        format: opts.format as ExportFormat,
        sessions: opts.session,
      });
      if (opts.json) return ctx.out(JSON.stringify(outcome, null, 2));
      if (outcome.kind === 'checked') {
        if (outcome.withdrawn.length === 0) return ctx.out(`None of the ${plural(outcome.sessions.length, 'session')} in ${outcome.outDir} was withdrawn; it was left as it is.`);
        ctx.out(`${plural(outcome.withdrawn.length, 'session')} of ${outcome.outDir} ${outcome.withdrawn.length === 1 ? 'was' : 'were'} withdrawn by ${outcome.withdrawn.length === 1 ? 'its' : 'their'} contributor: purge ${outcome.withdrawn.length === 1 ? 'it' : 'them'} from every copy.`);
        for (const w of outcome.withdrawn) ctx.out(`  ${w.id}  ${w.reason}`);
        return;
      }
      ctx.out(`Pulled ${plural(outcome.sessions.length, 'approved session')} (${plural(outcome.steps, 'step')}, ${plural(outcome.files, 'file')}) into ${outcome.outDir} as ${opts.format}.`);
      if (outcome.tombstones) ctx.out(`Its manifest lists ${plural(outcome.tombstones, 'withdrawn session')} as tombstones: purge them from earlier datasets (\`cairn remote pull --out EARLIER_DIR\` names them).`);
    });

  remote
    .command('sync')
    .description("send this machine's deletions, forgets and withdrawal to the service, which erases those sessions there; take in the service's organisation policy if it is newer")
    .option('--json', 'machine-readable output')
    .action(async (opts: { json?: boolean }) => {
      const ctx = context();
      const config = readRemoteConfig(ctx.dataDir);
      const { erasuresOf, syncWithdrawals } = await import('../../remote/sync-withdrawals.ts');
      const erasures = await withStore(ctx, (store) => erasuresOf(store, config));
      const client = new RemoteClient(config.url, config.token);
      const result = await syncWithdrawals({ dataDir: ctx.dataDir, config, client, erasures });
      // Erasures first: a policy that cannot be taken must not hold back a withdrawal.
      const policy = await takeNewerPolicy(client, (fn) => withStore(ctx, fn));
      if (opts.json) return ctx.out(JSON.stringify({ ...result, policy }, null, 2));
      if (result.erased.length + result.alreadyErased.length === 0) ctx.out('Nothing to send: the service holds nothing this machine erased.');
      const why = new Map(erasures.map((e) => [e.id, e.reason]));
      for (const e of result.erased) {
        ctx.out(`Erased ${e.id} on the service (${why.get(e.id)} here).`);
        for (const p of e.pulls) ctx.out(`  it was in dataset ${p.pull} pulled by ${p.researcher} on ${new Date(p.at).toISOString()} into ${p.destination}`);
      }
      for (const id of result.alreadyErased) ctx.out(`${id} was erased on the service already.`);
      if (policy) ctx.out(policy);
    });
}
