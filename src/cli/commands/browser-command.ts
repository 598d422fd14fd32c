// `cairn browser extension-path | install`: the two steps that let Cairn tell which site a browser
// window shows. The extension (built into dist/extension) reports each window's active origin; the
// native-messaging host that `install` registers passes its reports to a running recording.
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { extensionFolder, nativeHostEntry } from '../../capture/browser/built-files.ts';
import { CHROMIUM_EXTENSION_ID, GECKO_ID } from '../../capture/browser/extension-identity.ts';
import { BROWSERS, type BrowserKind, hostManifestDir, installHost } from '../../capture/browser/host-install.ts';
import { CliError } from '../cli-error.ts';
import type { CliContext } from '../context.ts';

export function registerBrowser(program: Command, context: () => CliContext): void {
  const browser = program.command('browser').description("Cairn's browser extension: which site each browser window shows");

  browser
    .command('extension-path')
    .description('the absolute path of the unpacked extension folder (load it with --load-extension or "Load unpacked")')
    .option('--browser <name>', `${BROWSERS.join('|')}: Firefox has a folder of its own`, 'chromium')
    .action((opts: { browser: string }) => {
      context().out(builtOrFail(extensionFolder(browserKind(opts.browser)), 'extension'));
    });

  browser
    .command('install')
    .description("registers Cairn's native-messaging host with a browser, reporting to this data folder")
    .option('--browser <name>', BROWSERS.join('|'), 'chromium')
    .option('--user-data-dir <dir>', "a Chromium profile folder (as given to the browser's --user-data-dir); default: the per-user folder")
    .action((opts: { browser: string; userDataDir?: string }) => {
      const ctx = context();
      const kind = browserKind(opts.browser);
      const dir = hostManifestDir(kind, opts.userDataDir);
      if (typeof dir !== 'string') throw new CliError(`Cannot install for ${kind}: ${dir.problem}.`, 2);
      const hostEntry = builtOrFail(nativeHostEntry(), 'native host');
      // process.execPath: the Node 22 that runs this CLI (bin/cairn.js hands an older one over to it).
      const installed = installHost({ dir, browser: kind, nodePath: process.execPath, hostEntry, dataDir: ctx.dataDir });
      ctx.out(`Installed Cairn's native host for ${kind}; it reports to the data folder ${ctx.dataDir}.`);
      ctx.out(`  manifest  ${installed.manifestPath}`);
      ctx.out(`  launcher  ${installed.launcherPath}`);
      const id = kind === 'firefox' ? GECKO_ID : CHROMIUM_EXTENSION_ID;
      ctx.out(`Load the extension (id ${id}) from ${extensionFolder(kind)}`);
    });
}

function browserKind(name: string): BrowserKind {
  if ((BROWSERS as readonly string[]).includes(name)) return name as BrowserKind;
  throw new CliError(`--browser must be one of ${BROWSERS.join(', ')}, not "${name}".`, 2);
}

function builtOrFail(path: string, what: string): string {
  if (!existsSync(path)) throw new CliError(`Cairn's browser ${what} is not built (${path} is missing); run npm run build in Cairn's folder.`);
  return path;
}
