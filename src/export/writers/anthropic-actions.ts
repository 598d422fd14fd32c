// One step as inputs of Anthropic's `computer` tool, version computer_20250124, as its reference
// implementation takes them (anthropics/anthropic-quickstarts computer-use-demo
// computer_use_demo/tools/computer.py, ComputerTool20250124; the input schema is in Anthropic's
// computer use docs): {action, coordinate, start_coordinate, text, key, scroll_direction,
// scroll_amount, duration}, coordinates in pixels of the paired frame (the screenshot the model
// would have been shown). What the reference tool accepts, each action is given:
//  - `key` runs `xdotool key -- <text>` through a shell: the text is X keysym names and xdotool's
//    aliases joined by '+' (consumer-keys.ts), never raw punctuation xdotool refuses (ctrl+/);
//  - clicks refuse `text` and hold the keys of `key` (xdotool keydown); scroll holds `text`;
//  - left_click_drag drags from where the pointer is (the tool reads no start_coordinate), so a
//    mouse_move to the start comes first; nothing holds a key or another button through a drag;
//  - wait refuses a duration over 100 s, so a longer pause is several waits.
import type { Modifier } from '../../shared/modifiers.ts';
import type { Action, StepPoint } from '../actions/action.ts';
import { xdotoolKey } from './consumer-keys.ts';
import { isRefusal, keysIn, type Refusal, refuse, typedRuns } from './refusal.ts';

export type AnthropicAction = Record<string, unknown> & { action: string };

/** The longest wait the reference tool takes (s). */
export const ANTHROPIC_MAX_WAIT_S = 100;

const coord = (p: StepPoint): [number, number] => [p.frameX, p.frameY];
const keyText = (mods: readonly Modifier[]) => mods.map((m) => xdotoolKey(m)!).join('+');

export function anthropicActions(step: Action): AnthropicAction[] | Refusal {
  switch (step.kind) {
    case 'click': {
      const name =
        step.button === 'right' ? 'right_click' : step.button === 'middle' ? 'middle_click' : ['left_click', 'double_click', 'triple_click'][step.count - 1]!;
      const times = step.button === 'left' ? 1 : step.count;
      const held = step.mods.length > 0 ? { key: keyText(step.mods) } : {};
      return Array.from({ length: times }, () => ({ action: name, coordinate: coord(step.point!), ...held }));
    }
    case 'drag': {
      if (step.button !== 'left') return refuse(`Anthropic's computer tool drags with the left button only (this drag held the ${step.button} one).`);
      if (step.mods.length > 0) return refuse(`Anthropic's computer tool cannot hold keys through a drag (${step.mods.join('+')} was held).`);
      const end = step.path.at(-1) ?? step.point!;
      return [
        { action: 'mouse_move', coordinate: coord(step.point!) },
        { action: 'left_click_drag', start_coordinate: coord(step.point!), coordinate: coord(end) },
      ];
    }
    case 'scroll': {
      const held = step.mods.length > 0 ? { text: keyText(step.mods) } : {};
      return [{ action: 'scroll', coordinate: coord(step.point!), scroll_direction: step.direction, scroll_amount: step.amount, ...held }];
    }
    case 'type': {
      const runs = typedRuns(step);
      return isRefusal(runs) ? runs : runs.map((text) => ({ action: 'type', text }));
    }
    case 'hotkey':
    case 'key': {
      const keys = keysIn(step, xdotoolKey, 'xdotool');
      return isRefusal(keys) ? keys : [{ action: 'key', text: keys.join('+') }];
    }
    case 'wait': {
      const waits: AnthropicAction[] = [];
      for (let left = step.ms / 1000; left > 0.05; left -= ANTHROPIC_MAX_WAIT_S) {
        waits.push({ action: 'wait', duration: Math.round(Math.min(left, ANTHROPIC_MAX_WAIT_S) * 10) / 10 });
      }
      return waits;
    }
  }
}
