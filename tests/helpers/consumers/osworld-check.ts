// OSWorld's rules for a computer_13 action, Cairn's own check from facts taken from OSWorld's
// sources (fixtures/consumer-sources/osworld.json): the action type is one of ACTION_SPACE that
// PythonController.execute_action runs; its parameters are the ones ACTION_SPACE names, required
// unless optional, of the type and within the range it gives (x and y within the observation,
// Cairn's paired frame; keys in KEYBOARD_KEYS, compared lower-cased as the controller does); and a
// key the controller writes between single quotes, unescaped, holds no quote or backslash, which
// would break the pyautogui command it sends.
import { consumerFacts, type OsworldParameter } from '../../../scripts/consumer-facts.ts';

function typeOk(value: unknown, wanted: OsworldParameter['type']): boolean {
  // An int is a float to the controller, which writes numbers into Python source.
  if (wanted === 'float') return typeof value === 'number' && Number.isFinite(value);
  if (wanted === 'int') return Number.isInteger(value);
  if (wanted === 'str') return typeof value === 'string';
  return Array.isArray(value);
}

function rangeProblems(kind: string, name: string, value: unknown, spec: OsworldParameter, size: [number, number]): string[] {
  const keys = consumerFacts().osworld.keyboardKeys;
  const notAKey = (k: unknown) => typeof k !== 'string' || !keys.includes(k.toLowerCase());
  if (name === 'x' || name === 'y') {
    const bound = name === 'x' ? size[0] : size[1];
    return (value as number) >= 0 && (value as number) <= bound ? [] : [`${kind}.${name}=${String(value)} lies outside the observation (0..${bound})`];
  }
  if (spec.range === 'KEYBOARD_KEYS') return notAKey(value) ? [`${kind} key ${JSON.stringify(value)} is not in KEYBOARD_KEYS`] : [];
  if (Array.isArray(spec.range) && spec.range.length === 1 && spec.range[0] === 'KEYBOARD_KEYS') {
    return (value as unknown[]).filter(notAKey).map((k) => `${kind} key ${JSON.stringify(k)} is not in KEYBOARD_KEYS`);
  }
  if (Array.isArray(spec.range) && !spec.range.includes(value)) return [`${kind}.${name}=${JSON.stringify(value)} is not one of ${JSON.stringify(spec.range)}`];
  return [];
}

export function osworldProblems(action: { action_type?: unknown; parameters?: unknown }, size: [number, number]): string[] {
  const { actionSpace, controllerActionTypes, keysInSingleQuotes } = consumerFacts().osworld;
  const kind = String(action.action_type);
  const declared = actionSpace.find((a) => a.action_type === kind)?.parameters;
  if (!declared) return [`${JSON.stringify(action.action_type)} is not an action type of ACTION_SPACE`];
  const problems = controllerActionTypes.includes(kind) ? [] : [`OSWorld's controller does not run ${kind}`];
  const given = (action.parameters ?? {}) as Record<string, unknown>;
  for (const name of Object.keys(given)) if (!(name in declared)) problems.push(`${kind} takes no ${name}`);
  for (const [name, spec] of Object.entries(declared)) {
    if (!(name in given)) {
      if (!spec.optional) problems.push(`${kind} needs ${name}`);
      continue;
    }
    const value = given[name];
    if (!typeOk(value, spec.type)) problems.push(`${kind}.${name}=${JSON.stringify(value)} is not a ${spec.type}`);
    else problems.push(...rangeProblems(kind, name, value, spec, size));
  }
  if (keysInSingleQuotes.includes(kind)) {
    const keys = [given.key, ...((given.keys as unknown[] | undefined) ?? [])].filter((k): k is string => typeof k === 'string');
    for (const k of keys.filter((x) => /['\\]/.test(x))) problems.push(`the controller writes ${kind}'s key ${JSON.stringify(k)} between single quotes unescaped: the pyautogui command would not compile`);
  }
  return problems;
}
