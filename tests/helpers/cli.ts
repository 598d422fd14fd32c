// Runs the real `cairn` CLI as a child process, as a user or script would.
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const CAIRN_BIN = fileURLToPath(new URL('../../bin/cairn.js', import.meta.url));
/** The CLI with test probes (cairn-with-probes.ts); a process-finder needle names it. */
export const PROBED_CAIRN = fileURLToPath(new URL('./cairn-with-probes.ts', import.meta.url));
export const REPO = fileURLToPath(new URL('../..', import.meta.url));

/** What only tests and benchmarks inject into a recording (the real `cairn` has no such options). */
export interface RecordingProbeOptions {
  /** Every focus report reaches the recorder this late. */
  watcherDelayMs?: number;
  /** The focus watcher goes silent this long after it starts. */
  watcherSilentAfterMs?: number;
  /** Where the final counters (with key-to-disk latencies) are written as JSON. */
  statsFile?: string;
  /** 'screen': frames from whole-screen grabs (ImageMagick), not from the window's own pixels. */
  captureMethod?: 'window' | 'screen';
  /** Where the wall-clock times (ms) the recorder asked the watcher for a round trip are written as JSON. */
  syncTimesFile?: string;
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** The working folder (default: the test's). */
  cwd?: string;
  /** A umask to run under, in octal ("000"), set by a shell before it execs Cairn. */
  umask?: string;
  /** A run that hangs is killed (SIGKILL) after this long, and reads code null. */
  timeoutMs?: number;
}

export function runCairn(args: string[], env: NodeJS.ProcessEnv, input?: string, options: RunOptions = {}): Promise<CliResult> {
  return runNode([CAIRN_BIN, ...args], env, input, options);
}

/** Runs this Node with `args` (a script and its arguments, or flags first) until it exits. */
export function runNode(args: string[], env: NodeJS.ProcessEnv, input?: string, options: RunOptions = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const [command, argv] = options.umask === undefined
      ? [process.execPath, args]
      : ['sh', ['-c', `umask ${options.umask}; exec "$0" "$@"`, process.execPath, ...args]];
    const child = spawn(command, argv, { env, cwd: options.cwd, stdio: ['pipe', 'pipe', 'pipe'], timeout: options.timeoutMs, killSignal: 'SIGKILL' });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}

export interface RunningRecorder {
  child: ChildProcess;
  sessionId: string;
  output(): CliResult;
  /** Sends a signal and waits for the recorder to exit. */
  stop(signal?: NodeJS.Signals): Promise<CliResult>;
  exited: Promise<CliResult>;
}

/** Starts `cairn record` and waits until it says it is recording; with probes, through PROBED_CAIRN. */
export function startRecording(args: string[], env: NodeJS.ProcessEnv, probes?: RecordingProbeOptions): Promise<RunningRecorder> {
  return new Promise((resolve, reject) => {
    const command = probes ? ['--import', 'tsx', PROBED_CAIRN, JSON.stringify(probes)] : [CAIRN_BIN];
    const child = spawn(process.execPath, [...command, 'record', ...args], { cwd: probes ? REPO : undefined, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const output = () => ({ code: child.exitCode, stdout, stderr });
    // A recorder ended by a signal says which in its stderr, so a failed `code` assertion shows it.
    const exited = new Promise<CliResult>((done) =>
      child.on('close', (code, signal) => done({ code, stdout, stderr: signal ? `${stderr}\n(the recorder was ended by ${signal})` : stderr })),
    );
    const timer = setTimeout(() => reject(new Error(`recorder did not start within 20 s:\n${stderr}`)), 20_000);
    child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr!.on('data', (d: Buffer) => {
      stderr += d.toString();
      const match = /Recording session ([0-9a-f-]{36})/.exec(stderr);
      if (match) {
        clearTimeout(timer);
        resolve({
          child,
          sessionId: match[1]!,
          output,
          exited,
          stop: (signal = 'SIGINT') => {
            child.kill(signal);
            return exited;
          },
        });
      }
    });
    void exited.then((r) => {
      clearTimeout(timer);
      reject(new Error(`recorder exited before it started (code ${r.code}):\n${r.stderr}`));
    });
  });
}

/** Records what `act` does (`cairn record` with `args`, stopped by Ctrl+C a second after) and
 *  returns the session as `cairn show --json` tells it. */
export async function recordWhile<T>(env: NodeJS.ProcessEnv, act: () => Promise<void>, args: string[] = []): Promise<T> {
  const rec = await startRecording(args, env);
  await new Promise((resolve) => setTimeout(resolve, 500));
  await act();
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const stopped = await rec.stop('SIGINT');
  if (stopped.code !== 0) throw new Error(`cairn record exited with ${stopped.code}: ${stopped.stderr}`);
  return JSON.parse((await runCairn(['show', rec.sessionId, '--json'], env)).stdout) as T;
}
