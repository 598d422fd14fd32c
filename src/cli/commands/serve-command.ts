// `cairn serve [--port N]`: the browser host. Prints the URL to open (with this run's token) and
// serves until Ctrl+C or SIGTERM, which stop any recording (keeping it) before the server closes.
import type { Command } from 'commander';
import { CliError } from '../cli-error.ts';
import type { CliContext } from '../context.ts';

export function registerServe(program: Command, context: () => CliContext): void {
  program
    .command('serve')
    .description('serve the app to a browser on this machine (127.0.0.1 only); prints its URL with a one-run token')
    .option('--port <port>', 'the port to listen on (default: a random free one)')
    .action(async (opts: { port?: string }) => {
      const ctx = context();
      const port = opts.port === undefined ? 0 : Number(opts.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(`--port must be a port number from 0 to 65535, not "${opts.port}".`, 2);
      // Loaded here, not at the top: the whole service (export, review, bundles) is ~20 MB that every
      // other command, the recorder included, would otherwise carry.
      const { startHttpHost } = await import('../../host/http-host.ts');
      const host = await startHttpHost({ dataDir: ctx.dataDir, port }).catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'EADDRINUSE') throw new CliError(`Port ${port} is in use; choose another with --port, or leave it out for a free one.`);
        if (error.code === 'EACCES') throw new CliError(`Port ${port} may not be used by this user; choose one above 1023, or leave --port out.`);
        throw error;
      });
      ctx.out(`Cairn is running at ${host.url}`);
      ctx.err('Open that URL in a browser on this machine; the token in it is valid for this run only. Stop with Ctrl+C.');
      // Kept listening while closing: a terminal's Ctrl+C reaches every process of the group, so a
      // second signal may follow the first at once, and must not kill the process mid-close.
      await new Promise<void>((resolve) => {
        process.on('SIGINT', () => resolve());
        process.on('SIGTERM', () => resolve());
      });
      const closed = await Promise.race([host.close().then(() => true), delay(CLOSE_WITHIN_MS, false)]);
      ctx.err(closed ? 'Cairn stopped.' : `Cairn stopped; closing took longer than ${CLOSE_WITHIN_MS / 1000} s and was cut short.`);
      // Whatever still runs (an OCR worker, a request mid-way) must not keep the process: a stop
      // is due within 2 s of the signal.
      setTimeout(() => process.exit(), EXIT_FUSE_MS).unref();
    });
}

/** How long the host may take to stop a recording, cancel an export and close the store. */
const CLOSE_WITHIN_MS = 1000;
const EXIT_FUSE_MS = 300;

const delay = <T>(ms: number, value: T) => new Promise<T>((resolve) => setTimeout(() => resolve(value), ms).unref());
