// One step as the `code` of an AgentNet trajectory step: pyautogui calls and AgentNet's own
// `computer.*` functions, one call a line, in AgentNet's vocabulary (OpenCUA's schema/action.py:
// GUIActionType click, doubleClick, rightClick, middleClick, moveTo, dragTo, scroll, hscroll, write,
// press, hotkey; computer.triple_click and computer.wait), with coordinates normalised to the
// screenshot (0..1, four decimals), as AgentNet's dataset card shows (`pyautogui.click(x=0.1632,
// y=0.2711)`). A scroll is `moveTo` then `scroll(n)`, as AgentNet writes one. Each line is parsed
// by OpenCUA's PyAutoGUIAction.from_string (Python's ast; strings are repr-spelled, so they read
// back exactly). AgentNet has no word for keys held through a click, drag or scroll, nor for a key
// pyautogui cannot name: such a step is refused, never written as something else. Typed newlines
// and tabs are `press('enter')` and `press('tab')` as AgentNet's own data has them; redacted key
// strokes are left out (kept-text.ts), the step says how many in `cairn.redacted_keys`.
import type { Action, MouseButton, StepPoint } from '../actions/action.ts';
import { textParts } from '../actions/kept-text.ts';
import { pyautoguiKey } from './consumer-keys.ts';
import { pyCoord, pyString } from './python-literal.ts';
import { isRefusal, keysIn, type Refusal, refuse, typedRuns } from './refusal.ts';

const at = (p: StepPoint) => `x=${pyCoord(p.xNorm)}, y=${pyCoord(p.yNorm)}`;
const HELD = "AgentNet's code has no way to hold keys through a";

export function pyautoguiCode(step: Action): string | Refusal {
  switch (step.kind) {
    case 'click':
      if (step.mods.length > 0) return refuse(`${HELD} click (${step.mods.join('+')} was held).`);
      return clickLines(step.button, step.count, step.point!).join('\n');
    case 'drag': {
      if (step.mods.length > 0) return refuse(`${HELD} drag (${step.mods.join('+')} was held).`);
      const end = step.path.at(-1) ?? step.point!;
      return [`pyautogui.moveTo(${at(step.point!)})`, `pyautogui.dragTo(${at(end)}, button=${pyString(step.button)})`].join('\n');
    }
    case 'scroll': {
      if (step.mods.length > 0) return refuse(`${HELD} scroll (${step.mods.join('+')} was held).`);
      // pyautogui scrolls up and right for positive clicks; Cairn's dy is positive downwards.
      const scroll = step.dy !== 0 ? `pyautogui.scroll(${-step.dy})` : `pyautogui.hscroll(${step.dx})`;
      return [`pyautogui.moveTo(${at(step.point!)})`, scroll].join('\n');
    }
    case 'type': {
      const runs = typedRuns(step);
      return isRefusal(runs) ? runs : runs.flatMap(typingLines).join('\n');
    }
    case 'hotkey':
    case 'key': {
      const keys = keysIn(step, pyautoguiKey, 'pyautogui');
      return isRefusal(keys) ? keys : `pyautogui.${step.kind === 'key' ? 'press' : 'hotkey'}(${keys.map(pyString).join(', ')})`;
    }
    case 'wait':
      return 'computer.wait()';
  }
}

function clickLines(button: MouseButton, count: number, p: StepPoint): string[] {
  if (button === 'left') return [['pyautogui.click', 'pyautogui.doubleClick', 'computer.triple_click'][count - 1]! + `(${at(p)})`];
  // AgentNet has one right and one middle click: a double one is two.
  return Array.from({ length: count }, () => `pyautogui.${button === 'right' ? 'rightClick' : 'middleClick'}(${at(p)})`);
}

/** Kept text as writes, with each newline or tab a key press as AgentNet records them. */
function typingLines(text: string): string[] {
  return [...text.matchAll(/[\n\r\t]|[^\n\r\t]+/g)].map(([run]) =>
    run === '\t' ? `pyautogui.press(${pyString(pyautoguiKey('tab')!)})` : /^[\n\r]$/.test(run) ? `pyautogui.press(${pyString(pyautoguiKey('enter')!)})` : `pyautogui.write(message=${pyString(run)})`,
  );
}

/** A short description of the step, for AgentNet's natural-language `action` field. */
export function describeStep(step: Action): string {
  const app = step.window ? ` in ${step.window.app}` : '';
  const held = 'mods' in step && step.mods.length > 0 ? ` holding ${step.mods.join('+')}` : '';
  switch (step.kind) {
    case 'click': {
      const times = ['Click', 'Double-click', 'Triple-click'][step.count - 1];
      const button = step.button === 'left' ? '' : ` with the ${step.button} button`;
      return `${times}${button} at (${step.point?.frameX}, ${step.point?.frameY})${held}${app}.`;
    }
    case 'drag':
      return `Drag from (${step.point?.frameX}, ${step.point?.frameY}) to (${step.path.at(-1)?.frameX}, ${step.path.at(-1)?.frameY})${held}${app}.`;
    case 'scroll':
      return `Scroll ${step.direction} by ${step.amount}${held}${app}.`;
    case 'type': {
      // The kept text only: a description that shows the redaction mark would teach typing it.
      const kept = textParts(step.text).map((p) => ('kept' in p ? p.kept : '')).join('');
      const redacted = step.redacted > 0 ? ` (${step.redacted} key stroke(s) redacted)` : '';
      return `Type ${JSON.stringify(kept)}${redacted}${app}.`;
    }
    case 'hotkey':
      return `Press ${step.keys.join('+')}${app}.`;
    case 'key':
      return `Press ${step.key}${app}.`;
    case 'wait':
      return `Wait ${(step.ms / 1000).toFixed(1)} s.`;
  }
}
