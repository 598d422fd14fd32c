// One step as OSWorld `computer_13` actions: {action_type, parameters}, from OSWorld's ACTION_SPACE
// (desktop_env/envs/actions.py; fixtures/export-schemas/computer13.schema.json is written from it).
// OSWorld's x and y are pixels of the screen the agent observes; Cairn's observation is the
// paired frame, so coordinates are pixels of that frame. SCROLL follows pyautogui: dy > 0 is up.
import type { Action, StepPoint } from '../actions/action.ts';
import { keptRuns } from '../actions/kept-text.ts';
import { pyKey } from './pyautogui-code.ts';

export interface Computer13Action {
  action_type: string;
  parameters?: Record<string, unknown>;
}

/** Key names in OSWorld's KEYBOARD_KEYS (pyautogui's, with ' ' for the space bar). */
export function osworldKey(name: string): string {
  if (name === 'space') return ' ';
  return pyKey(name);
}

const xy = (p: StepPoint) => ({ x: p.frameX, y: p.frameY });

export function computer13Actions(step: Action): Computer13Action[] {
  switch (step.kind) {
    case 'click': {
      const p = step.point!;
      let click: Computer13Action;
      if (step.button === 'right' && step.count === 1) click = { action_type: 'RIGHT_CLICK', parameters: xy(p) };
      else if (step.button === 'left' && step.count === 2) click = { action_type: 'DOUBLE_CLICK', parameters: xy(p) };
      else click = { action_type: 'CLICK', parameters: { button: step.button, ...xy(p), num_clicks: step.count } };
      return holding(step.mods.map(osworldKey), [click]);
    }
    case 'drag': {
      const end = step.path.at(-1) ?? step.point!;
      // DRAG_TO drags with the left button from where the cursor is; a path (or another button)
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
      return holding(step.mods.map(osworldKey), body);
    }
    case 'scroll':
      return holding(step.mods.map(osworldKey), [
        { action_type: 'MOVE_TO', parameters: xy(step.point!) },
        { action_type: 'SCROLL', parameters: { dx: step.dx, dy: -step.dy } },
      ]);
    case 'type':
      return keptRuns(step.text).map((text) => ({ action_type: 'TYPING', parameters: { text } }));
    case 'hotkey':
      return [{ action_type: 'HOTKEY', parameters: { keys: step.keys.map(osworldKey) } }];
    case 'key':
      return [{ action_type: 'PRESS', parameters: { key: osworldKey(step.key) } }];
    case 'wait':
      return [{ action_type: 'WAIT' }];
  }
}

function holding(keys: string[], body: Computer13Action[]): Computer13Action[] {
  if (keys.length === 0) return body;
  return [
    ...keys.map((key) => ({ action_type: 'KEY_DOWN', parameters: { key } })),
    ...body,
    ...[...keys].reverse().map((key) => ({ action_type: 'KEY_UP', parameters: { key } })),
  ];
}
