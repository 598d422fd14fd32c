// The computer13 format against OSWorld's rules (tests/helpers/consumers/osworld-check.ts, from
// facts taken from OSWorld's sources: ACTION_SPACE and KEYBOARD_KEYS of desktop_env/actions.py,
// the action types its PythonController runs and the keys it writes between single quotes): every step of a real recording, every key
// Cairn can name under every set of modifiers, and random clicks, drags, scrolls, typing and waits.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { keptRuns } from '../../src/export/actions/kept-text.ts';
import { type Computer13Action, computer13Actions } from '../../src/export/writers/computer13-actions.ts';
import { OSWORLD_KEY_NAMES, PYAUTOGUI_X11_KEYSYMS } from '../../src/export/writers/consumer-key-tables.ts';
import { isRefusal } from '../../src/export/writers/refusal.ts';
import { type ConsumerReport } from '../helpers/consumers/check-export.ts';
import { checkedDemo, loadFixtureSession } from '../helpers/consumers/demo-session.ts';
import { osworldProblems } from '../helpers/consumers/osworld-check.ts';
import { cairnKeyNames, everyKeyUnderModifiers, FRAME, hotkeyStep, isPyautoguiKeyFor, pointerOrTextStep } from '../helpers/consumers/steps.ts';

const check = (actions: Computer13Action[]) => actions.map((action) => ({ action, problems: osworldProblems(action, FRAME) }));

/** The keys an OSWorld spelling of a hotkey presses, in order (KEY_DOWN, TYPING, PRESS, HOTKEY). */
function pressed(actions: Computer13Action[]): string[] {
  return actions.flatMap((a) => {
    const p = a.parameters ?? {};
    if (a.action_type === 'HOTKEY') return p.keys as string[];
    if (a.action_type === 'KEY_DOWN' || a.action_type === 'PRESS') return [p.key as string];
    if (a.action_type === 'TYPING') return [p.text as string];
    return [];
  });
}

describe('OSWorld computer_13 actions of a real recording', () => {
  const { actions } = loadFixtureSession();
  let report: ConsumerReport;
  beforeAll(async () => {
    report = await checkedDemo('osworld');
  }, 60_000);

  it('are all actions of ACTION_SPACE, with its parameters and KEYBOARD_KEYS, that OSWorld\'s controller runs', () => {
    expect(report.failed).toEqual([]);
    expect(report.refused).toEqual([]);
    expect(report.actions).toBeGreaterThanOrEqual(50);
  });

  it('types ctrl+\' and ctrl+\\ with ctrl held, since the controller cannot quote those keys in a HOTKEY', () => {
    const hotkey = (key: string) => computer13Actions(actions.find((a) => a.kind === 'hotkey' && a.keys.join('+') === `ctrl+${key}`)!);
    for (const key of ["'", '\\']) {
      expect(hotkey(key)).toEqual([
        { action_type: 'KEY_DOWN', parameters: { key: 'ctrl' } },
        { action_type: 'TYPING', parameters: { text: key } },
        { action_type: 'KEY_UP', parameters: { key: 'ctrl' } },
      ]);
    }
    expect(hotkey('/')).toEqual([{ action_type: 'HOTKEY', parameters: { keys: ['ctrl', '/'] } }]);
  });
});

describe('OSWorld computer_13 actions, as properties', () => {
  const names = cairnKeyNames();

  it('press every key Cairn can name, alone and under every set of modifiers, as a key of KEYBOARD_KEYS for the same key, or refuse it saying so', () => {
    const steps = everyKeyUnderModifiers(names, 31).map((keyNames) => ({ keyNames, spelled: computer13Actions(hotkeyStep(keyNames)) }));
    const ok = steps.filter((s): s is { keyNames: string[]; spelled: Computer13Action[] } => !isRefusal(s.spelled));
    const results = check(ok.flatMap((s) => s.spelled));
    expect(results.flatMap((r) => r.problems)).toEqual([]);
    for (const s of ok) {
      pressed(s.spelled).forEach((key, j) => expect(isPyautoguiKeyFor(names, s.keyNames[j]!, key), `${s.keyNames[j]} as ${key}`).toBe(true));
    }
    for (const s of steps.filter((x) => isRefusal(x.spelled))) {
      const key = s.keyNames.at(-1)!;
      expect(s.spelled).toEqual({ refused: `OSWorld's KEYBOARD_KEYS has no name for the key ${key}.` });
      expect(OSWORLD_KEY_NAMES.filter((k) => names.get(key)!.has(PYAUTOGUI_X11_KEYSYMS[k]?.[1] ?? -1))).toEqual([]);
    }
    expect(steps.filter((x) => isRefusal(x.spelled) && OSWORLD_KEY_NAMES.includes(x.keyNames.at(-1)!))).toEqual([]);
  }, 60_000);

  it('spell clicks, drags, scrolls, typing and waits as actions the controller runs, typing exactly the kept text and holding what was held', () => {
    const steps = fc.sample(pointerOrTextStep, { numRuns: 400, seed: 33 });
    const spelled = steps.map((s) => ({ step: s, actions: computer13Actions(s) }));
    for (const { step, actions } of spelled) {
      if (isRefusal(actions)) {
        expect(step.kind === 'type' && keptRuns(step.text).length === 0, JSON.stringify(step)).toBe(true);
        continue;
      }
      if (step.kind === 'type') expect(actions.map((a) => a.parameters!.text).join('')).toBe(keptRuns(step.text).join(''));
      if ('mods' in step) expect(actions.filter((a) => a.action_type === 'KEY_DOWN').map((a) => a.parameters!.key)).toEqual(step.mods.map((m) => (m === 'meta' ? 'win' : m)));
    }
    const results = check(spelled.flatMap((s) => (isRefusal(s.actions) ? [] : s.actions)));
    expect(results.flatMap((r) => r.problems)).toEqual([]);
  }, 60_000);

  it('the check itself refuses what OSWorld cannot run: a quote key in a HOTKEY, a key outside KEYBOARD_KEYS, x beyond the frame, an unknown type', () => {
    const results = check([
      { action_type: 'HOTKEY', parameters: { keys: ['ctrl', "'"] } },
      { action_type: 'PRESS', parameters: { key: 'XF86Tools' } },
      { action_type: 'CLICK', parameters: { x: FRAME[0] + 1, y: 0 } },
      { action_type: 'TRIPLE_CLICK', parameters: { x: 1, y: 1 } },
      { action_type: 'SCROLL', parameters: { clicks: 3 } },
    ]);
    for (const r of results) expect(r.problems, JSON.stringify(r)).not.toEqual([]);
  });
});

