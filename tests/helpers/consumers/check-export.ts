// Checks every action of an export folder against the consumer it is written for, with Cairn's own
// checks of facts taken from each consumer's sources (fixtures/consumer-sources/): AgentNet's code
// (agentnet_check.py: Python's parser, AgentNet's vocabulary, pyautogui's signatures and key names),
// OSWorld's computer_13 (osworld-check.ts: ACTION_SPACE, KEYBOARD_KEYS and what its controller
// runs), Anthropic's computer tool (anthropic-check.ts: the reference tool's actions and the keys
// xdotool resolves) and OpenAI's computer use (openai-check.ts: the schema and Playwright's
// keyboard). A step a format refused (with its reason) has no action to check.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { anthropicCheck } from './anthropic-check.ts';
import { openaiProblems } from './openai-check.ts';
import { osworldProblems } from './osworld-check.ts';

export type Consumer = 'agentnet' | 'osworld' | 'anthropic' | 'openai';

export interface FailedAction {
  step: number;
  action: unknown;
  problems: string[];
}

export interface ConsumerReport {
  consumer: Consumer;
  file: string;
  actions: number;
  failed: FailedAction[];
  refused: { step: number; reason: string }[];
  /** AgentNet only: writes whose text AgentNetBench's evaluation regex reads differently. */
  evalMisreadWrites?: number;
}

const HERE = fileURLToPath(new URL('.', import.meta.url));

/** Runs one of the Python checks on a batch of items; answers its JSON. */
export function runPythonCheck<T>(script: string, items: unknown[]): T[] {
  const r = spawnSync('python3', [join(HERE, script)], { input: JSON.stringify(items), encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`${script} failed: ${r.stderr || r.error?.message}`);
  return JSON.parse(r.stdout) as T[];
}

const jsonLines = (path: string) => readFileSync(path, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);

interface AgentNetResult {
  id: number;
  lines: number;
  problems: { line: number; problem: string }[];
  calls: { func: string; args: Record<string, unknown> }[];
  eval_write: string[];
}

function checkAgentNet(dir: string): ConsumerReport {
  const file = 'trajectories.jsonl';
  const report: ConsumerReport = { consumer: 'agentnet', file, actions: 0, failed: [], refused: [], evalMisreadWrites: 0 };
  const items: { id: number; code: unknown }[] = [];
  for (const trajectory of jsonLines(join(dir, file))) {
    for (const step of trajectory.traj as { index: number; value: { code: unknown } }[]) items.push({ id: step.index, code: step.value.code });
    for (const r of ((trajectory.cairn as { refused?: { index: number; reason: string }[] } | undefined)?.refused ?? [])) report.refused.push({ step: r.index, reason: r.reason });
  }
  for (const [i, result] of runPythonCheck<AgentNetResult>('agentnet_check.py', items).entries()) {
    const lines = String(items[i]!.code).split('\n');
    report.actions += Math.max(1, result.lines);
    const byLine = new Map<number, string[]>();
    for (const p of result.problems) byLine.set(p.line, [...(byLine.get(p.line) ?? []), p.problem]);
    for (const [line, problems] of byLine) report.failed.push({ step: result.id, action: line === 0 ? items[i]!.code : lines[line - 1], problems });
    const writes = result.calls.filter((c) => c.func === 'pyautogui.write').map((c) => c.args.message);
    report.evalMisreadWrites! += writes.filter((w, j) => result.eval_write[j] !== w).length;
  }
  return report;
}

/** The actions of each step line of a JSON Lines format, with the frame size they refer to. */
function stepActions(dir: string, file: string, consumer: Consumer) {
  const report: ConsumerReport = { consumer, file, actions: 0, failed: [], refused: [] };
  const items: { id: number; step: number; action: Record<string, unknown>; image_size: [number, number] }[] = [];
  for (const line of jsonLines(join(dir, file))) {
    if (typeof line.refused === 'string') report.refused.push({ step: line.index as number, reason: line.refused });
    for (const action of line.actions as Record<string, unknown>[]) {
      items.push({ id: items.length, step: line.index as number, action, image_size: line.image_size as [number, number] });
    }
  }
  report.actions = items.length;
  return { report, items };
}

/** A JSON Lines format's actions, each checked by `problemsOf`. */
function checkSteps(dir: string, file: string, consumer: Consumer, problemsOf: (action: Record<string, unknown>, size: [number, number]) => string[]): ConsumerReport {
  const { report, items } = stepActions(dir, file, consumer);
  for (const item of items) {
    const problems = problemsOf(item.action, item.image_size);
    if (problems.length > 0) report.failed.push({ step: item.step, action: item.action, problems });
  }
  return report;
}

/** Every consumer whose file the export folder holds, checked. */
export function checkExportFolder(dir: string): ConsumerReport[] {
  const reports: ConsumerReport[] = [];
  if (existsSync(join(dir, 'trajectories.jsonl'))) reports.push(checkAgentNet(dir));
  if (existsSync(join(dir, 'computer13.jsonl'))) reports.push(checkSteps(dir, 'computer13.jsonl', 'osworld', osworldProblems));
  if (existsSync(join(dir, 'computer-use/anthropic.jsonl'))) reports.push(checkSteps(dir, 'computer-use/anthropic.jsonl', 'anthropic', (a, size) => anthropicCheck(a, size).problems));
  if (existsSync(join(dir, 'computer-use/openai.jsonl'))) reports.push(checkSteps(dir, 'computer-use/openai.jsonl', 'openai', openaiProblems));
  return reports;
}
