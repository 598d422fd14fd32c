// The `cairn` command: parses arguments, runs one command, and turns every expected failure into
// one sentence on stderr with a non-zero exit code.
import { Command, CommanderError } from 'commander';
import { join, resolve } from 'node:path';
import { DB_FILE } from '../store/open-store.ts';
import { toStoreError } from '../store/store-error.ts';
import { toApiError } from '../host/invoke.ts';
import { EXIT_CODE, exitCodeOf } from '../shared/api-error-codec.ts';
import { CliError } from './cli-error.ts';
import { guardProcess, writeIfOpen } from './process-guards.ts';
import { speakUsageAsCairn } from './usage-errors.ts';
import { inertText } from '../shared/inert-text.ts';
import { type CliContext, contextFrom } from './context.ts';
import { registerApps } from './commands/apps-command.ts';
import { registerBackup } from './commands/backup-command.ts';
import { registerBrowser } from './commands/browser-command.ts';
import { registerBundle } from './commands/bundle-command.ts';
import { registerConsent } from './commands/consent-command.ts';
import { registerEncryption } from './commands/encryption-command.ts';
import { registerExport } from './commands/export-command.ts';
import { registerOrg } from './commands/org-command.ts';
import { registerRecord } from './commands/record-command.ts';
import { registerReview } from './commands/review-command.ts';
import { registerServe } from './commands/serve-command.ts';
import { registerServer } from './commands/server-command.ts';
import { registerRemote } from './commands/remote-command.ts';
import { registerSessions } from './commands/sessions-command.ts';
import { registerSettings } from './commands/settings-command.ts';
import type { RecordingProbes } from '../services/recording-service.ts';

/** What a test or benchmark may inject (tests/helpers/cairn-with-probes.ts); `cairn` itself passes none. */
export interface CliOverrides {
  recording?: RecordingProbes;
}

export async function main(argv: string[], overrides: CliOverrides = {}): Promise<number> {
  guardProcess();
  const program = new Command('cairn')
    .description('Cairn: record task demos with consent, review them, and hand on only what you approve.')
    .option('--data-dir <dir>', 'where Cairn keeps its data (default: $CAIRN_DATA_DIR or the OS app-data folder)')
    .exitOverride()
    .showHelpAfterError(false)
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  const context = (): CliContext => contextFrom(program.opts<{ dataDir?: string }>());
  registerConsent(program, context);
  registerApps(program, context);
  registerRecord(program, context, overrides.recording);
  registerSessions(program, context);
  registerReview(program, context);
  registerExport(program, context);
  registerBundle(program, context);
  registerSettings(program, context);
  registerServe(program, context);
  registerServer(program, context);
  registerRemote(program, context);
  registerBackup(program, context);
  registerEncryption(program, context);
  registerBrowser(program, context);
  registerOrg(program, context);
  speakUsageAsCairn(program);

  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    // A damaged page met mid-command (outside Store.guard) reads as the store's own sentence too.
    return report(toStoreError(error, join(resolve(context().dataDir), DB_FILE)));
  }
}

function report(error: unknown): number {
  if (error instanceof CommanderError) {
    // Commander already printed its message (or the help / version, which exit 0).
    return error.exitCode === 0 ? EXIT_CODE.ok : EXIT_CODE.usage;
  }
  if (error instanceof CliError) return fail(error.message, error.exitCode);
  // Refusals of the layers below (open findings, a locked store, no display) carry their code.
  const { code, message } = toApiError(error);
  return fail(message, exitCodeOf(code));
}

function fail(message: string, code: number): number {
  writeIfOpen(process.stderr, `cairn: ${inertText(message)}\n`);
  return code;
}
