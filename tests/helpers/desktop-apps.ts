// Real desktop apps for recorder tests under Xvfb: Debian's Mousepad (a GTK editor) and Chromium,
// each with its own throwaway settings so nothing of the machine's profile is read or written.
//
//   const editor = await openMousepad(x.env);
//   const browser = await openChromium(x.env, ['file:///tmp/a.html'], 'A page - Chromium');
//   ...
//   await editor.close(); await browser.close();
import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Bounds } from '../../src/core/window-info.ts';
import { xdotool } from './xvfb.ts';

const run = promisify(execFile);

export interface DesktopApp {
  /** Decimal XID of the app's client window. */
  windowId: string;
  close(): Promise<void>;
}

/** Why a test of these apps cannot run here, or null. */
export function desktopAppMissing(app: 'mousepad' | 'chromium'): string | null {
  const path = app === 'mousepad' ? 'mousepad' : '/usr/bin/chromium';
  return spawnSync('which', [path]).status === 0 ? null : `${app} is not installed (scripts/setup.sh installs it)`;
}

export async function openMousepad(env: NodeJS.ProcessEnv): Promise<DesktopApp> {
  const home = mkdtempSync(join(tmpdir(), 'cairn-mousepad-'));
  // No session bus: Mousepad would otherwise hand the window to an instance on another display.
  const appEnv: NodeJS.ProcessEnv = { ...env, XDG_CONFIG_HOME: join(home, 'config'), XDG_DATA_HOME: join(home, 'data'), XDG_CACHE_HOME: join(home, 'cache'), GSETTINGS_BACKEND: 'memory' };
  delete appEnv.DBUS_SESSION_BUS_ADDRESS;
  const child = spawn('mousepad', [], { env: appEnv, stdio: 'ignore', detached: true });
  return { windowId: await visibleWindow(env, 'Mousepad', child), close: () => stop(child) };
}

export async function waitForTitle(env: NodeJS.ProcessEnv, windowId: string, title: string | ((seen: string) => boolean)): Promise<string> {
  const deadline = Date.now() + 20_000;
  const wanted = typeof title === 'string' ? (seen: string) => seen === title : title;
  let seen = '';
  while (Date.now() < deadline) {
    seen = (await xdotool(env, 'getwindowname', windowId).catch(() => '')).trim();
    if (wanted(seen)) return seen;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`window ${windowId} is titled "${seen}", not ${typeof title === 'string' ? `"${title}"` : 'as awaited'}, after 20 s`);
}

/** The root-relative rectangle of an override-redirect window of `cls` now on screen (a menu). */
export async function popupOf(env: NodeJS.ProcessEnv, cls: string): Promise<Bounds> {
  const { stdout } = await run('xwininfo', ['-root', '-children'], { env });
  for (const line of stdout.split('\n')) {
    const m = /\("[^"]*" "([^"]*)"\)\s+(\d+)x(\d+)\+(-?\d+)\+(-?\d+)/.exec(line);
    if (m && m[1] === cls && Number(m[2]) > 50) return { x: Number(m[4]), y: Number(m[5]), width: Number(m[2]), height: Number(m[3]) };
  }
  throw new Error(`no popup of ${cls} is on screen`);
}

async function visibleWindow(env: NodeJS.ProcessEnv, cls: string, child: ChildProcess): Promise<string> {
  // Polled, not `xdotool search --sync`: that one gives up at once on an X error (a window destroyed
  // while it looks, as an app starting up does), which failed a CI run in under a second.
  const deadline = Date.now() + 60_000;
  let why = 'none was mapped';
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      why = `the app exited (${child.exitCode ?? child.signalCode}) before showing one`;
      break;
    }
    const found = await run('xdotool', ['search', '--onlyvisible', '--class', cls], { env, timeout: 10_000 }).then(
      ({ stdout }) => stdout.trim().split('\n')[0],
      (error: { stderr?: string }) => {
        // Exit 1 with no output is "no such window yet"; anything else is worth naming if it lasts.
        if (error.stderr?.trim()) why = `xdotool said: ${error.stderr.trim().split('\n')[0]}`;
        return undefined;
      },
    );
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await stop(child);
  throw new Error(`no window of class ${cls} appeared within 60 s (${why}; a busy machine starts Chromium slowly)`);
}

/** Ends the app and every process it started (its own process group). */
async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const group = -child.pid;
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(group, name);
    } catch {
      // the group is gone already
    }
  };
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  signal('SIGTERM');
  const timer = setTimeout(() => signal('SIGKILL'), 3_000);
  await exited;
  clearTimeout(timer);
}
