// `cairn bundle create SESSION ... --out FILE` and `cairn bundle import FILE`: moving submitted
// sessions from a contributor's machine to a reviewer's. Import verifies the whole file first and
// stores all of it or nothing.
import type { Command } from 'commander';
import { BundleRefused } from '../../export/bundle/bundle-format.ts';
import { createBundle } from '../../export/bundle/create-bundle.ts';
import { importBundle } from '../../export/bundle/import-bundle.ts';
import { formatBytes, plural } from '../../shared/format.ts';
import { CliError } from '../cli-error.ts';
import { type CliContext, withStore } from '../context.ts';
import { resolveId } from './sessions-command.ts';

export function registerBundle(program: Command, context: () => CliContext): void {
  const bundle = program.command('bundle').description('move submitted sessions to a reviewer\'s machine as one verified file');

  bundle
    .command('create')
    .description('pack submitted sessions (with consent receipts, redactions, findings and audit trail) into one file')
    .argument('<session...>', 'ids of submitted sessions (unique prefixes will do)')
    .requiredOption('--out <file>', 'the bundle file to write (must not exist yet)')
    .option('--json', 'machine-readable output')
    .action(async (sessions: string[], opts: { out: string; json?: boolean }) => {
      const ctx = context();
      const summary = await refusalsAsErrors(() =>
        withStore(ctx, (store) => createBundle(store, sessions.map((s) => resolveId(store, s)), opts.out, { actor: 'contributor' })),
      );
      if (opts.json) return ctx.out(JSON.stringify(summary, null, 2));
      ctx.out(`Bundled ${plural(summary.sessions.length, 'session')}, ${plural(summary.events, 'event')} and ${plural(summary.frames, 'frame')} into ${summary.file} (${formatBytes(summary.bytes)}).`);
      ctx.out(`sha256 of the file: ${summary.fileSha256}`);
    });

  bundle
    .command('import')
    .description('verify a bundle (checksums, format, frame images, consent receipts) and store its sessions for review, their findings open')
    .argument('<file>', 'a bundle made by `cairn bundle create`')
    .option('--json', 'machine-readable output')
    .action(async (file: string, opts: { json?: boolean }) => {
      const ctx = context();
      const summary = await refusalsAsErrors(() => withStore(ctx, (store) => importBundle(store, file, { actor: 'reviewer' })));
      if (opts.json) return ctx.out(JSON.stringify(summary, null, 2));
      ctx.out(`Imported ${plural(summary.sessions.length, 'session')} for review, ${plural(summary.events, 'event')} and ${plural(summary.frames, 'frame')}, from ${summary.file}:`);
      for (const id of summary.sessions) ctx.out(`  ${id}`);
      // A bundle's waivers are another machine's word: say so where the reviewer starts.
      if (summary.findings) ctx.out(`Its ${summary.findings} finding(s) were imported open unless their content is gone: the bundle's waivers do not count here (\`cairn show\` lists what it claimed).`);
    });
}

async function refusalsAsErrors<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof BundleRefused) throw new CliError(error.message, 1);
    throw error;
  }
}
