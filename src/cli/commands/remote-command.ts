// `cairn remote …`: this data folder as a client of a team service (`cairn server start`). The
// token may come from --token, --token-file or CAIRN_REMOTE_TOKEN, and is kept in
// <data dir>/remote.json (0600). Uploading, pulling and syncing are in remote-transfer-command.ts.
import type { Command } from 'commander';
import * as z from 'zod';
import { accessInWords } from '../../shared/access-words.ts';
import { formatTime } from '../../shared/format.ts';
import { AccessEntry, type RedactRequest, Redacted, ROUTES, ServerFinding, SessionSummary } from '../../remote/api-schemas.ts';
import { connectRemote } from '../../remote/connect-remote.ts';
import { remoteClientOf } from '../../remote/remote-config.ts';
import { readSecret, REMOTE_TOKEN } from '../../server/secret-source.ts';
import { parseBoxOption } from '../box-option.ts';
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
      const queue = await remoteClientOf(ctx.dataDir).json(ROUTES.queue, z.array(SessionSummary));
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
      const s = await remoteClientOf(ctx.dataDir).json(ROUTES.approve(sessionId(id)), SessionSummary, { method: 'POST', json: {} });
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
      const f = await remoteClientOf(ctx.dataDir).json(ROUTES.waive(sessionId(id), Number(finding)), ServerFinding, { method: 'POST', json: { reason: opts.reason } });
      ctx.out(`Finding ${f.n} of session ${id} (${f.source}, ${f.detector}) is waived by ${f.waivedBy}.`);
    });

  remote
    .command('redact')
    .description('reviewer: destroy on the service what the contributor missed; the session is sealed again under a new key and you are named in the access log')
    .argument('<id>', 'the session id as `cairn remote queue` lists it')
    .option('--finding <n>', 'what one finding points at (its number, as the review screen or a refused approve gives it)')
    .option('--text <from..to>', 'the typed text of the key-downs FROM..TO (event seqs)')
    .option('--title <window>', "a window's title (its seq)")
    .option('--task', 'the task its contributor named')
    .option('--box <frame:x,y,w,h>', 'a box on a frame, in whole pixels (e.g. 3:10,20,300,40)')
    .action(async (id: string, opts: RemoteRedactOptions) => {
      const ctx = context();
      const request = redactRequest(opts);
      const r = await remoteClientOf(ctx.dataDir).json(ROUTES.redact(sessionId(id)), Redacted, { method: 'POST', json: request });
      ctx.out(`Redacted ${describeRedaction(request)} of session ${id} on the service; ${r.openFindings === 0 ? 'no finding is open' : `${r.openFindings} finding${r.openFindings === 1 ? ' is' : 's are'} still open`}.`);
    });

  remote
    .command('reject')
    .description('reviewer: reject a submitted session with a reason its contributor sees')
    .argument('<id>', 'the session id as `cairn remote queue` lists it')
    .requiredOption('--reason <text>', 'what the contributor should change')
    .action(async (id: string, opts: { reason: string }) => {
      const ctx = context();
      if (!opts.reason.trim()) throw new CliError('A rejection needs a reason the contributor can act on; give it with --reason.', 2);
      const s = await remoteClientOf(ctx.dataDir).json(ROUTES.reject(sessionId(id)), SessionSummary, { method: 'POST', json: { reason: opts.reason } });
      ctx.out(`Session ${s.id} of ${s.contributor} is rejected by ${s.decidedBy}: ${s.reason}`);
    });

  remote
    .command('access-log')
    .description('contributor: who viewed, decided on, pulled or erased one of your sessions, and when')
    .argument('<session>', 'the id of a session you submitted')
    .option('--json', 'machine-readable output')
    .action(async (session: string, opts: { json?: boolean }) => {
      const ctx = context();
      const log = await remoteClientOf(ctx.dataDir).json(ROUTES.accessLog(sessionId(session)), z.array(AccessEntry));
      if (opts.json) return ctx.out(JSON.stringify(log, null, 2));
      for (const e of log) ctx.out(`${formatTime(e.at)}  ${e.who} (${e.role})  ${accessInWords(e.action, e.detail)}`);
    });

  registerRemoteTransfers(remote, context);
  registerRemoteGovernance(remote, context);
}

interface RemoteRedactOptions {
  finding?: string;
  text?: string;
  title?: string;
  task?: boolean;
  box?: string;
}

/** The one redaction the options name, as the service's API takes it. */
function redactRequest(opts: RemoteRedactOptions): RedactRequest {
  const chosen = (['finding', 'text', 'title', 'task', 'box'] as const).filter((k) => opts[k] !== undefined);
  if (chosen.length !== 1) throw new CliError('Give exactly one of --finding N, --text FROM..TO, --title WINDOW, --task or --box FRAME:X,Y,W,H.', 2);
  const whole = (flag: string, text: string) => {
    if (!/^[1-9]\d{0,8}$/.test(text)) throw new CliError(`${flag} takes a whole number from 1, not "${text.slice(0, 40)}".`, 2);
    return Number(text);
  };
  if (opts.finding !== undefined) return { kind: 'finding', finding: whole('--finding', opts.finding) };
  if (opts.title !== undefined) return { kind: 'title', windowSeq: whole('--title', opts.title) };
  if (opts.task) return { kind: 'task' };
  if (opts.box !== undefined) {
    const { frame, box } = parseBoxOption(opts.box);
    return { kind: 'box', frameSeq: frame, box };
  }
  const span = /^(\d+)\.\.(\d+)$/.exec(opts.text!);
  if (!span || Number(span[1]) < 1 || Number(span[2]) < Number(span[1])) throw new CliError(`--text must be FROM..TO, the seqs of the first and last key-down with FROM <= TO (e.g. 12..40), not "${opts.text!.slice(0, 40)}".`, 2);
  return { kind: 'text', fromSeq: Number(span[1]), toSeq: Number(span[2]) };
}

function describeRedaction(r: RedactRequest): string {
  switch (r.kind) {
    case 'finding': return `what finding ${r.finding} points at`;
    case 'text': return `the typed text of key-downs ${r.fromSeq}..${r.toSeq}`;
    case 'title': return `the title of window ${r.windowSeq}`;
    case 'task': return 'the task';
    case 'box': return `${r.box.width}x${r.box.height} at ${r.box.x},${r.box.y} on frame ${r.frameSeq}`;
  }
}


function sessionId(given: string): string {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(given)) {
    throw new CliError(`"${given.slice(0, 80)}" is not a session id; give the whole id as \`cairn remote queue\` (or \`cairn sessions\`) lists it.`, 2);
  }
  return given;
}
