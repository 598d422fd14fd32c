// One step as OpenAI computer use actions (Responses API computer_call.action: click {button, x, y},
// double_click, drag {path}, keypress {keys}, move, scroll {x, y, scroll_x, scroll_y}, type, wait),
// coordinates in pixels of the paired frame. Keys are Playwright's names (consumer-keys.ts: the
// computer OpenAI's sample app drives is Playwright's keyboard); pointer actions carry the keys held
// during them (`keys`: "The keys being held while clicking", likewise double-clicking, dragging,
// moving and scrolling), so a shift-click stays one. `drag` has no button: a drag with another
// button is refused. Scrolls are in pixels, 120 a wheel notch, as Chromium scrolls one.
import type { Modifier } from '../../shared/modifiers.ts';
import type { Action } from '../actions/action.ts';
import { playwrightKey } from './consumer-keys.ts';
import { isRefusal, keysIn, type Refusal, refuse, typedRuns } from './refusal.ts';

/** OpenAI's scroll_x/scroll_y are pixels; one wheel notch is what Chromium scrolls for it (120 px,
 *  measured on a real recording in issue 13), so a replay in a browser moves as the demo did. */
export const OPENAI_PX_PER_NOTCH = 120;

export type OpenAIAction = Record<string, unknown> & { type: string };

const heldKeys = (mods: readonly Modifier[]) => (mods.length > 0 ? { keys: mods.map((m) => playwrightKey(m)!) } : {});

export function openaiActions(step: Action): OpenAIAction[] | Refusal {
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
      if (step.button !== 'left') return refuse(`OpenAI's drag has no button: it drags with the left one (this drag held the ${step.button} one).`);
      return [{ type: 'drag', path: step.path.map((p) => ({ x: p.frameX, y: p.frameY })), ...heldKeys(step.mods) }];
    case 'scroll':
      return [{ type: 'scroll', x: step.point!.frameX, y: step.point!.frameY, scroll_x: step.dx * OPENAI_PX_PER_NOTCH, scroll_y: step.dy * OPENAI_PX_PER_NOTCH, ...heldKeys(step.mods) }];
    case 'type': {
      const runs = typedRuns(step);
      return isRefusal(runs) ? runs : runs.map((text) => ({ type: 'type', text }));
    }
    case 'hotkey':
    case 'key': {
      const keys = keysIn(step, playwrightKey, "Playwright's keyboard");
      return isRefusal(keys) ? keys : [{ type: 'keypress', keys }];
    }
    case 'wait':
      return [{ type: 'wait' }];
  }
}
