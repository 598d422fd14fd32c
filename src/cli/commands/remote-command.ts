// `cairn remote …`: this data folder as a client of a team service (`cairn server start`). The
// token may come from --token, --token-file or CAIRN_REMOTE_TOKEN, and is kept in
// <data dir>/remote.json (0600). Uploading, pulling and syncing are in remote-transfer-command.ts.
import type { Command } from 'commander';
import * as z from 'zod';
import { accessInWords } from '../../shared/access-words.ts';
import { formatTime } from '../../shared/format.ts';
import { AccessEntry, ROUTES, ServerFinding, SessionSummary } from '../../remote/api-schemas.ts';
import { connectRemote } from '../../remote/connect-remote.ts';
import { RemoteClient } from '../../remote/remote-client.ts';
import { readRemoteConfig } from '../../remote/remote-config.ts';
import { readSecret, REMOTE_TOKEN } from '../../server/secret-source.ts';
import { CliError } from '../cli-error.ts';
import type { CliContext } from '../context.ts';
import { registerRemoteGovernance } from './org-remote-command.ts';
import { registerRemoteTransfers } from './remote-transfer-command.ts';

export function registerRemote(program: Command, context: () => CliContext): void {
  const remote = program.command('remote').description('work with a team service: submit, review, pull, and send deletions and withdrawal');

  remote
    .command('add')
    .description('this data folder talks to that service as the person whose token it is')
    .argument('<url>', 'the URL `cairn server start` printed (https:// in front of a TLS proxy)')
    .option('--token <token>', 'the token `cairn server add-user` printed (or $CAIRN_REMOTE_TOKEN)')
    .option('--token-file <file>', 'a file whose first line is the token (keeps it out of `ps`)')
    .action(async (url: string, opts: { token?: string; tokenFile?: string }) => {
      const ctx = context();
      const token = readSecret(REMOTE_TOKEN, opts.token, opts.tokenFile);
      const config = await connectRemote(ctx.dataDir, url, token);
      ctx.out(`This data folder now talks to ${config.url} as ${config.name} (${config.role}).`);
    });

  remote
    .command('queue')
    .description('reviewer: the sessions submitted to the service, oldest first')
    .option('--json', 'machine-readable output')
    .action(async (opts: { json?: boolean }) => {
      const ctx = context();
      const queue = await clientOf(ctx).json(ROUTES.queue, z.array(SessionSummary));
      if (opts.json) return ctx.out(JSON.stringify(queue, null, 2));
      if (queue.length === 0) return ctx.out('No session is waiting for review.');
      for (const s of queue) {
        ctx.out(`${s.id}  ${s.contributor}  submitted ${formatTime(s.submittedAt)}  ${s.events} events  ${s.frames} frames  ${s.openFindings} open finding(s)`);
      }
    });

  remote
    .command('approve')
    .description('reviewer: approve a submitted session (it can then be pulled); you are named in the decision')
    .argument('<id>', 'the session id as `cairn remote queue` lists it')
    .action(async (id: string) => {
      const ctx = context();
      const s = await clientOf(ctx).json(ROUTES.approve(sessionId(id)), SessionSummary, { method: 'POST', json: {} });
      ctx.out(`Session ${s.id} of ${s.contributor} is approved by ${s.decidedBy}.`);
    });

  remote
    .command('waive')
    .description('reviewer: waive one finding of a submitted session as no secret, with a reason; you are named in the access log')
    .argument('<id>', 'the session id as `cairn remote queue` lists it')
    .argument('<finding>', 'the finding\'s number, as a refused `cairn remote approve` or the review screen gives it')
    .requiredOption('--reason <text>', 'why what it found is no secret')
    .action(async (id: string, finding: string, opts: { reason: string }) => {
      const ctx = context();
      if (!/^[1-9]\d{0,5}$/.test(finding)) throw new CliError(`"${finding.slice(0, 40)}" is not a finding number; give it as the review screen numbers it (1, 2, …).`, 2);
      if (!opts.reason.trim()) throw new CliError('A waiver needs a reason (why what it found is no secret); give it with --reason.', 2);
      const f = await clientOf(ctx).json(ROUTES.waive(sessionId(id), Number(finding)), ServerFinding, { method: 'POST', json: { reason: opts.reason } });
      ctx.out(`Finding ${f.n} of session ${id} (${f.source}, ${f.detector}) is waived by ${f.waivedBy}.`);
    });

  remote
    .command('reject')
    .description('reviewer: reject a submitted session with a reason its contributor sees')
    .argument('<id>', 'the session id as `cairn remote queue` lists it')
    .requiredOption('--reason <text>', 'what the contributor should change')
    .action(async (id: string, opts: { reason: string }) => {
      const ctx = context();
      if (!opts.reason.trim()) throw new CliError('A rejection needs a reason the contributor can act on; give it with --reason.', 2);
      const s = await clientOf(ctx).json(ROUTES.reject(sessionId(id)), SessionSummary, { method: 'POST', json: { reason: opts.reason } });
      ctx.out(`Session ${s.id} of ${s.contributor} is rejected by ${s.decidedBy}: ${s.reason}`);
    });

  remote
    .command('access-log')
    .description('contributor: who viewed, decided on, pulled or erased one of your sessions, and when')
    .argument('<session>', 'the id of a session you submitted')
    .option('--json', 'machine-readable output')
    .action(async (session: string, opts: { json?: boolean }) => {
      const ctx = context();
      const log = await clientOf(ctx).json(ROUTES.accessLog(sessionId(session)), z.array(AccessEntry));
      if (opts.json) return ctx.out(JSON.stringify(log, null, 2));
      for (const e of log) ctx.out(`${formatTime(e.at)}  ${e.who} (${e.role})  ${accessInWords(e.action, e.detail)}`);
    });

  registerRemoteTransfers(remote, context);
  registerRemoteGovernance(remote, context);
}

/** The client of this data folder's service, as `remote add` set it up. */
export function clientOf(ctx: CliContext): RemoteClient {
  const config = readRemoteConfig(ctx.dataDir);
  return new RemoteClient(config.url, config.token);
}

function sessionId(given: string): string {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(given)) {
    throw new CliError(`"${given.slice(0, 80)}" is not a session id; give the whole id as \`cairn remote queue\` (or \`cairn sessions\`) lists it.`, 2);
  }
  return given;
}
