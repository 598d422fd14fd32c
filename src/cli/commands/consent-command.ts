// `cairn consent show | accept | withdraw`.
import type { Command } from 'commander';
import { plural } from '../../shared/format.ts';
import { loadConsentText } from '../../consent/consent-text.ts';
import { withdrawConsent } from '../../services/withdraw-consent.ts';
import { activeAcceptance, recordAcceptance } from '../../store/consent-repo.ts';
import { CliError } from '../cli-error.ts';
import { type CliContext, withStore } from '../context.ts';
import { askLine } from '../prompt.ts';

export function registerConsent(program: Command, context: () => CliContext): void {
  const consent = program.command('consent').description('show, accept or withdraw the recording consent');

  consent
    .command('show')
    .description('print the current consent text, its version and sha256')
    .option('--json', 'machine-readable output')
    .action(async (opts: { json?: boolean }) => {
      const ctx = context();
      const text = loadConsentText();
      const accepted = await withStore(ctx, (store) => activeAcceptance(store));
      if (opts.json) {
        ctx.out(JSON.stringify({ version: text.version, sha256: text.sha256, title: text.title, text: text.body, accepted: accepted ?? null }, null, 2));
        return;
      }
      ctx.out(text.body.trimEnd());
      ctx.out('');
      ctx.out(`Version ${text.version}, sha256 ${text.sha256}`);
      ctx.out(accepted ? `You accepted version ${accepted.version} on ${new Date(accepted.acceptedAt).toISOString()}.` : 'Not accepted yet.');
    });

  consent
    .command('accept')
    .description('accept the consent text: type "I agree", or pass the text\'s sha256 when scripted')
    .option('--sha256 <hash>', 'the sha256 printed by `cairn consent show` (for scripts)')
    .action(async (opts: { sha256?: string }) => {
      const ctx = context();
      const text = loadConsentText();
      if (opts.sha256 !== undefined) {
        if (opts.sha256.toLowerCase() !== text.sha256) {
          throw new CliError(`That sha256 does not match consent text version ${text.version} (${text.sha256}); read it with \`cairn consent show\` and pass its hash.`);
        }
      } else {
        if (!process.stdin.isTTY) {
          throw new CliError('Accepting needs you to type "I agree" at a terminal; run it interactively, or pass --sha256 with the hash shown by `cairn consent show`.');
        }
        ctx.out(text.body.trimEnd());
        const answer = await askLine(`\nType "I agree" to accept version ${text.version}: `);
        if (answer.trim().toLowerCase() !== 'i agree') throw new CliError('Consent was not given: nothing will be recorded.', 1);
      }
      const acceptance = await withStore(ctx, (store) =>
        recordAcceptance(store, { version: text.version, sha256: text.sha256, at: Date.now() }),
      );
      ctx.out(`Consent version ${acceptance.version} accepted (sha256 ${acceptance.sha256}). Next: allow an app with \`cairn apps allow APP\`.`);
    });

  consent
    .command('withdraw')
    .description('stop any recording and erase everything not exported (tombstones are kept)')
    .option('--json', 'machine-readable output')
    .action(async (opts: { json?: boolean }) => {
      const ctx = context();
      // Recordings run in other `cairn record` processes; this one has none of its own to stop.
      const result = await withdrawConsent(ctx.dataDir);
      if (opts.json) return ctx.out(JSON.stringify(result, null, 2));
      ctx.out(
        `Consent withdrawn. Erased ${plural(result.sessions, 'session')}: ${plural(result.events, 'event')}, ${plural(result.frames, 'frame')}; ` +
          `${plural(result.stoppedRecorders, 'running recording')} stopped. Tombstones of the session ids are kept.`,
      );
      if (result.copiesElsewhere.length === 0) return;
      ctx.out(`These copies were written outside the data folder, so Cairn could not erase them; delete them yourself:`);
      for (const c of result.copiesElsewhere) {
        const gone = c.present ? '' : ' (no longer at that path)';
        ctx.out(`  ${c.path}  ${c.kind} of ${c.sessions.length} session(s), written ${new Date(c.writtenAt).toISOString()}${gone}`);
      }
    });
}
