// OpenAI's rules for a computer use action: the schema written from the Responses API
// (fixtures/export-schemas/openai-computer.schema.json), coordinates within the screenshot, and
// every key one Playwright's keyboard presses: a name of the layout playwright-core builds (read
// from the installed package, not from Cairn's generated table), and still a name of that layout,
// for the same key, after OpenAI's sample app maps it (CUA_KEY_TO_PLAYWRIGHT_KEY, a fact taken from
// its source into fixtures/consumer-sources/openai.json: it lower-cases a key and looks it up, '/'
// becoming the keypad's Divide).
import { consumerFacts } from '../../../scripts/consumer-facts.ts';
import { type PlaywrightKey, playwrightKeys } from '../../../scripts/consumer-keys.ts';
import { loadSchema, type Schema, schemaErrors } from '../json-schema.ts';

let cached: { keys: Record<string, PlaywrightKey>; cua: Record<string, string> } | undefined;
function layout() {
  cached ??= { keys: playwrightKeys().keys, cua: consumerFacts().openai.cuaKeyToPlaywrightKey };
  return cached;
}

export function keyProblems(key: string): string[] {
  const { keys, cua } = layout();
  const pressed = keys[key];
  if (!pressed) return [`Playwright's keyboard has no key ${JSON.stringify(key)} ("Unknown key")`];
  const mapped = cua[key.toLowerCase()] ?? key;
  if (keys[mapped]?.code !== pressed.code) return [`OpenAI's sample app presses ${JSON.stringify(mapped)} for ${JSON.stringify(key)}, another key`];
  return [];
}

let schema: Schema | undefined;

export function openaiProblems(action: Record<string, unknown>, size: [number, number]): string[] {
  schema ??= loadSchema('openai-computer');
  const problems = schemaErrors(schema, action).map((e) => `schema: ${e}`);
  const points = [action, ...((action.path as Record<string, unknown>[] | undefined) ?? [])].filter((p) => typeof p.x === 'number');
  for (const p of points) {
    if (!((p.x as number) >= 0 && (p.x as number) <= size[0] && (p.y as number) >= 0 && (p.y as number) <= size[1])) {
      problems.push(`(${String(p.x)}, ${String(p.y)}) lies outside the screenshot (${size[0]}x${size[1]})`);
    }
  }
  for (const key of (action.keys as unknown[] | undefined) ?? []) problems.push(...(typeof key === 'string' ? keyProblems(key) : [`key ${JSON.stringify(key)} is not a string`]));
  return problems;
}
