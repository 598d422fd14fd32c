// Replays of an exported trajectory for real, on an X display, as each consumer would run it, a
// consumer's pause between actions: AgentNet's pyautogui code run by python3 (with the stand-in
// pyautogui of ./python, serving only AgentNet's calls), OSWorld's computer_13 actions run as its
// controller runs them (osworld-commands.ts, through the same stand-in, serving only the
// controller's calls), and Anthropic's computer-use inputs run as the xdotool commands its
// reference tool runs (anthropic-check.ts), by a shell. Each answers what it ran; the first action a
// consumer refuses or that fails throws.
//
//   const ran = await replayAgentnet(join(out, 'trajectories.jsonl'), x.env);
import { exec, execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { consumerFacts } from '../../../scripts/consumer-facts.ts';
import { anthropicCheck } from '../consumers/anthropic-check.ts';
import { sleep } from '../typing.ts';
import { CONTROLLER_CALLS, type Computer13Action, osworldCommands } from './osworld-commands.ts';

const PYTHON_DIR = fileURLToPath(new URL('./python', import.meta.url));
/** The time a consumer leaves between two actions (s): an agent's loop takes at least this long. */
export const PAUSE_S = 0.3;

interface StepLine<A> {
  kind: string;
  image_size: [number, number] | null;
  actions: A[];
  refused?: string;
}

const jsonLines = <T>(file: string): T[] => readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as T);

/** Runs steps of Python sources with the stand-in pyautogui serving `calls`; answers what ran. */
async function runPython(steps: string[][], calls: readonly string[], env: NodeJS.ProcessEnv): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'cairn-replay-'));
  try {
    writeFileSync(join(dir, 'steps.json'), JSON.stringify(steps));
    const { stdout } = await promisify(execFile)('python3', [join(PYTHON_DIR, 'replay.py'), String(PAUSE_S), join(dir, 'steps.json')], {
      env: { ...env, PYTHONPATH: PYTHON_DIR, REPLAY_CALLS: calls.join(','), PYTHONDONTWRITEBYTECODE: '1' },
      timeout: 60_000,
    });
    return stdout;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** AgentNet's trajectory (`cairn export --format pyautogui`): each step's code, as written. */
export function replayAgentnet(trajectories: string, env: NodeJS.ProcessEnv): Promise<string> {
  const [session] = jsonLines<{ traj: { value: { code: string } }[]; cairn?: { refused: { kind: string; reason: string }[] } }>(trajectories);
  refusedNone((session!.cairn?.refused ?? []).map((r) => ({ kind: r.kind, refused: r.reason })));
  const calls = consumerFacts().opencua.guiActionTypes;
  return runPython(session!.traj.map((s) => [s.value.code]), calls, env);
}

/** OSWorld's computer_13 actions (`cairn export --format computer13`), through its controller. */
export function replayComputer13(file: string, env: NodeJS.ProcessEnv): Promise<string> {
  const steps = jsonLines<StepLine<Computer13Action>>(file);
  refusedNone(steps);
  // OSWorld's environment sleeps between actions, not within a step's commands: each action a step.
  return runPython(steps.flatMap((s) => s.actions.map((a) => osworldCommands(a, s.image_size!))), CONTROLLER_CALLS, env);
}

/** Anthropic's computer tool inputs (`cairn export --format computer-use`, anthropic.jsonl). */
export async function replayAnthropic(file: string, env: NodeJS.ProcessEnv): Promise<string> {
  const steps = jsonLines<StepLine<Record<string, unknown>>>(file);
  refusedNone(steps);
  const ran: string[] = [];
  for (const step of steps) {
    for (const action of step.actions) {
      const { problems, commands } = anthropicCheck(action, step.image_size!);
      if (problems.length > 0) throw new Error(`the reference tool refuses ${JSON.stringify(action)}: ${problems.join('; ')}`);
      if (action.action === 'wait') await sleep(Number(action.duration) * 1000);
      // The tool's `mousemove --sync` never returns when the pointer is already there: a timeout
      // turns that into a failure rather than a hang.
      for (const command of commands) {
        const { stderr } = await promisify(exec)(command, { env, timeout: 10_000 });
        if (stderr.trim()) throw new Error(`${command}: ${stderr.trim()}`);
        ran.push(command);
      }
      await sleep(PAUSE_S * 1000);
    }
  }
  return ran.join('\n');
}

function refusedNone(steps: { kind: string; refused?: string }[]): void {
  const refused = steps.filter((s) => s.refused !== undefined);
  if (refused.length > 0) throw new Error(`the export refused ${refused.length} step(s): ${refused.map((s) => `${s.kind}: ${s.refused}`).join('; ')}`);
}
