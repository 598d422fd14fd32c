// `cairn server start | add-user | revoke-user`: the team review service on PostgreSQL. The
// database URL may come from --database-url, --database-url-file or CAIRN_DATABASE_URL, so that
// its password need not stand in `ps`.
import path from 'node:path';
import type { Command } from 'commander';
import { Role, ROLES } from '../../server/roles.ts';
import { DATABASE_URL, readSecret } from '../../server/secret-source.ts';
import { CliError } from '../cli-error.ts';
import type { CliContext } from '../context.ts';
import { registerServerGovernance } from './org-server-command.ts';
import { type DbOptions, withDatabase, withDb } from './server-database.ts';

export function registerServer(program: Command, context: () => CliContext): void {
  const server = program.command('server').description('the team review service on PostgreSQL: contributors upload, reviewers decide, researchers pull');

  withDatabase(server.command('start'))
    .description('serve the API and the UI (127.0.0.1 unless --host; put TLS in front to serve a network)')
    .option('--port <port>', 'the port to listen on (default: a random free one)')
    .option('--host <address>', 'the address to listen on', '127.0.0.1')
    .option('--blob-dir <dir>', 'where sealed frames, keys and uploads in progress are kept (default: <data dir>/server)')
    .option('--check-workers <n>', "sessions the service's detectors (OCR included) check at once (default: cores - 1, 1 to 4)")
    .action(async (opts: DbOptions & { port?: string; host: string; blobDir?: string; checkWorkers?: string }) => {
      const ctx = context();
      const port = opts.port === undefined ? 0 : Number(opts.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(`--port must be a port number from 0 to 65535, not "${opts.port}".`, 2);
      const checkWorkers = opts.checkWorkers === undefined ? undefined : Number(opts.checkWorkers);
      if (checkWorkers !== undefined && !(Number.isInteger(checkWorkers) && checkWorkers >= 1 && checkWorkers <= 32)) {
        throw new CliError(`--check-workers must be a whole number from 1 to 32, not "${opts.checkWorkers}".`, 2);
      }
      const url = readSecret(DATABASE_URL, opts.databaseUrl, opts.databaseUrlFile);
      const { startService } = await import('../../server/start-service.ts');
      const service = await startService({ databaseUrl: url, blobDir: path.resolve(opts.blobDir ?? path.join(ctx.dataDir, 'server')), port, host: opts.host, checkWorkers }).catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'EADDRINUSE') throw new CliError(`Port ${port} is in use; choose another with --port.`);
        if (error.code === 'EADDRNOTAVAIL') throw new CliError(`${opts.host} is not an address of this machine; give one it has with --host.`);
        throw error;
      });
      const { blobs, keys, uploads } = service.swept;
      if (blobs + keys + uploads) ctx.err(`Removed what an earlier stop left behind: ${blobs} blob(s), ${keys} key(s), ${uploads} finished upload(s).`);
      ctx.out(`Cairn server is running at ${service.url}`);
      ctx.err('Add people with `cairn server add-user NAME --role ROLE`; stop with Ctrl+C.');
      await new Promise<void>((resolve) => {
        process.on('SIGINT', () => resolve());
        process.on('SIGTERM', () => resolve());
      });
      await service.close();
      ctx.err('Cairn server stopped.');
    });

  withDatabase(server.command('add-user'))
    .description('add a person with one role; prints their token once (only its sha256 is kept)')
    .argument('<name>', 'a user name (letters, digits, . _ - @)')
    .requiredOption('--role <role>', ROLES.join('|'))
    .action(async (name: string, opts: DbOptions & { role: string }) => {
      const ctx = context();
      const role = Role.safeParse(opts.role);
      if (!role.success) throw new CliError(`--role must be one of ${ROLES.join(', ')}, not "${opts.role}".`, 2);
      const { addUser } = await import('../../server/accounts.ts');
      const { token } = await withDb(opts, (db) => addUser(db, name, role.data));
      ctx.out(token);
      ctx.err(`Added ${name} as ${role.data}. The line above is their token, shown this once: give it to them (\`cairn remote add URL --token-file FILE\`).`);
    });

  withDatabase(server.command('revoke-user'))
    .description("revoke a person's token at once (their sessions and the access log stay)")
    .argument('<name>', 'the user name')
    .action(async (name: string, opts: DbOptions) => {
      const ctx = context();
      const { revokeToken } = await import('../../server/accounts.ts');
      await withDb(opts, (db) => revokeToken(db, name));
      ctx.out(`The token of ${name} is revoked; add them again to give a new one.`);
    });

  registerServerGovernance(server, context);
}
