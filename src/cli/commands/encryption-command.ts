// `cairn encryption status|enable|disable`: encryption at rest of the store, with its key held by
// the OS secret store. Enabling and disabling rewrite the whole database, so they refuse while a
// recording, the app or `cairn serve` has it open.
import type { Command } from 'commander';
import { plural } from '../../shared/format.ts';
import { disableEncryption, enableEncryption, type EncryptionStatus, encryptionStatus } from '../../store/encryption/store-encryption.ts';
import { type CliContext, usableDataDir } from '../context.ts';

export function registerEncryption(program: Command, context: () => CliContext): void {
  const encryption = program.command('encryption').description('encrypt the store at rest, with its key in the OS secret store');

  encryption
    .command('status')
    .description('say whether the store is encrypted and where its key is held')
    .option('--json', 'machine-readable output')
    .action((opts: { json?: boolean }) => {
      const ctx = context();
      report(ctx, encryptionStatus(usableDataDir(ctx)), opts.json);
    });

  encryption
    .command('enable')
    .description('encrypt the store in place with a new key saved in the OS secret store')
    .option('--json', 'machine-readable output')
    .action((opts: { json?: boolean }) => {
      const ctx = context();
      report(ctx, enableEncryption(usableDataDir(ctx), { report: ctx.err }), opts.json);
    });

  encryption
    .command('disable')
    .description('decrypt the store in place and delete its key from the OS secret store')
    .option('--json', 'machine-readable output')
    .action((opts: { json?: boolean }) => {
      const ctx = context();
      report(ctx, disableEncryption(usableDataDir(ctx), { report: ctx.err }), opts.json);
    });
}

function report(ctx: CliContext, status: EncryptionStatus, json: boolean | undefined): void {
  if (json) return ctx.out(JSON.stringify(status));
  ctx.out(describe(status));
  if (status.plaintextLeftovers.length > 0) {
    ctx.out(
      `${plural(status.plaintextLeftovers.length, 'file')} that \`cairn repair\` set aside before encryption was turned on are still plaintext: ${status.plaintextLeftovers.join(', ')}; delete them once you no longer need them.`,
    );
  }
}

function describe(status: EncryptionStatus): string {
  switch (status.state) {
    case 'on':
      return `The store is encrypted (ChaCha20-Poly1305, every page and its write-ahead log); its key ${status.account} is held by ${status.keyStore}.`;
    case 'off':
      return 'The store is NOT encrypted: its files are private to your user (mode 0600) but readable by anything running as you or reading the disk; run `cairn encryption enable` to encrypt it with a key held by the OS secret store.';
    case 'enabling':
    case 'disabling':
      return `\`cairn encryption ${status.state === 'enabling' ? 'enable' : 'disable'}\` is running or was cut short; the store is ${status.encrypted ? 'encrypted' : 'NOT encrypted'} for now. Run it again to finish.`;
  }
}
