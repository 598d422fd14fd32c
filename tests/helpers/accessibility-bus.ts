// The accessibility bus for a test, as a desktop session has it: a private session bus (session-bus.ts)
// with at-spi2-core's bus launcher on it, which starts the accessibility bus (its own dbus-daemon,
// with the registry started on demand) and names it on the display's root window (AT_SPI_BUS) and
// as org.a11y.Bus, with accessibility switched on (--a11y=1). GTK apps find it by the root window
// property; Chromium exposes its pages with --force-renderer-accessibility and ACCESSIBILITY_ENABLED=1.
// Everything runs under a throwaway HOME and XDG_RUNTIME_DIR.
//
//   const a11y = await startAccessibilityBus(x.env);
//   ... run cairn with a11y.env ...
//   await a11y.stop();
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSessionBus, stopChild, untilNameOwned } from './session-bus.ts';

const LAUNCHER = '/usr/libexec/at-spi-bus-launcher';

export interface AccessibilityBus {
  /** The display's env with the private session bus (DBUS_SESSION_BUS_ADDRESS) and its HOME. */
  env: NodeJS.ProcessEnv;
  stop(): Promise<void>;
}

/** Why the accessibility tests cannot run here, or null. */
export function accessibilityMissingReason(): string | null {
  for (const bin of [LAUNCHER, '/usr/bin/dbus-daemon', '/usr/bin/dbus-send']) {
    if (!existsSync(bin)) return `${bin} is not installed (Debian packages at-spi2-core, dbus-daemon and dbus-bin; scripts/setup.sh installs them)`;
  }
  return null;
}

export async function startAccessibilityBus(display: NodeJS.ProcessEnv): Promise<AccessibilityBus> {
  const home = mkdtempSync(join(tmpdir(), 'cairn-a11y-'));
  const bus = await startSessionBus(home, { ...display, HOME: home, XDG_RUNTIME_DIR: home });
  const launcher: ChildProcess = spawn(LAUNCHER, ['--launch-immediately', '--a11y=1'], { env: bus.env, stdio: 'ignore', detached: true });
  await untilNameOwned(bus.env, 'org.a11y.Bus', true);
  await untilRootProperty(display);
  return {
    env: bus.env,
    stop: async () => {
      // The launcher's accessibility bus (and the registry on it) go with its process group. (Not
      // with procps's kill: version 4.0.2 reads `kill -TERM -PGID` as `kill -TERM -<first digit>`.)
      try {
        if (launcher.pid !== undefined) process.kill(-launcher.pid, 'SIGTERM');
      } catch {
        // already gone
      }
      await stopChild(launcher);
      await bus.stop();
      rmSync(home, { recursive: true, force: true });
    },
  };
}

/** GTK apps started without the session bus find the accessibility bus through the root window. */
async function untilRootProperty(env: NodeJS.ProcessEnv): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const out = spawnSync('xprop', ['-root', 'AT_SPI_BUS'], { env, encoding: 'utf8' }).stdout;
    if (out.includes('unix:')) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the accessibility bus launcher did not name its bus on the root window within 5 s');
}
