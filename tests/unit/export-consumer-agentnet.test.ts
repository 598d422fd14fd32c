// The pyautogui format against AgentNet's rules (tests/helpers/consumers/agentnet_check.py, from
// facts of OpenCUA's and pyautogui's sources: Python's own parser, AgentNet's vocabulary,
// pyautogui's signatures and key names): every step of a real recording, every key Cairn can name
// under every set of modifiers, and random clicks, drags, scrolls, typing and waits. A step is
// spelled so that AgentNet reads it as what was done, or left out with the reason.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Action } from '../../src/export/actions/action.ts';
import { keptRuns } from '../../src/export/actions/kept-text.ts';
import { PYAUTOGUI_KEY_NAMES, PYAUTOGUI_X11_KEYSYMS } from '../../src/export/writers/consumer-key-tables.ts';
import { pyautoguiCode } from '../../src/export/writers/pyautogui-code.ts';
import { pyString } from '../../src/export/writers/python-literal.ts';
import { isRefusal } from '../../src/export/writers/refusal.ts';
import { type ConsumerReport, runPythonCheck } from '../helpers/consumers/check-export.ts';
import { checkedDemo, loadFixtureSession } from '../helpers/consumers/demo-session.ts';
import { cairnKeyNames, everyKeyUnderModifiers, hotkeyStep, isPyautoguiKeyFor, pointerOrTextStep } from '../helpers/consumers/steps.ts';

interface Checked {
  id: number;
  problems: { line: number; problem: string }[];
  calls: { func: string; args: Record<string, unknown> }[];
}

const check = (codes: string[]) => runPythonCheck<Checked>('agentnet_check.py', codes.map((code, id) => ({ id, code })));

/** What the writes and key presses of checked code type, as AgentNet's parser reads them. */
function typedBy(calls: Checked['calls']): string {
  return calls.map((c) => (c.func === 'pyautogui.write' ? String(c.args.message) : c.args.keys === 'enter' ? '\n' : c.args.keys === 'tab' ? '\t' : '')).join('');
}

describe('AgentNet code of a real recording', () => {
  const { actions } = loadFixtureSession();
  let report: ConsumerReport;
  beforeAll(async () => {
    report = await checkedDemo('agentnet');
  }, 60_000);

  it('is code OpenCUA\'s parser reads, in AgentNet\'s vocabulary, for every step AgentNet can say', () => {
    expect(report.failed).toEqual([]);
    expect(report.actions).toBeGreaterThanOrEqual(30);
  });

  it('leaves out, with the reason, exactly the steps that held keys through a click, scroll or drag', () => {
    const held = actions.filter((a) => 'mods' in a && a.mods.length > 0).map((a) => a.index);
    expect(held.length).toBeGreaterThanOrEqual(3);
    expect(report.refused.map((r) => r.step)).toEqual(held);
    for (const r of report.refused) expect(r.reason).toMatch(/no way to hold keys/);
  });

  it('reads back every typed text exactly (quotes and a backslash included), and spells triple clicks, scrolls and waits as AgentNet does', () => {
    const typed = actions.filter((a): a is Extract<Action, { kind: 'type' }> => a.kind === 'type');
    const results = check(typed.map((a) => pyautoguiCode(a) as string));
    expect(results.map((r) => typedBy(r.calls))).toEqual(typed.map((a) => keptRuns(a.text).join('')));
    expect(typed.map((a) => a.text)).toContain(`It's a "test" \\ done`);
    const code = (kind: string, pick: (a: Action) => boolean = () => true) => actions.filter((a) => a.kind === kind && pick(a)).map(pyautoguiCode);
    expect(code('click', (a) => a.kind === 'click' && a.count === 3)).toEqual([expect.stringMatching(/^computer\.triple_click\(x=0\.\d{4}, y=0\.\d{4}\)$/)]);
    expect(code('wait')).toEqual(['computer.wait()']);
    expect(code('scroll', (a) => a.kind === 'scroll' && a.mods.length === 0)).toEqual([
      expect.stringMatching(/^pyautogui\.moveTo\(x=0\.\d{4}, y=0\.\d{4}\)\npyautogui\.scroll\(-3\)$/),
      expect.stringMatching(/\npyautogui\.scroll\(2\)$/),
      expect.stringMatching(/\npyautogui\.hscroll\(2\)$/),
    ]);
  });
});

