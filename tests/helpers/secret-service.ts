// A real Secret Service for tests: a private D-Bus session bus (dbus-daemon) with GNOME Keyring's
// secrets component on it, its login keyring unlocked with a throwaway password, all under a fresh
// HOME so the test never touches a real keyring. Debian packages dbus-daemon and gnome-keyring.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSessionBus, stopChild, untilNameOwned } from './session-bus.ts';
import { sleep } from './typing.ts';

export interface SecretService {
  /** DBUS_SESSION_BUS_ADDRESS, HOME and XDG folders to run `cairn` with. */
  env: NodeJS.ProcessEnv;
  /** Stops the keyring daemon only (the bus stays): the secret store is then absent. */
  stopKeyring(): Promise<void>;
  /** Starts it again on the same keyring files, as after a reboot and a login. */
  startKeyring(): Promise<void>;
  stop(): Promise<void>;
}

export function secretServiceMissingReason(): string | null {
  for (const bin of ['/usr/bin/dbus-daemon', '/usr/bin/gnome-keyring-daemon', '/usr/bin/dbus-send']) {
    if (!existsSync(bin)) return `${bin} is not installed (Debian packages dbus-daemon, dbus-bin and gnome-keyring; scripts/setup.sh installs them)`;
  }
  return null;
}

export async function startSecretService(): Promise<SecretService> {
  const home = mkdtempSync(join(tmpdir(), 'cairn-keyring-'));
  const base: NodeJS.ProcessEnv = { ...process.env, HOME: home, XDG_RUNTIME_DIR: home, XDG_DATA_HOME: join(home, 'data'), XDG_CONFIG_HOME: join(home, 'config') };
  // A bus of its own config: the session default would start a (locked) gnome-keyring by D-Bus
  // activation as soon as anything asks for the secret store, so "gone" would never be gone.
  const bus = await startSessionBus(home, base);
  const env = bus.env;
  let keyring: ChildProcess | undefined;
  const startKeyring = async () => {
    keyring = spawn('gnome-keyring-daemon', ['--foreground', '--unlock', '--components=secrets'], { env, stdio: ['pipe', 'ignore', 'ignore'] });
    keyring.stdin!.end('cairn-test-keyring-password');
    await untilNameOwned(env, 'org.freedesktop.secrets', true);
    // The daemon takes its bus name before it has read the password and unlocked the keyring.
    await untilLoginUnlocked(env);
  };
  await startKeyring();
  const kill = stopChild;
  return {
    env,
    stopKeyring: async () => {
      await kill(keyring);
      await untilNameOwned(env, 'org.freedesktop.secrets', false);
    },
    startKeyring,
    stop: async () => {
      await kill(keyring);
      await bus.stop();
      rmSync(home, { recursive: true, force: true });
    },
  };
}

async function untilLoginUnlocked(env: NodeJS.ProcessEnv): Promise<void> {
  const args = ['--session', '--print-reply', '--dest=org.freedesktop.secrets', '/org/freedesktop/secrets/collection/login', 'org.freedesktop.DBus.Properties.Get', 'string:org.freedesktop.Secret.Collection', 'string:Locked'];
  for (let i = 0; i < 100; i++) {
    try {
      if (execFileSync('dbus-send', args, { env, encoding: 'utf8' }).includes('boolean false')) return;
    } catch {
      // No login collection yet.
    }
    await sleep(50);
  }
  throw new Error('the test keyring was not unlocked within 5 s');
}
