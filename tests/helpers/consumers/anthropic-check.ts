// Anthropic's rules for a computer tool input, Cairn's own check from facts taken from the reference
// computer tool (ComputerTool20250124 of anthropic-quickstarts: fixtures/consumer-sources/
// anthropic.json) and xdotool (xdotool.json): the action is one the tool names, with the arguments
// it takes (it ignores others, as its **kwargs do), what each action requires, coordinates within the screenshot and durations
// of at most its limit; then the xdotool command the tool runs for it (its buttons and typing
// chunks from the facts), whose keys must each be one xdotool resolves: a name of its symbol_map or
// an X keysym name X.Org's headers define (or U and hex digits), with none of the characters
// xdotool refuses in a key sequence (xdo.c: " \t\n.-[]{}\\|"). The tool hands keys to a shell
// unquoted, so they must be shell words. tests/xvfb/export-consumer-xdotool.test.ts runs the commands.
import { readFileSync } from 'node:fs';
import { consumerFacts } from '../../../scripts/consumer-facts.ts';
import { KEYSYM_HEADERS, keysymNames } from '../../../scripts/keysym-table.ts';

let xNames: Map<string, number> | undefined;
const REFUSED_IN_SEQUENCE = /[ \t\n.\-[\]{}\\|]/;
const NOT_A_SHELL_WORD = /[\s'"`$;&<>()*?~#!]/;
const UNICODE_NAME = /^U[0-9A-Fa-f]{4,6}$/;

/** What is wrong with a key sequence xdotool is handed ("ctrl+shift+a"). */
export function xdotoolKeyProblems(sequence: string): string[] {
  xNames ??= keysymNames(KEYSYM_HEADERS.map((f) => readFileSync(f, 'utf8')));
  const aliases = new Set(consumerFacts().xdotool.aliases.map(([a]) => a.toLowerCase()));
  const problems: string[] = [];
  if (NOT_A_SHELL_WORD.test(sequence)) problems.push(`the shell does not pass ${JSON.stringify(sequence)} to xdotool as one word`);
  if (REFUSED_IN_SEQUENCE.test(sequence)) problems.push(`xdotool refuses the key sequence ${JSON.stringify(sequence)} ("Invalid key sequence")`);
  for (const token of sequence.split('+')) {
    if (!aliases.has(token.toLowerCase()) && !xNames.has(token) && !UNICODE_NAME.test(token)) problems.push(`xdotool has no key named ${JSON.stringify(token)} ("No such key name", the key is ignored)`);
  }
  return problems;
}

/** Python's shlex.quote, which the tool quotes typed text with. */
const shellQuote = (s: string) => (s === '' ? "''" : /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'"'"'`)}'`);

interface Checked {
  problems: string[];
  commands: string[];
}

/** The xdotool arguments of one input, or why the tool refuses it. */
function commandOf(a: Record<string, unknown>): string[] | string {
  const tool = consumerFacts().anthropic;
  const action = String(a.action);
  const has = (k: string) => a[k] !== undefined && a[k] !== null;
  const point = (p: unknown) => (Array.isArray(p) && p.length === 2 && p.every((n) => Number.isInteger(n) && n >= 0) ? (p as [number, number]) : undefined);
  if (has('coordinate') && !point(a.coordinate)) return `${JSON.stringify(a.coordinate)} must be a tuple of non-negative ints`;
  const move = has('coordinate') ? `mousemove --sync ${(a.coordinate as number[]).join(' ')} ` : '';
  const hold = (keys: unknown, inner: string) => (keys ? `keydown ${String(keys)} ${inner} keyup ${String(keys)}` : inner);
  if (action in tool.clickButtons) {
    if (has('text')) return `text is not accepted for ${action}`;
    return [`${move}${hold(a.key, `click ${tool.clickButtons[action]}`)}`];
  }
  if (action === 'mouse_move' || action === 'left_click_drag') {
    if (!has('coordinate')) return `coordinate is required for ${action}`;
    if (has('text')) return `text is not accepted for ${action}`;
    return [action === 'mouse_move' ? move.trim() : `mousedown 1 ${move}mouseup 1`];
  }
  if (action === 'key' || action === 'type') {
    if (typeof a.text !== 'string') return `text is required for ${action}, as a string`;
    if (has('coordinate')) return `coordinate is not accepted for ${action}`;
    if (action === 'key') return [`key -- ${a.text}`];
    const chunks = a.text.match(new RegExp(`[^]{1,${tool.typingGroupSize}}`, 'gu')) ?? [];
    return chunks.map((c) => `type --delay ${tool.typingDelayMs} -- ${shellQuote(c)}`);
  }
  if (action === 'scroll') {
    if (!(String(a.scroll_direction) in tool.scrollButtons)) return `scroll_direction must be one of ${Object.keys(tool.scrollButtons).join(', ')}`;
    if (!Number.isInteger(a.scroll_amount) || (a.scroll_amount as number) < 0) return 'scroll_amount must be a non-negative int';
    return [`${move}${hold(a.text, `click --repeat ${String(a.scroll_amount)} ${tool.scrollButtons[String(a.scroll_direction)]}`)}`];
  }
  if (action === 'hold_key' || action === 'wait') {
    if (typeof a.duration !== 'number' || a.duration < 0) return 'duration must be a non-negative number';
    if (a.duration > tool.maxDurationS) return `duration=${a.duration} is too long (at most ${tool.maxDurationS})`;
    if (action === 'wait') return [];
    if (typeof a.text !== 'string') return 'text is required for hold_key';
    return [`keydown ${shellQuote(a.text)} sleep ${a.duration} keyup ${shellQuote(a.text)}`];
  }
  if (action === 'left_mouse_down' || action === 'left_mouse_up') return has('coordinate') ? `coordinate is not accepted for ${action}` : [`${action === 'left_mouse_down' ? 'mousedown' : 'mouseup'} 1`];
  return [];
}

/** Whether the reference tool takes an input, and the xdotool commands it would run for it. */
export function anthropicCheck(a: Record<string, unknown>, size: [number, number]): Checked {
  const tool = consumerFacts().anthropic;
  if (!tool.actions.includes(String(a.action))) return { problems: [`the reference tool has no action ${JSON.stringify(a.action)}`], commands: [] };
  const problems = tool.takesOtherArguments ? [] : Object.keys(a).filter((k) => !tool.parameters.includes(k)).map((k) => `the reference tool takes no argument ${k}`);
  for (const key of ['coordinate', 'start_coordinate']) {
    const p = a[key] as number[] | undefined;
    if (Array.isArray(p) && !(p[0]! >= 0 && p[0]! <= size[0] && p[1]! >= 0 && p[1]! <= size[1])) problems.push(`${key} ${JSON.stringify(p)} lies outside the screenshot (${size[0]}x${size[1]})`);
  }
  const args = commandOf(a);
  if (typeof args === 'string') return { problems: [...problems, `the reference tool refuses it: ${args}`], commands: [] };
  for (const keys of [a.action === 'key' ? a.text : undefined, a.action === 'scroll' ? a.text : a.key]) if (typeof keys === 'string' && keys !== '') problems.push(...xdotoolKeyProblems(keys));
  return { problems, commands: args.map((c) => `xdotool ${c}`) };
}
