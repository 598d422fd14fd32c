// The `cairn` command: parses arguments, runs one command, and turns every expected failure into
// one sentence on stderr with a non-zero exit code.
import { Command, CommanderError } from 'commander';
import { join, resolve } from 'node:path';
import { DB_FILE } from '../store/open-store.ts';
import { toStoreError } from '../store/store-error.ts';
import { toApiError } from '../core/domain-error.ts';
import { EXIT_CODE, exitCodeOf } from '../shared/api-error-codec.ts';
import { CliError } from './cli-error.ts';
import { guardProcess, writeIfOpen } from './process-guards.ts';
import { speakUsageAsCairn } from './usage-errors.ts';
import { inertText } from '../shared/inert-text.ts';
import { type CliContext, contextFrom } from './context.ts';
import type { RecordingProbes } from '../services/recording-service.ts';
import { commandWord } from '../core/command-word.ts';

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
  for (const register of await Promise.all(commandModulesFor(argv).map((m) => m.load()))) {
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

/** A module of commands: the top-level words it registers, and how to load it. */
interface CommandModule {
  names: readonly string[];
  load: () => Promise<Registrar>;
}

/** The commands in the order help lists them. Each module is loaded when needed: a command loads
 *  its own module alone (`cairn record` runs for hours, and the other commands' modules, export
 *  writers, parquet, review, would hold ~15 MB of its memory for nothing; any command starts
 *  ~0.1 s sooner), help and unknown words all of them. `names` must be what the module registers
 *  (tests/unit/cli-command-names.test.ts checks it). */
export const COMMANDS: readonly CommandModule[] = [
  { names: ['consent'], load: () => import('./commands/consent-command.ts').then((m) => m.registerConsent) },
  { names: ['apps'], load: () => import('./commands/apps-command.ts').then((m) => m.registerApps) },
  { names: ['record'], load: () => import('./commands/record-command.ts').then((m) => (p, c, o) => m.registerRecord(p, c, o.recording)) },
  { names: ['sessions', 'show', 'delete', 'forget'], load: () => import('./commands/sessions-command.ts').then((m) => m.registerSessions) },
  { names: ['redact', 'waive', 'task', 'submit', 'approve', 'reject'], load: () => import('./commands/review-command.ts').then((m) => m.registerReview) },
  { names: ['export'], load: () => import('./commands/export-command.ts').then((m) => m.registerExport) },
  { names: ['bundle'], load: () => import('./commands/bundle-command.ts').then((m) => m.registerBundle) },
  { names: ['settings'], load: () => import('./commands/settings-command.ts').then((m) => m.registerSettings) },
  { names: ['serve'], load: () => import('./commands/serve-command.ts').then((m) => m.registerServe) },
  { names: ['server'], load: () => import('./commands/server-command.ts').then((m) => m.registerServer) },
  { names: ['remote'], load: () => import('./commands/remote-command.ts').then((m) => m.registerRemote) },
  { names: ['backup', 'repair'], load: () => import('./commands/backup-command.ts').then((m) => m.registerBackup) },
  { names: ['encryption'], load: () => import('./commands/encryption-command.ts').then((m) => m.registerEncryption) },
  { names: ['browser'], load: () => import('./commands/browser-command.ts').then((m) => m.registerBrowser) },
  { names: ['org'], load: () => import('./commands/org-command.ts').then((m) => m.registerOrg) },
];

/** The modules `argv` needs: the one registering its command word, or all of them when there is
 *  none (help, `--version`) or no module has it (commander's own `help`, a typo, which commander
 *  then answers with every command known). */
export function commandModulesFor(argv: readonly string[]): readonly CommandModule[] {
  const word = commandWord(argv);
  const own = word === undefined ? undefined : COMMANDS.find((m) => m.names.includes(word));
  return own ? [own] : COMMANDS;
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
