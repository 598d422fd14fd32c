// `cairn remote policy | send-policy | stats | ledger | my-data`: works-council mode and the ledger
// from a data folder that talks to a team service. `policy` takes the service's signed organisation
// policy in (both signatures checked here again) so that it narrows what this machine records;
// `remote sync` does the same when the service's policy is newer (src/remote/take-newer-policy.ts).
// `send-policy` is how an admin or council member hands the service a policy they signed here.
import path from 'node:path';
import type { Command } from 'commander';
import { remoteClientOf } from '../../remote/remote-config.ts';
import { GOVERNANCE_ROUTES, PolicyAnswer, PolicyStatus, StatsAnswer } from '../../remote/governance-api.ts';
import { writeNewPrivateFile } from '../../store/private-files.ts';
import { assertUsablePath } from '../../store/usable-path.ts';
import { CliError } from '../cli-error.ts';
import type { CliContext } from '../context.ts';
import { installAndSay, readPolicyJson } from './org-command.ts';

export function registerRemoteGovernance(remote: Command, context: () => CliContext): void {
  remote
    .command('policy')
    .description("take the service's signed organisation policy in: this machine then records only what it allows")
    .action(async () => {
      const ctx = context();
      const client = remoteClientOf(ctx.dataDir);
      const answer = await client.json(GOVERNANCE_ROUTES.policy, PolicyAnswer);
      await installAndSay(ctx, answer.file, { source: client.url });
    });

  remote
    .command('send-policy')
    .description('admin or council: send a policy signed with `cairn org sign`; in force once an admin and a council member both signed it, else it waits for the other signature')
    .argument('<policy>', 'the policy file, signed by you with `cairn org sign`')
    .action(async (policyFile: string) => {
      const ctx = context();
      const file = assertUsablePath(policyFile, { what: 'policy file', kind: 'file' });
      const status = await remoteClientOf(ctx.dataDir).json(GOVERNANCE_ROUTES.policy, PolicyStatus, { json: readPolicyJson(file) });
      const signed = (s: { signers: { role: string; name: string; fingerprint: string }[] }) => s.signers.map((x) => `${x.role} ${x.name} (key ${x.fingerprint})`).join(' and ');
      if (status.pending) return ctx.out(`The policy of ${status.pending.organisation} issued ${status.pending.issuedAt} waits for the ${status.pending.missing}'s signature: signed by ${signed(status.pending)}.`);
      ctx.out(`The policy of ${status.inForce!.organisation} issued ${status.inForce!.issuedAt} is in force: signed by ${signed(status.inForce!)}; contributors take it with \`cairn remote policy\`.`);
    });

  remote
    .command('stats')
    .description('admin or council: sessions and minutes per month, counts only (a month of fewer than 5 contributors shows <5)')
    .option('--json', 'machine-readable output')
    .action(async (opts: { json?: boolean }) => {
      const ctx = context();
      const stats = await remoteClientOf(ctx.dataDir).json(GOVERNANCE_ROUTES.stats, StatsAnswer);
      if (opts.json) return ctx.out(JSON.stringify(stats, null, 2));
      if (stats.months.length === 0) return ctx.out('No session has been submitted yet.');
      for (const m of stats.months) {
        if (typeof m.contributors === 'string') ctx.out(`${m.period}  fewer than ${stats.minGroup} contributors: not shown`);
        else ctx.out(`${m.period}  ${m.contributors} contributors  ${m.submitted} submitted  ${m.approved} approved  ${m.rejected} rejected  ${m.erased} erased  ${m.approvedMinutes} approved minutes`);
      }
    });

  for (const [name, what, route, description] of [
    ['ledger', 'the ledger statement (CSV)', GOVERNANCE_ROUTES.ledger, 'contributor: your approved minutes and steps per month, with the datasets they went into; admin: everyone\'s (CSV)'],
    ['my-data', 'everything the service holds about you (tar)', GOVERNANCE_ROUTES.myData, 'contributor: download everything the service holds about you (account, sessions, decisions, access log, content) as a tar'],
  ] as const) {
    remote
      .command(name)
      .description(description)
      .requiredOption('--out <file>', 'the file to create (must not exist)')
      .action(async (opts: { out: string }) => {
        const ctx = context();
        const out = assertUsablePath(path.resolve(opts.out), { what: 'output file', kind: 'new-file' });
        const bytes = await remoteClientOf(ctx.dataDir).bytes(route);
        await writeNewPrivateFile(out, bytes).catch((error: NodeJS.ErrnoException) => {
          throw error.code === 'EEXIST' ? new CliError(`${out} already exists; give --out a new file name.`) : error;
        });
        ctx.out(`Wrote ${what} to ${out} (${bytes.length} bytes).`);
      });
  }
}

