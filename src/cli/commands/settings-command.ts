// `cairn settings`: shows or changes retention, the storage budget and the minimum free disk, the
// same settings the app's My data screen changes.
import type { Command } from 'commander';
import { readOrgPolicy } from '../../store/org-policy-repo.ts';
import { getSettings, type Settings, setSettings } from '../../store/settings-repo.ts';
import { formatBytes, plural } from '../../shared/format.ts';
import { CliError } from '../cli-error.ts';
import { type CliContext, withStore } from '../context.ts';

interface SettingsOptions {
  json?: boolean;
  retentionDays?: string;
  storageBudget?: string;
  minFreeDisk?: string;
}

const UNITS: Record<string, number> = { '': 1, b: 1, k: 1024, kb: 1024, m: 1024 ** 2, mb: 1024 ** 2, g: 1024 ** 3, gb: 1024 ** 3, t: 1024 ** 4, tb: 1024 ** 4 };

export function registerSettings(program: Command, context: () => CliContext): void {
  program
    .command('settings')
    .description('show or change retention, the storage budget and the minimum free disk')
    .option('--json', 'machine-readable output')
    .option('--retention-days <days>', 'delete sessions not submitted after this many days (off: keep them)')
    .option('--storage-budget <size>', 'stop recording when the store reaches this size (e.g. 5G, 500M; at least 1M)')
    .option('--min-free-disk <size>', 'stop recording when the disk has less free space than this (e.g. 1G; 0: never)')
    .action(async (opts: SettingsOptions) => {
      const ctx = context();
      const changes: Partial<Settings> = {};
      if (opts.retentionDays !== undefined) changes.retentionDays = parseDays(opts.retentionDays);
      if (opts.storageBudget !== undefined) changes.storageBudgetBytes = parseSize(opts.storageBudget, '--storage-budget', 1024 ** 2);
      if (opts.minFreeDisk !== undefined) changes.minFreeDiskBytes = parseSize(opts.minFreeDisk, '--min-free-disk', 0);
      const [settings, org] = await withStore(ctx, (store) => [
        Object.keys(changes).length ? setSettings(store, changes, { actor: 'contributor' }) : getSettings(store),
        readOrgPolicy(store)?.policy,
      ] as const);
      if (opts.json) {
        ctx.out(JSON.stringify(settings, null, 2));
        return;
      }
      ctx.out(`retention        ${settings.retentionDays === null ? 'off (sessions are kept until deleted)' : `${plural(settings.retentionDays, 'day')} for sessions not submitted`}`);
      // The organisation's policy (works-council mode) may cut retention shorter; the shorter holds.
      if (org) ctx.out(`                 at most ${plural(org.retentionDays, 'day')} under the policy of ${org.organisation} (the shorter holds)`);
      ctx.out(`storage budget   ${formatBytes(settings.storageBudgetBytes)}`);
      ctx.out(`min free disk    ${formatBytes(settings.minFreeDiskBytes)}`);
    });
}

function parseDays(value: string): number | null {
  if (value.trim().toLowerCase() === 'off') return null;
  const days = Number(value);
  if (!Number.isInteger(days) || days < 1 || days > 3650) throw new CliError(`--retention-days must be a whole number of days from 1 to 3650, or off, not "${value}".`, 2);
  return days;
}

function parseSize(value: string, flag: string, min: number): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(value);
  const unit = match ? UNITS[match[2]!.toLowerCase()] : undefined;
  const bytes = match && unit !== undefined ? Math.round(Number(match[1]) * unit) : NaN;
  if (!Number.isFinite(bytes) || bytes < min || bytes > 1024 ** 4) {
    throw new CliError(`${flag} must be a size from ${formatBytes(min)} to 1 TB such as 500M or 5G, not "${value}".`, 2);
  }
  return bytes;
}
