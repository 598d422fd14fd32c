// A step in words, as the scrubber labels it on its frame and under it: "Double-click", "Drag",
// "Scroll down ×3", "Press Ctrl+S", "Wait 3.2 s". Typed text is told in parts, so that a redacted run
// is only ever a count ("20 keys redacted"), never text.
import type { SessionStep } from '../stores/steps-store.ts';

export type TextPart = NonNullable<SessionStep['text']>[number];

const CLICKS = ['Click', 'Double-click', 'Triple-click'];

const keyWord = (key: string) => (key.length === 1 ? key.toUpperCase() : key.charAt(0).toUpperCase() + key.slice(1));

/** "Ctrl+Shift+" for the modifiers held, or "". */
const held = (mods: readonly string[] | undefined) => (mods?.length ? `${mods.map(keyWord).join('+')}+` : '');

/** The step's label, without its typed text (see `typedParts`). */
export function stepWords(step: SessionStep): string {
  switch (step.kind) {
    case 'click': {
      const name = CLICKS[(step.count ?? 1) - 1] ?? 'Click';
      const button = step.button && step.button !== 'left' ? `${step.button.charAt(0).toUpperCase()}${step.button.slice(1)}-` : '';
      return `${held(step.mods)}${button}${button ? name.toLowerCase() : name}`;
    }
    case 'drag':
      return `${held(step.mods)}Drag${step.button && step.button !== 'left' ? ` (${step.button} button)` : ''}`;
    case 'scroll':
      return `${held(step.mods)}Scroll ${step.direction} ×${step.amount}`;
    case 'type':
      return 'Type';
    case 'hotkey':
    case 'key':
      return `Press ${(step.keys ?? []).map(keyWord).join('+')}`;
    case 'wait':
      return `Wait ${((step.ms ?? 0) / 1000).toFixed(1)} s`;
  }
}

/** A redacted run, in words. */
export function redactedWords(count: number): string {
  return `${count} key${count === 1 ? '' : 's'} redacted`;
}

/** The typed parts as one line of words: "hello ", then "[20 keys redacted]", then " bye". */
export function typedLine(parts: readonly TextPart[]): string {
  return parts.map((p) => ('kept' in p ? p.kept : `[${redactedWords(p.redacted)}]`)).join('');
}

/** An element record's role and name, as the accessibility tree or the extension gave them:
 *  'button “Save”'; "" when it has neither. */
export function elementWords(element: Readonly<Record<string, unknown>>): string {
  const role = typeof element.role === 'string' ? element.role : typeof element.tag === 'string' ? element.tag : '';
  const name = typeof element.name === 'string' && element.name ? `“${element.name}”` : '';
  return [role, name].filter(Boolean).join(' ');
}
