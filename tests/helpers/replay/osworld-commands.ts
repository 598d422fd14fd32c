// The pyautogui command OSWorld's PythonController.execute_action writes for a computer_13 action
// (desktop_env/controllers/python.py at the commit fixtures/consumer-sources/SOURCES.json names),
// spelled as it spells it, for the replay to run as the controller does: each command after its
// prefix `import pyautogui; import time; pyautogui.FAILSAFE = False; `. An action its checks refuse
// (an action type or key outside ACTION_SPACE and KEYBOARD_KEYS: osworld-check.ts) throws, as the
// controller raises.
//   MOVE_TO    pyautogui.moveTo(x, y, duration, tween)   (duration random in 0.5..1 s: 0.5 here)
//   CLICK      pyautogui.click(button='b', x=x, y=y, clicks=n)  (each part only when given)
//   MOUSE_DOWN pyautogui.mouseDown(button='b')   MOUSE_UP pyautogui.mouseUp(button='b')
//   RIGHT_CLICK pyautogui.rightClick(x=x, y=y)    DOUBLE_CLICK pyautogui.doubleClick(x=x, y=y)
//   DRAG_TO    pyautogui.dragTo(x, y, duration=1.0, button='left', mouseDownUp=True)
//   SCROLL     pyautogui.hscroll(dx) then pyautogui.vscroll(dy)
//   TYPING     pyautogui.typewrite(repr(text))     PRESS pyautogui.press('key')
//   KEY_DOWN   pyautogui.keyDown('key')            KEY_UP pyautogui.keyUp('key')
//   HOTKEY     pyautogui.hotkey('k1', 'k2')        WAIT, FAIL, DONE: nothing
import { pyString } from '../../../src/export/writers/python-literal.ts';
import { osworldProblems } from '../consumers/osworld-check.ts';

export interface Computer13Action {
  action_type: string;
  parameters?: Record<string, unknown>;
}

export const CONTROLLER_PREFIX = 'import pyautogui; import time; pyautogui.FAILSAFE = False; ';

/** The pyautogui functions those commands call: all the stand-in may serve to this replay. */
export const CONTROLLER_CALLS = ['moveTo', 'click', 'mouseDown', 'mouseUp', 'rightClick', 'doubleClick', 'dragTo', 'hscroll', 'vscroll', 'typewrite', 'press', 'keyDown', 'keyUp', 'hotkey'];

/** The commands the controller runs for `action` (one Python source each), observed at `size`. */
export function osworldCommands(action: Computer13Action, size: [number, number]): string[] {
  const problems = osworldProblems(action, size);
  if (problems.length > 0) throw new Error(`OSWorld's controller refuses ${JSON.stringify(action)}: ${problems.join('; ')}`);
  const p = action.parameters ?? {};
  const has = (k: string) => k in p;
  const args = (...names: string[]) => names.filter(has).map((n) => (n === 'button' ? `button='${String(p.button)}'` : `${n === 'num_clicks' ? 'clicks' : n}=${String(p[n])}`)).join(', ');
  const command = (() => {
    switch (action.action_type) {
      case 'MOVE_TO':
        return [`pyautogui.moveTo(${String(p.x)}, ${String(p.y)}, 0.5, pyautogui.easeInOutQuad)`];
      case 'CLICK':
        return [`pyautogui.click(${args('button', 'x', 'y', 'num_clicks')})`];
      case 'MOUSE_DOWN':
      case 'MOUSE_UP':
        return [`pyautogui.${action.action_type === 'MOUSE_DOWN' ? 'mouseDown' : 'mouseUp'}(${args('button')})`];
      case 'RIGHT_CLICK':
      case 'DOUBLE_CLICK':
        return [`pyautogui.${action.action_type === 'RIGHT_CLICK' ? 'rightClick' : 'doubleClick'}(${args('x', 'y')})`];
      case 'DRAG_TO':
        return [`pyautogui.dragTo(${String(p.x)}, ${String(p.y)}, duration=1.0, button='left', mouseDownUp=True)`];
      case 'SCROLL':
        return [...(has('dx') ? [`pyautogui.hscroll(${String(p.dx)})`] : []), ...(has('dy') ? [`pyautogui.vscroll(${String(p.dy)})`] : [])];
      case 'TYPING':
        return [`pyautogui.typewrite(${pyString(String(p.text))})`];
      case 'PRESS':
      case 'KEY_DOWN':
      case 'KEY_UP':
        return [`pyautogui.${{ PRESS: 'press', KEY_DOWN: 'keyDown', KEY_UP: 'keyUp' }[action.action_type]}('${String(p.key)}')`];
      case 'HOTKEY':
        return [`pyautogui.hotkey('${(p.keys as string[]).join("', '")}')`];
      default:
        return [];
    }
  })();
  return command.map((c) => `${CONTROLLER_PREFIX}${c}`);
}
