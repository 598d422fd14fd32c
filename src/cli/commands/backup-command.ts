// `cairn backup` and `cairn repair`: the two commands that keep a copy of the store. A backup is a
// consistent snapshot taken with SQLite (never a file copy of the live database); a repair sets a
// damaged database aside, untouched, and recovers what SQLite can read of it into a new one.
import path from 'node:path';
import type { Command } from 'commander';
import { backupStore } from '../../store/backup.ts';
import { repairStore, summary } from '../../store/damage-recovery.ts';
import { storeFiles } from '../../store/damaged-files.ts';
import { osKeyStore } from '../../store/encryption/key-store.ts';
import { storeKeyFor } from '../../store/encryption/store-key.ts';
import { DB_FILE } from '../../store/open-store.ts';
import { formatBytes, plural } from '../../shared/format.ts';
import { CliError } from '../cli-error.ts';
import { type CliContext, usableDataDir, withStore } from '../context.ts';

const METHODS = {
  whole: 'SQLite could read all of it, so everything was recovered',
  salvaged: 'some pages could not be read, so every row SQLite could still read was copied',
  fresh: 'SQLite could read nothing of it, so the new store is empty',
} as const;

export function registerBackup(program: Command, context: () => CliContext): void {
  program
    .command('backup')
    .description('write a consistent snapshot of the store to FILE (safe while recording)')
    .requiredOption('--out <file>', 'the backup file to create (must not exist)')
    .option('--json', 'machine-readable output')
    .action(async (opts: { out: string; json?: boolean }) => {
      const ctx = context();
      const result = await withStore(ctx, (store) => backupStore(store, opts.out));
      if (opts.json) ctx.out(JSON.stringify(result));
      else ctx.out(`Backed up ${plural(result.sessions, 'session')} (${formatBytes(result.bytes)}) to ${result.file}; it passed SQLite's integrity check.`);
    });

  program
    .command('repair')
    .description('set a damaged database aside (kept, untouched) and recover what can be read into a new one')
    .option('--json', 'machine-readable output')
    .action((opts: { json?: boolean }) => {
      const ctx = context();
      const dbPath = path.join(usableDataDir(ctx), DB_FILE);
      const key = storeKeyFor(ctx.dataDir, dbPath, { keyStore: osKeyStore(), report: ctx.err });
      const outcome = repairStore(ctx.dataDir, storeFiles(dbPath), key);
      if (opts.json) return ctx.out(JSON.stringify(outcome));
      if (outcome.kind === 'missing') throw new CliError(`There is no database at ${dbPath} to repair; check --data-dir.`);
      if (outcome.kind === 'in-use') throw new CliError(`The database at ${dbPath} is open in another process (a recording or \`cairn serve\`); stop it, then run \`cairn repair\` again.`);
      if (outcome.kind === 'healthy') return ctx.out(`The database at ${dbPath} passed SQLite's check; nothing was changed.`);
      const aside = outcome.keptAside.map((p) => path.relative(ctx.dataDir, p)).join(', ');
      ctx.out(`Cairn set the damaged database aside as ${aside} (kept as it was) and made a new ${DB_FILE}: ${METHODS[outcome.method]} (${summary(outcome)}); check it with \`cairn sessions\`.`);
    });
}
