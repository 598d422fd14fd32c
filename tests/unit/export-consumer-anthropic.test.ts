// The Anthropic half of the computer-use format against Anthropic's reference computer tool
// (tests/helpers/consumers/anthropic-check.ts: ComputerTool20250124's actions and arguments, from
// facts taken from its source, with the keys it hands xdotool checked against X's names and
// xdotool's aliases): every step of a real
// recording, every key Cairn can name under every set of modifiers, and random clicks, drags,
// scrolls, typing and waits. (tests/xvfb/export-consumer-xdotool.test.ts runs the commands.)
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { KEYSYM_HEADERS, keysymNames } from '../../scripts/keysym-table.ts';
import { keptRuns } from '../../src/export/actions/kept-text.ts';
import { ANTHROPIC_MAX_WAIT_S, type AnthropicAction, anthropicActions } from '../../src/export/writers/anthropic-actions.ts';
import { XDOTOOL_ALIASES } from '../../src/export/writers/consumer-key-tables.ts';
import { isRefusal } from '../../src/export/writers/refusal.ts';
import { anthropicCheck } from '../helpers/consumers/anthropic-check.ts';
import { type ConsumerReport } from '../helpers/consumers/check-export.ts';
import { checkedDemo, loadFixtureSession } from '../helpers/consumers/demo-session.ts';
import { cairnKeyNames, everyKeyUnderModifiers, FRAME, hotkeyStep, meantKeysyms, pointerOrTextStep } from '../helpers/consumers/steps.ts';

const check = (actions: AnthropicAction[]) => actions.map((action) => ({ action, ...anthropicCheck(action as Record<string, unknown>, FRAME) }));
const X_NAMES = keysymNames(KEYSYM_HEADERS.map((f) => readFileSync(f, 'utf8')));

/** The keysym xdotool presses for a key name: its alias's target, X's name, or U and hex digits. */
function xdotoolKeysym(token: string): number | undefined {
  const alias = XDOTOOL_ALIASES.find(([a]) => a.toLowerCase() === token.toLowerCase())?.[1];
  const unicode = /^U([0-9A-F]{4,6})$/.exec(token);
  return X_NAMES.get(alias ?? token) ?? (unicode ? 0x01000000 + parseInt(unicode[1]!, 16) : undefined);
}

describe('Anthropic computer tool inputs of a real recording', () => {
  const { actions } = loadFixtureSession();
  let report: ConsumerReport;
  beforeAll(async () => {
    report = await checkedDemo('anthropic');
  }, 60_000);

  it('are all taken by the reference tool, with keys xdotool resolves', () => {
    expect(report.consumer).toBe('anthropic');
    expect(report.failed).toEqual([]);
    expect(report.actions).toBeGreaterThanOrEqual(25);
  });

  it('refuse, with the reason, only the right-button drag and the shift-drag the tool cannot do', () => {
    const refused = actions.filter((a) => a.kind === 'drag' && (a.button !== 'left' || a.mods.length > 0)).map((a) => a.index);
    expect(report.refused.map((r) => r.step)).toEqual(refused);
    expect(report.refused.map((r) => r.reason)).toEqual([expect.stringMatching(/left button only/), expect.stringMatching(/cannot hold keys/)]);
  });

  it('spell the punctuation shortcuts with X\'s names and keep a shift-click a shift-click', () => {
    const spelled = (pick: (a: (typeof actions)[number]) => boolean) => anthropicActions(actions.find(pick)!);
    const hotkey = (keys: string) => spelled((a) => a.kind === 'hotkey' && a.keys.join('+') === keys);
    expect([hotkey("ctrl+'"), hotkey('ctrl+/'), hotkey('ctrl+\\')]).toEqual([
      [{ action: 'key', text: 'ctrl+apostrophe' }],
      [{ action: 'key', text: 'ctrl+slash' }],
      [{ action: 'key', text: 'ctrl+backslash' }],
    ]);
    expect(spelled((a) => a.kind === 'click' && a.mods.includes('shift'))).toEqual([expect.objectContaining({ action: 'left_click', key: 'shift' })]);
  });
});

describe('Anthropic computer tool inputs, as properties', () => {
  const names = cairnKeyNames();

  it('press every key Cairn can name, alone and under every set of modifiers, with keys xdotool resolves to the same key, or refuse it saying so', () => {
    const steps = everyKeyUnderModifiers(names, 41).map((keyNames) => ({ keyNames, spelled: anthropicActions(hotkeyStep(keyNames)) }));
    const refused = steps.filter((s) => isRefusal(s.spelled));
    // X names every key Cairn can: nothing is refused.
    expect(refused).toEqual([]);
    const ok = steps as { keyNames: string[]; spelled: AnthropicAction[] }[];
    const results = check(ok.map((s) => s.spelled[0]!));
    expect(results.flatMap((r) => r.problems)).toEqual([]);
    for (const s of ok) {
      const tokens = String(s.spelled[0]!.text).split('+');
      tokens.forEach((token, j) => expect(meantKeysyms(names, s.keyNames[j]!).includes(xdotoolKeysym(token) ?? -1), `${s.keyNames[j]} as ${token}`).toBe(true));
    }
  }, 60_000);

  it('spell clicks, drags, scrolls, typing and waits as inputs the tool takes, typing exactly the kept text; refuse only drags it cannot do and wholly redacted typing', () => {
    const steps = fc.sample(pointerOrTextStep, { numRuns: 400, seed: 43 });
    const spelled = steps.map((s) => ({ step: s, actions: anthropicActions(s) }));
    for (const { step, actions } of spelled) {
      const cannot = (step.kind === 'drag' && (step.button !== 'left' || step.mods.length > 0)) || (step.kind === 'type' && keptRuns(step.text).length === 0);
      expect(isRefusal(actions), JSON.stringify(step)).toBe(cannot);
      if (isRefusal(actions)) continue;
      if (step.kind === 'type') expect(actions.map((a) => a.text).join('')).toBe(keptRuns(step.text).join(''));
      if (step.kind === 'wait') {
        const total = actions.reduce((s, a) => s + (a.duration as number), 0);
        expect(Math.abs(total - step.ms / 1000)).toBeLessThan(0.1 * actions.length);
        for (const a of actions) expect(a.duration as number).toBeLessThanOrEqual(ANTHROPIC_MAX_WAIT_S);
      }
      if (step.kind === 'click' && step.mods.length > 0) for (const a of actions) expect(a.key).toBe(step.mods.map((m) => (m === 'meta' ? 'super' : m)).join('+'));
    }
    const results = check(spelled.flatMap((s) => (isRefusal(s.actions) ? [] : s.actions)));
    expect(results.flatMap((r) => r.problems)).toEqual([]);
  }, 60_000);

  it('the check itself refuses what the tool or xdotool refuses: raw punctuation keys, text on a click, a wait over 100 s, a key name xdotool lacks', () => {
    const results = check([
      { action: 'key', text: "ctrl+'" },
      { action: 'key', text: 'ctrl+/' },
      { action: 'key', text: 'ctrl+\\' },
      { action: 'left_click', coordinate: [10, 10], text: 'shift' },
      { action: 'wait', duration: 140 },
      { action: 'key', text: 'volumeup' },
    ]);
    for (const r of results) expect(r.problems, JSON.stringify(r)).not.toEqual([]);
  });
});
