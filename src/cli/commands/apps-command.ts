// `cairn apps list | allow | deny`: per-app policies. An app can be allowed or denied before it has
// ever run, by its identity as `apps list` shows it.
import type { Command } from 'commander';
import { AppPolicy } from '../../core/app-policy.ts';
import { loadDefaultPolicy } from '../../consent/default-policy.ts';
import { listApps, setAppPolicy } from '../../services/app-policies.ts';
import { CliError } from '../cli-error.ts';
import { type CliContext, withStore } from '../context.ts';
import { listRunningWindows } from '../../capture/running-windows.ts';
import { formatTable } from '../format-table.ts';
import { ALLOWED_DEFAULTS } from '../../shared/policy-modes.ts';

interface AllowOptions {
  keys: string;
  screens: string;
  titles: string;
  site: string[];
  confirmSensitive: number;
}

export function registerApps(program: Command, context: () => CliContext): void {
  const apps = program.command('apps').description('list apps and choose which may be recorded, and how');

  apps
    .command('list')
    .description('apps seen (running windows) and each one\'s policy')
    .option('--json', 'machine-readable output')
    .action(async (opts: { json?: boolean }) => {
      const ctx = context();
      const defaults = loadDefaultPolicy();
      const running = await listRunningWindows();
      const rows = await withStore(ctx, (store) => listApps(store, running.windows, defaults));
      if (opts.json) {
        ctx.out(JSON.stringify({ apps: rows, display: running.note ?? null }, null, 2));
        return;
      }
      if (running.note) ctx.err(running.note);
      if (rows.length === 0) {
        ctx.out('No apps seen yet and none configured. Allow one by its identity (WM_CLASS class on X11): cairn apps allow APP');
        return;
      }
      const header = ['APP', 'POLICY', 'KEYS', 'SCREENS', 'TITLES', 'SITES', 'WINDOWS', 'NOTE'];
      const table = rows.map((r) => [
        r.app,
        ORG_SAID[r.org](r.allowed),
        r.allowed ? r.keys : '-',
        r.allowed ? r.screens : '-',
        r.allowed ? r.titles : '-',
        r.allowed && r.browser ? (r.sites?.join(' ') ?? 'every site') : '-',
        String(r.running),
        r.sensitive ? `sensitive: ${r.sensitive}` : '',
      ]);
      for (const line of formatTable([header, ...table])) ctx.out(line);
    });

  apps
    .command('allow')
    .description('allow an app to be recorded, with what may be captured from it')
    .argument('<app>', 'the app identity, as `cairn apps list` shows it')
    .option('--keys <mode>', 'full (which keys) | timing (only when) | off', ALLOWED_DEFAULTS.keys)
    .option('--screens <mode>', 'on | off: screenshots of its window', ALLOWED_DEFAULTS.screens)
    .option('--titles <mode>', 'keep | off: its window titles', ALLOWED_DEFAULTS.titles)
    .option('--site <origin>', 'a browser only on this site: host[:port] or scheme://host[:port]; repeat for more', (v: string, all: string[]) => [...all, v], [])
    .option('--confirm-sensitive', 'confirm a sensitive app; give it twice', (_v: string, n: number) => n + 1, 0)
    .action(async (app: string, opts: AllowOptions) => {
      const ctx = context();
      // Flags are text: each is checked here so that its sentence can name it.
      if (!app.trim()) throw emptyApp();
      const parsed = AppPolicy.safeParse({ app, allowed: true, keys: opts.keys, screens: opts.screens, titles: opts.titles });
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const field = String(issue?.path[0] ?? 'app');
        // APP is an argument, not an option: there is no --app to speak of.
        if (field === 'app') throw new CliError(`The app name is too long for an app identity: ${describeIssue(field)}.`, 2);
        throw new CliError(`Invalid --${field} value: ${describeIssue(field)}.`, 2);
      }
      const defaults = loadDefaultPolicy();
      const stored = await withStore(ctx, (store) =>
        setAppPolicy(store, { ...parsed.data, allowed: true, confirmSensitive: opts.confirmSensitive, sites: opts.site }, { defaults, howToConfirm: CONFIRM_TWICE }),
      );
      const org = stored.org === 'limited' ? " (your organisation's policy allows no more)" : '';
      ctx.out(`Allowed ${stored.app}: keys ${stored.keys}, screens ${stored.screens}, titles ${stored.titles}${sitesSaid(stored.sites, defaults.isBrowser(app))}${org}.`);
    });

  apps
    .command('deny')
    .description('deny an app: nothing of it is recorded')
    .argument('<app>', 'the app identity, as `cairn apps list` shows it')
    .action(async (app: string) => {
      const ctx = context();
      if (!app.trim()) throw emptyApp();
      const denied = await withStore(ctx, (store) =>
        setAppPolicy(store, { app, allowed: false }, { defaults: loadDefaultPolicy() }),
      );
      ctx.out(`Denied ${denied.app}: nothing of it will be recorded.`);
    });
}

/** The POLICY column: what may be recorded, and whether the organisation's policy made it so. */
const ORG_SAID = {
  none: (allowed: boolean) => (allowed ? 'allowed' : 'denied'),
  denied: () => 'denied (org)',
  limited: () => 'allowed (org limits)',
} as const;

const CONFIRM_TWICE = 'repeat the command with --confirm-sensitive --confirm-sensitive';

const emptyApp = () => new CliError('The app name is empty: give its identity as `cairn apps list` shows it.', 2);

/** What a browser's policy covers, said plainly: every site, unless named ones. */
function sitesSaid(sites: readonly string[] | null | undefined, browser: boolean): string {
  if (sites) return `; only on ${sites.join(', ')} (every other site, private windows and Cairn's own page are not recorded), while Cairn's browser extension reports (cairn browser install)`;
  return browser ? "; every site is recorded (private windows are not), while Cairn's browser extension reports (cairn browser install); allow named sites only with --site ORIGIN" : '';
}

function describeIssue(field: string): string {
  switch (field) {
    case 'keys':
      return 'use full, timing or off';
    case 'screens':
      return 'use on or off';
    case 'titles':
      return 'use keep or off';
    default:
      return 'give the app identity as `cairn apps list` shows it';
  }
}
