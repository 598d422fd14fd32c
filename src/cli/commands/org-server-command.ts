// `cairn server add-key | remove-key | set-policy | record-of-processing | dpia`: works-council mode on the team
// service. Admins and council members register their public signing keys; a policy is set only
// when an admin and a council member, by those keys, have both signed it; the two documents a
// works council and a data protection officer read are written from the live configuration.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { writeNewPrivateFile } from '../../store/private-files.ts';
import { assertUsablePath } from '../../store/usable-path.ts';
import { CliError } from '../cli-error.ts';
import type { CliContext } from '../context.ts';
import { readPolicyJson } from './org-command.ts';
import { type DbOptions, withDatabase, withDb } from './server-database.ts';

type DocOptions = DbOptions & { out: string; blobDir?: string };

export function registerServerGovernance(server: Command, context: () => CliContext): void {
  withDatabase(server.command('add-key'))
    .description("register an admin's or council member's public signing key (from `cairn org keygen`)")
    .argument('<name>', 'the user (an admin or a council member) who holds the key')
    .requiredOption('--public-key <file>', 'their public key file (KEY.pub)')
    .action(async (name: string, opts: DbOptions & { publicKey: string }) => {
      const ctx = context();
      const file = assertUsablePath(opts.publicKey, { what: 'public key file', kind: 'file' });
      const { registerSigningKey } = await import('../../server/governance/server-org-policy.ts');
      const key = await withDb(opts, (db) => registerSigningKey(db, name, readFileSync(file, 'utf8'), file));
      ctx.out(`Registered key ${key.fingerprint} of ${name} (${key.role}): policies it signs as ${key.role} can be set.`);
    });

  withDatabase(server.command('remove-key'))
    .description('remove a signing key (lost, leaked, or its holder left): policies it signs can no longer be set')
    .argument('<fingerprint>', 'the key\'s fingerprint, as `add-key` printed it (16 hex digits)')
    .action(async (fingerprint: string, opts: DbOptions) => {
      const ctx = context();
      const { removeSigningKey } = await import('../../server/governance/server-org-policy.ts');
      const removed = await withDb(opts, (db) => removeSigningKey(db, fingerprint));
      ctx.out(`Removed key ${removed.fingerprint} of ${removed.name} (${removed.role}): policies it signs can no longer be set; the policy in force stays until a new one is set.`);
    });

  withDatabase(server.command('set-policy'))
    .description('put a signed organisation policy in force (it needs an admin\'s and a council member\'s signature)')
    .argument('<policy>', 'the policy file, signed with `cairn org sign`')
    .action(async (policyFile: string, opts: DbOptions) => {
      const ctx = context();
      const file = assertUsablePath(policyFile, { what: 'policy file', kind: 'file' });
      const json = readPolicyJson(file);
      const { setOrgPolicy } = await import('../../server/governance/server-org-policy.ts');
      const set = await withDb(opts, (db) => setOrgPolicy(db, json));
      const signers = set.signers.map((s) => `${s.role} ${s.name} (key ${s.fingerprint})`).join(' and ');
      ctx.out(`The policy of ${set.policy.organisation} issued ${set.policy.issuedAt} is in force: signed by ${signers}; contributors take it with \`cairn remote policy\`.`);
    });

  for (const [name, what, write] of [
    ['record-of-processing', 'the record of processing (GDPR Art. 30)', 'recordOfProcessing'],
    ['dpia', 'the DPIA support pack (GDPR Art. 35)', 'dpiaPack'],
  ] as const) {
    withDatabase(server.command(name))
      .description(`write ${what} as Markdown, from the service's live configuration`)
      .requiredOption('--out <file>', 'the Markdown file to create (must not exist)')
      .option('--blob-dir <dir>', "the service's blob folder, as given to `server start` (default: <data dir>/server)")
      .action(async (opts: DocOptions) => {
        const ctx = context();
        const out = assertUsablePath(opts.out, { what: 'output file', kind: 'new-file' });
        const text = await withDb(opts, async (db) => {
          const [{ openStorage }, { gatherConfiguration }, docs] = await Promise.all([
            import('../../server/storage/server-storage.ts'),
            import('../../server/governance/gather-configuration.ts'),
            write === 'recordOfProcessing' ? import('../../server/governance/record-of-processing.ts') : import('../../server/governance/dpia-pack.ts'),
          ]);
          const storage = openStorage(path.resolve(opts.blobDir ?? path.join(ctx.dataDir, 'server')));
          const config = await gatherConfiguration({ db, storage });
          return 'recordOfProcessing' in docs ? docs.recordOfProcessing(config) : docs.dpiaPack(config);
        });
        await writeNewPrivateFile(out, text).catch((error: NodeJS.ErrnoException) => {
          throw error.code === 'EEXIST' ? new CliError(`${out} already exists; give --out a new file name.`) : error;
        });
        ctx.out(`Wrote ${what} to ${out}.`);
      });
  }
}
