// Real X displays for tests: each test file starts its own Xvfb (with openbox, so focus, titles and
// _NET_* properties behave as on a desktop) and opens xterms of chosen classes on it.
//
//   const x = await startXvfb({ width: 1280, height: 800 });
//   const term = await openXterm(x.env, { cls: 'Alpha', bg: '#ff0000', geometry: '80x24+0+0' });
//   ... run code with x.display / x.env ...
//   term.kill(); await x.stop();
import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The tools the Xvfb tests need; the reason they are skipped when one is missing. */
export function xvfbMissingReason(): string | null {
  for (const tool of ['Xvfb', 'openbox', 'xterm', 'xdotool', 'xprop', 'xdpyinfo']) {
    if (spawnSync('which', [tool]).status !== 0) return `${tool} is not installed`;
  }
  return null;
}

export interface XvfbDisplay {
  /** e.g. ":137" */
  display: string;
  /** process.env with DISPLAY set to this display (and WAYLAND_DISPLAY removed). */
  env: NodeJS.ProcessEnv;
  /** Xvfb's process id: for tests that freeze or kill the server under a client. */
  pid: number;
  /**
   * Stops openbox and Xvfb. With `untilExit`, Xvfb is left running until this process exits and
   * killed then by a small watchdog: for tests that load libuiohook, which holds an X connection for
   * the life of the process and calls exit() (Xlib's default) when that server goes away.
   */
  stop(options?: { untilExit?: boolean }): Promise<void>;
}

export async function startXvfb(options: { width: number; height: number; /** More Xvfb arguments, e.g. ['-extension', 'Composite']. */ args?: string[] }): Promise<XvfbDisplay> {
  // -displayfd: Xvfb picks a free display number itself and writes it once it accepts connections,
  // so parallel test files (or parallel test runs) never race for the same number. -noreset: without
  // it the server resets whenever its last client leaves (xdpyinfo below), and a client connecting
  // during that reset (openbox) is refused.
  const xvfb = spawn(
    'Xvfb',
    ['-displayfd', '3', '-noreset', '-screen', '0', `${options.width}x${options.height}x24`, '-nolisten', 'tcp', ...(options.args ?? [])],
    { stdio: ['ignore', 'ignore', 'pipe', 'pipe'] },
  );
  let xvfbErr = '';
  xvfb.stderr?.on('data', (d: Buffer) => void (xvfbErr = (xvfbErr + d.toString()).slice(-2000)));
  const children: ChildProcess[] = [xvfb];
  let display = '';
  let env: NodeJS.ProcessEnv = {};
  const stop = async (options: { untilExit?: boolean } = {}): Promise<void> => {
    for (const child of children.slice(1).reverse()) await killAndWait(child);
    if (options.untilExit && xvfb.pid !== undefined) {
      const watchdog = spawn(
        'sh',
        ['-c', `while kill -0 ${process.pid} 2>/dev/null; do sleep 0.2; done; kill ${xvfb.pid}`],
        { detached: true, stdio: 'ignore' },
      );
      watchdog.unref();
      xvfb.unref();
      return;
    }
    await killAndWait(xvfb);
  };
  try {
    display = `:${await readDisplayNumber(xvfb, () => xvfbErr)}`;
    env = { ...process.env, DISPLAY: display };
    delete env.WAYLAND_DISPLAY;
    await waitFor(() => `Xvfb on ${display} (${xvfbErr.trim()})`, () => succeeds('xdpyinfo', [], env), xvfb);
    for (let attempt = 1; ; attempt++) {
      const wm = spawn('openbox', [], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let wmErr = '';
      wm.stdout?.on('data', (d: Buffer) => void (wmErr += d.toString()));
      wm.stderr?.on('data', (d: Buffer) => void (wmErr += d.toString()));
      children.push(wm);
      try {
        await waitFor(() => `openbox on ${display} (${wmErr.trim()}; Xvfb: ${xvfbErr.trim()})`, async () => {
          const out = await output('xprop', ['-root', '_NET_SUPPORTING_WM_CHECK'], env);
          return /window id #/.test(out);
        }, wm);
        break;
      } catch (err) {
        children.pop();
        await killAndWait(wm);
        if (attempt >= 3) throw err;
      }
    }
  } catch (err) {
    await stop();
    throw err;
  }
  return { display, env, pid: xvfb.pid ?? 0, stop };
}

export interface Xterm {
  /** Decimal XID of the xterm's client window. */
  windowId: string;
  kill(): void;
}

/** Opens an xterm with WM_CLASS class `cls` (running `command` instead of a shell, when given) and
 *  waits until it is mapped. */
export async function openXterm(
  env: NodeJS.ProcessEnv,
  options: { cls: string; bg?: string; geometry?: string; title?: string; command?: string[] },
): Promise<Xterm> {
  const args = ['-class', options.cls];
  if (options.bg) args.push('-bg', options.bg);
  if (options.geometry) args.push('-geometry', options.geometry);
  if (options.title) args.push('-T', options.title);
  // Last: xterm takes everything after -e as the command to run.
  if (options.command) args.push('-e', ...options.command);
  const child = spawn('xterm', args, { env, stdio: 'ignore' });
  const { stdout } = await run('xdotool', ['search', '--sync', '--onlyvisible', '--class', options.cls], {
    env,
    timeout: 10_000,
  });
  const windowId = stdout.trim().split('\n')[0] ?? '';
  if (!windowId) throw new Error(`xterm of class ${options.cls} did not appear`);
  return { windowId, kill: () => child.kill('SIGKILL') };
}

/** Runs xdotool with the given arguments on the display in `env`. */
export async function xdotool(env: NodeJS.ProcessEnv, ...args: string[]): Promise<string> {
  const { stdout } = await run('xdotool', args, { env, timeout: 10_000 });
  return stdout;
}

/** Runs a script of xdotool commands, one per line, in one process (`xdotool -`: each line as it
 *  comes, `sleep` included), for input paced more finely than a process per command allows. */
export function xdotoolScript(env: NodeJS.ProcessEnv, lines: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('xdotool', ['-'], { env, stdio: ['pipe', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`xdotool - exited with ${code}: ${stderr.trim()}`))));
    child.stdin!.end(lines.join('\n') + '\n');
  });
}

function readDisplayNumber(xvfb: ChildProcess, stderr: () => string): Promise<number> {
  return new Promise((resolve, reject) => {
    const fd = xvfb.stdio[3] as NodeJS.ReadableStream | null;
    let text = '';
    const timer = setTimeout(() => reject(new Error(`Xvfb did not start within 15 s: ${stderr()}`)), 15_000);
    xvfb.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Xvfb exited with code ${code}: ${stderr().trim()}`));
    });
    fd?.on('data', (d: Buffer) => {
      text += d.toString();
      if (text.includes('\n')) {
        clearTimeout(timer);
        resolve(Number(text.trim()));
      }
    });
  });
}

async function succeeds(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<boolean> {
  try {
    await run(cmd, args, { env, timeout: 5_000 });
    return true;
  } catch {
    return false;
  }
}

async function output(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  try {
    return (await run(cmd, args, { env, timeout: 5_000 })).stdout;
  } catch {
    return '';
  }
}

async function waitFor(what: () => string, ready: () => Promise<boolean>, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${what()} exited with code ${child.exitCode}`);
    if (await ready()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${what()} did not become ready within 15 s`);
}

async function killAndWait(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 2_000);
  await exited;
  clearTimeout(timer);
}
