// One step as pyautogui code, spelled as OSWorld's pyautogui action space and AgentNet's `code`
// field spell it, with AgentNet's coordinates normalised to the screenshot (0..1, four decimals).
// AgentNet's dataset card (huggingface.co/datasets/xlangai/AgentNet, "Data Structure") shows a step
// as `"code": "pyautogui.click(x=0.1632, y=0.2711)"` beside its `"image"` and `"index"`.
// Waits are `time.sleep(...)`: OSWorld runs each action with `import pyautogui; import time` first.
// Redacted key strokes become a comment, never typed placeholders (see actions/kept-text.ts).
import type { Modifier } from '../../shared/modifiers.ts';
import type { Action, StepPoint } from '../actions/action.ts';
import { textParts } from '../actions/kept-text.ts';
import { pyCoord, pyString } from './python-literal.ts';

const PY_MODIFIER: Record<Modifier, string> = { ctrl: 'ctrl', alt: 'alt', shift: 'shift', meta: 'win' };

export function pyKey(name: string): string {
  return name in PY_MODIFIER ? PY_MODIFIER[name as Modifier] : name;
}

const at = (p: StepPoint | null) => (p ? `x=${pyCoord(p.xNorm)}, y=${pyCoord(p.yNorm)}` : '');

export function pyautoguiCode(step: Action): string {
  switch (step.kind) {
    case 'click':
      return holding(step.mods, clickCall(step.button, step.count, at(step.point)));
    case 'drag': {
      const end = step.path.at(-1) ?? step.point;
      const lines = [`pyautogui.moveTo(${at(step.point)})`, `pyautogui.dragTo(${at(end)}, button=${pyString(step.button)})`];
      return holding(step.mods, lines.join('\n'));
    }
    case 'scroll': {
      const where = step.point ? `, ${at(step.point)}` : '';
      // pyautogui scrolls up for positive clicks; Cairn's dy is positive downwards.
      const call = step.dx !== 0 && step.dy === 0 ? `pyautogui.hscroll(${step.dx}${where})` : `pyautogui.scroll(${-step.dy}${where})`;
      return holding(step.mods, call);
    }
    case 'type':
      return textParts(step.text)
        .map((p) => ('kept' in p ? `pyautogui.write(message=${pyString(p.kept)})` : `# ${p.redacted} redacted key stroke(s), not typed`))
        .join('\n');
    case 'hotkey':
      return `pyautogui.hotkey(${step.keys.map((k) => pyString(pyKey(k))).join(', ')})`;
    case 'key':
      return `pyautogui.press(${pyString(pyKey(step.key))})`;
    case 'wait':
      return `time.sleep(${(step.ms / 1000).toFixed(1)})`;
  }
}

function clickCall(button: string, count: number, where: string): string {
  const sep = where ? ', ' : '';
  if (button === 'left') return `pyautogui.${['click', 'doubleClick', 'tripleClick'][count - 1]}(${where})`;
  if (count === 1) return `pyautogui.${button === 'right' ? 'rightClick' : 'middleClick'}(${where})`;
  return `pyautogui.click(${where}${sep}clicks=${count}, button=${pyString(button)})`;
}

function holding(mods: readonly Modifier[], code: string): string {
  if (mods.length === 0) return code;
  const down = mods.map((m) => `pyautogui.keyDown(${pyString(PY_MODIFIER[m])})`);
  const up = [...mods].reverse().map((m) => `pyautogui.keyUp(${pyString(PY_MODIFIER[m])})`);
  return [...down, code, ...up].join('\n');
}

/** A short description of the step, for AgentNet's natural-language `action` field. */
export function describeStep(step: Action): string {
  const app = step.window ? ` in ${step.window.app}` : '';
  switch (step.kind) {
    case 'click': {
      const times = ['Click', 'Double-click', 'Triple-click'][step.count - 1];
      const button = step.button === 'left' ? '' : ` with the ${step.button} button`;
      return `${times}${button} at (${step.point?.frameX}, ${step.point?.frameY})${app}.`;
    }
    case 'drag':
      return `Drag from (${step.point?.frameX}, ${step.point?.frameY}) to (${step.path.at(-1)?.frameX}, ${step.path.at(-1)?.frameY})${app}.`;
    case 'scroll':
      return `Scroll ${step.direction} by ${step.amount}${app}.`;
    case 'type':
      return `Type ${JSON.stringify(step.text)}${app}.`;
    case 'hotkey':
      return `Press ${step.keys.join('+')}${app}.`;
    case 'key':
      return `Press ${step.key}${app}.`;
    case 'wait':
      return `Wait ${(step.ms / 1000).toFixed(1)} s.`;
  }
}
