// The real `cairn serve` as a child process, for browser tests: started with the environment given
// (CAIRN_DATA_DIR, DISPLAY), answered once it prints the URL with its token, stopped with SIGTERM.
import { type ChildProcess, spawn } from 'node:child_process';
import type { Page } from 'playwright-core';
import { launchChromium, openWatchedPage } from './browser.ts';
import { CAIRN_BIN } from './cli.ts';

export interface CairnServe {
  url: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

export async function startCairnServe(env: NodeJS.ProcessEnv): Promise<CairnServe> {
  const host = spawn(process.execPath, [CAIRN_BIN, 'serve'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`cairn serve did not start:\n${out}`)), 20_000);
    const read = (d: Buffer) => {
      out += d.toString();
      const m = /Cairn is running at (\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    host.stdout!.on('data', read);
    host.stderr!.on('data', read);
  });
  return {
    url,
    process: host,
    stop: async () => {
      if (host.exitCode !== null) return;
      host.kill('SIGTERM');
      await new Promise((resolve) => host.once('exit', resolve));
    },
  };
}

/** The UI of a real `cairn serve` on `dataDir` in Chromium, its page's errors collected; close()
 *  closes the browser and stops the host. */
export interface ServedPage {
  page: Page;
  errors: string[];
  close(): Promise<void>;
}

export async function openServedPage(dataDir: string, viewport: { width: number; height: number }): Promise<ServedPage> {
  const host = await startCairnServe({ ...process.env, DISPLAY: '', CAIRN_DATA_DIR: dataDir });
  const browser = await launchChromium();
  const { page, errors } = await openWatchedPage(browser, host.url, viewport);
  return { page, errors, close: async () => (await browser.close(), await host.stop()) };
}
