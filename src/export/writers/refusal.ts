// A step a consumer has no way to be given (a key it has no name for, keys held through a drag its
// tool cannot hold, typing wholly redacted): the format writes the reason where the step's actions
// would be, so nothing is spelled in a way the consumer refuses or misreads, and nothing is dropped
// without a word.
import type { HotkeyStep, KeyStep, TypeStep } from '../actions/action.ts';
import { keptRuns } from '../actions/kept-text.ts';

export interface Refusal {
  refused: string;
}

export function refuse(reason: string): Refusal {
  return { refused: reason };
}

export function isRefusal(value: unknown): value is Refusal {
  return typeof value === 'object' && value !== null && 'refused' in value;
}

/** A key or hotkey step's keys in a consumer's names (`nameIn`), or the refusal naming the first
 *  key `consumer` has no name for. */
export function keysIn(step: KeyStep | HotkeyStep, nameIn: (key: string) => string | undefined, consumer: string): string[] | Refusal {
  const names = step.kind === 'key' ? [step.key] : step.keys;
  const keys = names.map(nameIn);
  const unnamed = names.find((_, i) => keys[i] === undefined);
  return unnamed === undefined ? (keys as string[]) : refuse(`${consumer} has no name for the key ${unnamed}.`);
}

/** The runs of text a typing step may type (its redacted key strokes left out), or a refusal when
 *  every key stroke was redacted. */
export function typedRuns(step: TypeStep): string[] | Refusal {
  const runs = keptRuns(step.text);
  return runs.length > 0 ? runs : refuse(`Every key stroke of this typing (${step.redacted}) was redacted.`);
}
