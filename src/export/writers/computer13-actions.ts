// One step as OSWorld `computer_13` actions: {action_type, parameters}, from OSWorld's ACTION_SPACE
// (xlang-ai/OSWorld desktop_env/actions.py; fixtures/export-schemas/computer13.schema.json is
// written from it), run as OSWorld's PythonController.execute_action runs them
// (desktop_env/controllers/python.py). OSWorld's x and y are pixels of the screen the agent
// observes; Cairn's observation is the paired frame, so coordinates are pixels of that frame.
// SCROLL follows pyautogui (the controller calls hscroll(dx) and vscroll(dy): dy > 0 is up) and
// scrolls where the pointer is, so a MOVE_TO comes first. Keys are OSWorld's KEYBOARD_KEYS.
import type { Action, StepPoint } from '../actions/action.ts';
import { osworldKey } from './consumer-keys.ts';
import { isRefusal, keysIn, type Refusal, typedRuns } from './refusal.ts';

export interface Computer13Action {
  action_type: string;
  parameters?: Record<string, unknown>;
}

const xy = (p: StepPoint) => ({ x: p.frameX, y: p.frameY });

// The controller writes a key between single quotes as it is (f"pyautogui.press('{key}')"), so a
// key with a quote or a backslash would break the Python it runs; TYPING goes through repr().
const UNQUOTABLE = /['\\]/;

export function computer13Actions(step: Action): Computer13Action[] | Refusal {
  switch (step.kind) {
    case 'click': {
      const p = step.point!;
      let click: Computer13Action;
      if (step.button === 'right' && step.count === 1) click = { action_type: 'RIGHT_CLICK', parameters: xy(p) };
      else if (step.button === 'left' && step.count === 2) click = { action_type: 'DOUBLE_CLICK', parameters: xy(p) };
      else click = { action_type: 'CLICK', parameters: { button: step.button, ...xy(p), num_clicks: step.count } };
      return holding(step.mods, [click]);
    }
    case 'drag': {
      const end = step.path.at(-1) ?? step.point!;
      // DRAG_TO drags with the left button from where the pointer is; a path (or another button)
      // is spelled as press, moves and release.
      const body: Computer13Action[] =
        step.button === 'left' && step.path.length <= 2
          ? [{ action_type: 'MOVE_TO', parameters: xy(step.point!) }, { action_type: 'DRAG_TO', parameters: xy(end) }]
          : [
              { action_type: 'MOVE_TO', parameters: xy(step.point!) },
              { action_type: 'MOUSE_DOWN', parameters: { button: step.button } },
              ...step.path.slice(1).map((p) => ({ action_type: 'MOVE_TO', parameters: xy(p) })),
              { action_type: 'MOUSE_UP', parameters: { button: step.button } },
            ];
      return holding(step.mods, body);
    }
    case 'scroll':
      return holding(step.mods, [
        { action_type: 'MOVE_TO', parameters: xy(step.point!) },
        { action_type: 'SCROLL', parameters: { dx: step.dx, dy: -step.dy } },
      ]);
    case 'type': {
      const runs = typedRuns(step);
      return isRefusal(runs) ? runs : runs.map((text) => ({ action_type: 'TYPING', parameters: { text } }));
    }
    case 'hotkey':
    case 'key': {
      const keys = keysIn(step, osworldKey, "OSWorld's KEYBOARD_KEYS");
      if (isRefusal(keys)) return keys;
      const [last, ...held] = [...keys].reverse();
      // A character the controller cannot quote is typed with the others held (ctrl+' is
      // KEY_DOWN ctrl, TYPING "'", KEY_UP ctrl).
      if (UNQUOTABLE.test(last!)) return holdingKeys(held.reverse(), [{ action_type: 'TYPING', parameters: { text: last } }]);
      if (step.kind === 'key') return [{ action_type: 'PRESS', parameters: { key: last } }];
      return [{ action_type: 'HOTKEY', parameters: { keys } }];
    }
    case 'wait':
      return [{ action_type: 'WAIT' }];
  }
}

function holding(mods: readonly string[], body: Computer13Action[]): Computer13Action[] {
  return holdingKeys(mods.map((m) => osworldKey(m)!), body);
}

function holdingKeys(keys: readonly string[], body: Computer13Action[]): Computer13Action[] {
  return [
    ...keys.map((key) => ({ action_type: 'KEY_DOWN', parameters: { key } })),
    ...body,
    ...[...keys].reverse().map((key) => ({ action_type: 'KEY_UP', parameters: { key } })),
  ];
}
