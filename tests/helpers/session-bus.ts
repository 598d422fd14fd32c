// A private D-Bus session bus for a test: its own dbus-daemon with a config of its own (no service
// activation, so nothing of the machine's session, such as a keyring, starts behind the test's back),
// under a given HOME. Debian packages dbus-daemon and dbus-bin.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sleep } from './typing.ts';

const BUS_CONFIG = `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:tmpdir=/tmp</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
`;

export interface SessionBus {
  /** `base` with DBUS_SESSION_BUS_ADDRESS set to this bus. */
  env: NodeJS.ProcessEnv;
  stop(): Promise<void>;
}

/** Starts the bus with its config written into `home`. */
export async function startSessionBus(home: string, base: NodeJS.ProcessEnv): Promise<SessionBus> {
  const config = join(home, 'bus.conf');
  writeFileSync(config, BUS_CONFIG);
  const env = { ...base };
  delete env.DBUS_SESSION_BUS_ADDRESS;
  const bus = spawn('dbus-daemon', [`--config-file=${config}`, '--nofork', '--nopidfile', '--print-address=1'], { env, stdio: ['ignore', 'pipe', 'ignore'] });
  const address = await firstLine(bus);
  return { env: { ...env, DBUS_SESSION_BUS_ADDRESS: address }, stop: () => stopChild(bus) };
}

/** Ends `child` (SIGTERM) and waits for it. */
export async function stopChild(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise((done) => child.once('exit', done));
  child.kill('SIGTERM');
  await gone;
}

/** Waits until `name` is (or is no longer) owned on the bus of `env`. */
export async function untilNameOwned(env: NodeJS.ProcessEnv, name: string, owned: boolean): Promise<void> {
  for (let i = 0; i < 100; i++) {
    try {
      const reply = execFileSync('dbus-send', ['--session', '--print-reply', '--dest=org.freedesktop.DBus', '/org/freedesktop/DBus', 'org.freedesktop.DBus.NameHasOwner', `string:${name}`], { env, encoding: 'utf8' });
      if (reply.includes(`boolean ${owned}`)) return;
    } catch {
      // The bus is still starting.
    }
    await sleep(50);
  }
  throw new Error(`${name} did not ${owned ? 'appear on' : 'leave'} the test session bus within 5 s`);
}

function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    child.stdout!.on('data', (d: Buffer) => {
      text += d.toString();
      const newline = text.indexOf('\n');
      if (newline >= 0) resolve(text.slice(0, newline).trim());
    });
    child.once('exit', (code) => reject(new Error(`dbus-daemon exited (code ${code}) before printing its address`)));
  });
}