describe('AgentNet code, as properties', () => {
  const names = cairnKeyNames();

  it('names every key Cairn can name, alone and under every set of modifiers, with pyautogui\'s name for the same key, or refuses it saying so', () => {
    const steps = everyKeyUnderModifiers(names, 13).map((keyNames) => ({ keyNames, code: pyautoguiCode(hotkeyStep(keyNames)) }));
    const spelled = steps.filter((s): s is { keyNames: string[]; code: string } => !isRefusal(s.code));
    const results = check(spelled.map((s) => s.code));
    expect(results.flatMap((r) => r.problems)).toEqual([]);
    for (const [i, r] of results.entries()) {
      const [call] = r.calls;
      const pressed = call!.func === 'pyautogui.press' ? [call!.args.keys as string] : (call!.args.args as string[]);
      // The same key: the keysym pyautogui's X11 backend presses is one the name stands for.
      pressed.forEach((p, j) => expect(isPyautoguiKeyFor(names, spelled[i]!.keyNames[j]!, p), `${spelled[i]!.keyNames[j]} as ${p}`).toBe(true));
    }
    // Refused only where pyautogui has no name for the key.
    for (const s of steps.filter((x) => isRefusal(x.code))) {
      const key = s.keyNames.at(-1)!;
      expect(s.code).toEqual({ refused: `pyautogui has no name for the key ${key}.` });
      expect(PYAUTOGUI_KEY_NAMES.filter((p) => names.get(key)!.has(PYAUTOGUI_X11_KEYSYMS[p]?.[1] ?? -1))).toEqual([]);
    }
    expect(steps.filter((x) => isRefusal(x.code) && PYAUTOGUI_KEY_NAMES.includes(x.keyNames.at(-1)!))).toEqual([]);
    expect(spelled.length).toBeGreaterThan(150);
  }, 60_000);

  it('spells clicks, drags, scrolls, typing and waits as code AgentNet reads, typing back exactly the kept text; refuses only held keys and wholly redacted typing', () => {
    const steps = fc.sample(pointerOrTextStep, { numRuns: 400, seed: 21 });
    const codes = steps.map(pyautoguiCode);
    const spelled = codes.flatMap((c, i) => (isRefusal(c) ? [] : [{ step: steps[i]!, code: c }]));
    const results = check(spelled.map((s) => s.code));
    expect(results.flatMap((r) => r.problems)).toEqual([]);
    for (const [i, r] of results.entries()) {
      const step = spelled[i]!.step;
      if (step.kind === 'type') expect(typedBy(r.calls)).toBe(keptRuns(step.text).join(''));
    }
    for (const [i, c] of codes.entries()) {
      const step = steps[i]!;
      const shouldRefuse = ('mods' in step && step.mods.length > 0) || (step.kind === 'type' && keptRuns(step.text).length === 0);
      expect(isRefusal(c), JSON.stringify(step)).toBe(shouldRefuse);
    }
  }, 60_000);

  it('writes every string as Python\'s repr() writes it, which ast reads back exactly', () => {
    const alphabet = fc.constantFrom("'", '"', '\\', '\n', '\t', '\r', '\x00', '\x1b', '\x7f', '\xa0', 'é', '\u2028', '\u200b', '😀', 'a', ' ', '█');
    const texts = fc.sample(fc.array(alphabet, { maxLength: 12 }).map((cs) => cs.join('')), { numRuns: 300, seed: 5 });
    const r = runPythonCheck<{ id: number; calls: Checked['calls'] }>(
      'agentnet_check.py',
      texts.map((t, id) => ({ id, code: `pyautogui.write(message=${pyString(t)})` })),
    );
    expect(r.map((x) => x.calls[0]!.args.message)).toEqual(texts);
    const repr = runPythonCheck<string>('repr_of.py', texts);
    expect(texts.map(pyString)).toEqual(repr);
  });

  it('the check itself refuses what AgentNet cannot read: keyDown, tripleClick, time.sleep, scroll at a point, a key pyautogui lacks, x beyond 1', () => {
    const results = check([
      "pyautogui.keyDown('shift')",
      'pyautogui.tripleClick(x=0.5, y=0.5)',
      'time.sleep(4.4)',
      'pyautogui.scroll(-3, x=0.5, y=0.5)',
      "pyautogui.press('XF86Tools')",
      'pyautogui.click(x=1.5, y=0.5)',
      "# 3 redacted key stroke(s), not typed",
    ]);
    for (const r of results) expect(r.problems, JSON.stringify(r)).not.toEqual([]);
  });
});
