// The OpenAI half of the computer-use format against OpenAI's rules (tests/helpers/consumers/
// openai-check.ts: the schema written from the Responses API, coordinates within the screenshot,
// keys Playwright's keyboard presses as playwright-core builds its layout, unchanged in meaning by
// OpenAI's sample app): every step of a real recording, every key Cairn can name under every set of
// modifiers, and random clicks, drags, scrolls, typing and waits.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { playwrightKeys } from '../../scripts/consumer-keys.ts';
import { keptRuns } from '../../src/export/actions/kept-text.ts';
import { PYAUTOGUI_VK_CODES } from '../../src/export/writers/consumer-key-tables.ts';
import { pyautoguiKey } from '../../src/export/writers/consumer-keys.ts';
import { OPENAI_PX_PER_NOTCH, type OpenAIAction, openaiActions } from '../../src/export/writers/openai-actions.ts';
import { isRefusal } from '../../src/export/writers/refusal.ts';
import { type ConsumerReport } from '../helpers/consumers/check-export.ts';
import { checkedDemo, loadFixtureSession } from '../helpers/consumers/demo-session.ts';
import { keyProblems, openaiProblems } from '../helpers/consumers/openai-check.ts';
import { cairnKeyNames, everyKeyUnderModifiers, FRAME, hotkeyStep, pointerOrTextStep } from '../helpers/consumers/steps.ts';

const LAYOUT = playwrightKeys().keys;

/** Whether Playwright's key `k` is the key Cairn calls `name`: the same character, or the key
 *  with the Windows key code pyautogui sends for the name. */
function sameKey(name: string, k: string): boolean {
  const d = LAYOUT[k]!;
  if ([...name].length === 1) return d.key === name;
  const vk = PYAUTOGUI_VK_CODES[pyautoguiKey(name)!];
  return vk !== undefined && [d.keyCode, d.keyCodeWithoutLocation, d.shiftKeyCode].includes(vk);
}

describe('OpenAI computer use actions of a real recording', () => {
  const { actions } = loadFixtureSession();
  let report: ConsumerReport;
  beforeAll(async () => {
    report = await checkedDemo('openai');
  }, 60_000);

  it('all match the schema and press keys Playwright knows, the same ones through OpenAI\'s sample app', () => {
    expect(report.consumer).toBe('openai');
    expect(report.failed).toEqual([]);
    expect(report.actions).toBeGreaterThanOrEqual(25);
  });

  it('refuse only the right-button drag (OpenAI\'s drag has no button), keep held keys on pointer actions, and name keys as Playwright does', () => {
    expect(report.refused).toEqual([{ step: actions.find((a) => a.kind === 'drag' && a.button === 'right')!.index, reason: expect.stringMatching(/no button/) }]);
    const spelled = (pick: (a: (typeof actions)[number]) => boolean) => openaiActions(actions.find(pick)!);
    expect(spelled((a) => a.kind === 'key' && a.key === 'f5')).toEqual([{ type: 'keypress', keys: ['F5'] }]);
    expect(spelled((a) => a.kind === 'key' && a.key === 'apps')).toEqual([{ type: 'keypress', keys: ['ContextMenu'] }]);
    expect(spelled((a) => a.kind === 'hotkey' && a.keys.join('+') === 'ctrl+/')).toEqual([{ type: 'keypress', keys: ['Control', 'Slash'] }]);
    expect(spelled((a) => a.kind === 'click' && a.mods.includes('shift'))).toEqual([expect.objectContaining({ type: 'click', keys: ['Shift'] })]);
    expect(spelled((a) => a.kind === 'scroll' && a.mods.includes('ctrl'))).toEqual([expect.objectContaining({ scroll_y: -OPENAI_PX_PER_NOTCH, keys: ['Control'] })]);
  });
});

describe('OpenAI computer use actions, as properties', () => {
  const names = cairnKeyNames();

  it('press every key Cairn can name, alone and under every set of modifiers, with Playwright\'s name for the same key, or refuse it saying so', () => {
    const steps = everyKeyUnderModifiers(names, 51);
    let spelled = 0;
    for (const keyNames of steps) {
      const actions = openaiActions(hotkeyStep(keyNames));
      const key = keyNames.at(-1)!;
      if (isRefusal(actions)) {
        expect(actions).toEqual({ refused: `Playwright's keyboard has no name for the key ${key}.` });
        // Refused only where no key of Playwright's layout is it.
        expect(Object.keys(LAYOUT).filter((k) => sameKey(key, k))).toEqual([]);
        continue;
      }
      spelled++;
      const [press] = actions as OpenAIAction[];
      expect(openaiProblems(press!, FRAME)).toEqual([]);
      (press!.keys as string[]).forEach((k, j) => expect(sameKey(keyNames[j]!, k), `${keyNames[j]} as ${k}`).toBe(true));
    }
    expect(spelled).toBeGreaterThan(150);
  }, 60_000);

  it('spell clicks, drags, scrolls, typing and waits as valid actions, typing exactly the kept text and holding what was held', () => {
    for (const step of fc.sample(pointerOrTextStep, { numRuns: 400, seed: 53 })) {
      const actions = openaiActions(step);
      const cannot = (step.kind === 'drag' && step.button !== 'left') || (step.kind === 'type' && keptRuns(step.text).length === 0);
      expect(isRefusal(actions), JSON.stringify(step)).toBe(cannot);
      if (isRefusal(actions)) continue;
      for (const a of actions) expect(openaiProblems(a, FRAME), JSON.stringify(a)).toEqual([]);
      if (step.kind === 'type') expect(actions.map((a) => a.text).join('')).toBe(keptRuns(step.text).join(''));
      if ('mods' in step && step.mods.length > 0) for (const a of actions) expect((a.keys as string[]).length).toBe(step.mods.length);
    }
  });

  it('the check itself refuses what Playwright or the sample app would press otherwise: CUA-app lower-case names, f5, apps, a raw "/"', () => {
    for (const key of ['f5', 'apps', 'volumeup', 'ctrl_l']) expect(keyProblems(key), key).not.toEqual([]);
    expect(keyProblems('/')).toEqual([expect.stringMatching(/Divide/)]);
    expect(openaiProblems({ type: 'click', button: 'left', x: FRAME[0] + 5, y: 0 }, FRAME)).not.toEqual([]);
  });
});
