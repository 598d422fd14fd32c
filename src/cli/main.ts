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
  for (const register of await Promise.all((onlyRecord(argv) ? [RECORD] : COMMANDS).map((load) => load()))) {
    register(program, context, overrides);
  }
  speakUsageAsCairn(program);

  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    // A damaged page met mid-command (outside Store.guard) reads as the store's own sentence too.
    return report(toStoreError(error, join(resolve(context().dataDir), DB_FILE)));
  }
}

type Registrar = (program: Command, context: () => CliContext, overrides: CliOverrides) => void;

const RECORD = (): Promise<Registrar> => import('./commands/record-command.ts').then((m) => (p, c, o) => m.registerRecord(p, c, o.recording));

/** The commands in the order help lists them. Each module is loaded when needed, and `cairn record`
 *  loads its own alone: a recording runs for hours, and the other commands' modules (export
 *  writers, parquet, review) would hold ~15 MB of its memory for nothing. */
const COMMANDS: (() => Promise<Registrar>)[] = [
  () => import('./commands/consent-command.ts').then((m) => m.registerConsent),
  () => import('./commands/apps-command.ts').then((m) => m.registerApps),
  RECORD,
  () => import('./commands/sessions-command.ts').then((m) => m.registerSessions),
  () => import('./commands/review-command.ts').then((m) => m.registerReview),
  () => import('./commands/export-command.ts').then((m) => m.registerExport),
  () => import('./commands/bundle-command.ts').then((m) => m.registerBundle),
  () => import('./commands/settings-command.ts').then((m) => m.registerSettings),
  () => import('./commands/serve-command.ts').then((m) => m.registerServe),
  () => import('./commands/server-command.ts').then((m) => m.registerServer),
  () => import('./commands/remote-command.ts').then((m) => m.registerRemote),
  () => import('./commands/backup-command.ts').then((m) => m.registerBackup),
  () => import('./commands/encryption-command.ts').then((m) => m.registerEncryption),
  () => import('./commands/browser-command.ts').then((m) => m.registerBrowser),
  () => import('./commands/org-command.ts').then((m) => m.registerOrg),
];

/** Whether `argv` runs `cairn record` (its first word past the global option), help not asked. */
function onlyRecord(argv: readonly string[]): boolean {
  if (argv.some((a) => a === '-h' || a === '--help')) return false;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--data-dir') i++;
    else if (!argv[i]!.startsWith('-')) return argv[i] === 'record';
  }
  return false;
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
