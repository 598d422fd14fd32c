// One step in the computer-use tool vocabularies of two model APIs. Coordinates are pixels of the
// paired frame (the screenshot the model would have been shown).
//  - Anthropic's `computer` tool, version computer_20250124 (docs: platform.claude.com "Computer use
//    tool"; input schema as in @ai-sdk/anthropic src/tool/computer_20250124.ts): {action, coordinate,
//    start_coordinate, text, scroll_direction, scroll_amount, duration}; `key` takes xdotool syntax
//    ("Return", "ctrl+s"); click actions take held modifiers in `text`.
//  - OpenAI's computer use tool (Responses API computer_call.action: click {button,x,y},
//    double_click, drag {path}, keypress {keys}, move, scroll {x,y,scroll_x,scroll_y}, type, wait;
//    `keys` held on click, double_click, drag, move and scroll);
//    key names as OpenAI's openai-cua-sample-app maps them (computers/base_playwright.py,
//    CUA_KEY_TO_PLAYWRIGHT_KEY: "ctrl", "enter", "esc", "arrowup", ...).
import type { Modifier } from '../../shared/modifiers.ts';
import type { Action, StepPoint } from '../actions/action.ts';
import { keptRuns } from '../actions/kept-text.ts';

/** OpenAI's scroll_x/scroll_y are pixels; one wheel notch is what Chromium scrolls for it (120 px,
 *  measured on a real recording in issue 13), so a replay in a browser moves as the demo did. */
export const OPENAI_PX_PER_NOTCH = 120;

const XDOTOOL: Record<string, string> = {
  enter: 'Return', tab: 'Tab', esc: 'Escape', backspace: 'BackSpace', delete: 'Delete', insert: 'Insert',
  up: 'Up', down: 'Down', left: 'Left', right: 'Right', home: 'Home', end: 'End', pageup: 'Page_Up',
  pagedown: 'Page_Down', capslock: 'Caps_Lock', space: 'space', numlock: 'Num_Lock', scrolllock: 'Scroll_Lock',
  printscreen: 'Print', pause: 'Pause', apps: 'Menu', ctrl: 'ctrl', alt: 'alt', shift: 'shift', meta: 'super',
};

export function xdotoolKey(name: string): string {
  if (XDOTOOL[name]) return XDOTOOL[name];
  if (/^f\d+$/.test(name)) return name.toUpperCase();
  return name;
}

const OPENAI_KEY: Record<string, string> = { up: 'arrowup', down: 'arrowdown', left: 'arrowleft', right: 'arrowright', meta: 'super' };

export function openaiKey(name: string): string {
  return OPENAI_KEY[name] ?? name;
}

const coord = (p: StepPoint): [number, number] => [p.frameX, p.frameY];
const modifierText = (mods: readonly Modifier[]) => (mods.length > 0 ? { text: mods.map(xdotoolKey).join('+') } : {});

export type AnthropicAction = Record<string, unknown> & { action: string };

export function anthropicActions(step: Action): AnthropicAction[] {
  switch (step.kind) {
    case 'click': {
      const name =
        step.button === 'right' ? 'right_click' : step.button === 'middle' ? 'middle_click' : ['left_click', 'double_click', 'triple_click'][step.count - 1]!;
      const times = step.button === 'left' ? 1 : step.count;
      return Array.from({ length: times }, () => ({ action: name, coordinate: coord(step.point!), ...modifierText(step.mods) }));
    }
    case 'drag': {
      const end = step.path.at(-1) ?? step.point!;
      if (step.button === 'left' && step.mods.length === 0) {
        return [{ action: 'left_click_drag', start_coordinate: coord(step.point!), coordinate: coord(end) }];
      }
      // Only the left button can be held, and modifiers only go with clicks: press, move, release.
      return [
        { action: 'mouse_move', coordinate: coord(step.point!) },
        { action: 'left_mouse_down' },
        ...step.path.slice(1).map((p) => ({ action: 'mouse_move', coordinate: coord(p) })),
        { action: 'left_mouse_up' },
      ];
    }
    case 'scroll':
      return [{ action: 'scroll', coordinate: coord(step.point!), scroll_direction: step.direction, scroll_amount: step.amount, ...modifierText(step.mods) }];
    case 'type':
      return keptRuns(step.text).map((text) => ({ action: 'type', text }));
    case 'hotkey':
      return [{ action: 'key', text: step.keys.map(xdotoolKey).join('+') }];
    case 'key':
      return [{ action: 'key', text: xdotoolKey(step.key) }];
    case 'wait':
      return [{ action: 'wait', duration: Math.round(step.ms / 100) / 10 }];
  }
}

export type OpenAIAction = Record<string, unknown> & { type: string };

/** OpenAI's pointer actions carry the keys held during them (`keys`: "The keys being held while
 *  clicking", likewise double-clicking, dragging, moving and scrolling), so a shift-click stays one. */
const heldKeys = (mods: readonly Modifier[]) => (mods.length > 0 ? { keys: mods.map(openaiKey) } : {});

export function openaiActions(step: Action): OpenAIAction[] {
  switch (step.kind) {
    case 'click': {
      const p = step.point!;
      const button = step.button === 'middle' ? 'wheel' : step.button;
      const held = heldKeys(step.mods);
      const click = { type: 'click', button, x: p.frameX, y: p.frameY, ...held };
      if (step.button === 'left' && step.count === 2) return [{ type: 'double_click', x: p.frameX, y: p.frameY, ...held }];
      // No triple click in the vocabulary: a double click and a click.
      if (step.button === 'left' && step.count === 3) return [{ type: 'double_click', x: p.frameX, y: p.frameY, ...held }, click];
      return Array.from({ length: step.count }, () => click);
    }
    case 'drag':
      return [{ type: 'drag', path: step.path.map((p) => ({ x: p.frameX, y: p.frameY })), ...heldKeys(step.mods) }];
    case 'scroll':
      return [{ type: 'scroll', x: step.point!.frameX, y: step.point!.frameY, scroll_x: step.dx * OPENAI_PX_PER_NOTCH, scroll_y: step.dy * OPENAI_PX_PER_NOTCH, ...heldKeys(step.mods) }];
    case 'type':
      return keptRuns(step.text).map((text) => ({ type: 'type', text }));
    case 'hotkey':
      return [{ type: 'keypress', keys: step.keys.map(openaiKey) }];
    case 'key':
      return [{ type: 'keypress', keys: [openaiKey(step.key)] }];
    case 'wait':
      return [{ type: 'wait' }];
  }
}
