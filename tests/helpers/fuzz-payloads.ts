// Hostile API calls for the fuzz tests of both hosts, generated from the contract's method list:
// wrong types for every field of every method, prototype-pollution keys at any depth, deep nesting,
// huge strings and unknown methods. Every call here fails the contract, so no handler may run;
// export paths (valid by schema, refused by the out-dir check) come from `hostileOutDirs`.
import fc from 'fast-check';
import type { z } from 'zod';
import { contract, METHOD_NAMES, type MethodName } from '../../src/shared/contract.ts';

export interface FuzzCall {
  label: string;
  method: unknown;
  input: unknown;
}

export const PROTO_KEYS = ['__proto__', 'constructor', 'prototype'] as const;

const fieldsOf = (m: MethodName): string[] => Object.keys((contract[m].input as unknown as z.ZodObject).shape);

/** Whether `invoke` would accept this input (it reads a missing input as `{}`). */
export const acceptedByContract = (m: MethodName, input: unknown): boolean => contract[m].input.safeParse(input ?? {}).success;

/** An object with `key` as an own property, even `__proto__` (as JSON.parse makes it). */
function withKey(key: string, value: unknown, base: Record<string, unknown> = {}): Record<string, unknown> {
  Object.defineProperty(base, key, { value, enumerable: true, writable: true, configurable: true });
  return base;
}

/** A value with a pollution key `depth` levels down, as an attacker's JSON would carry it. */
export const pollution = fc
  .tuple(fc.constantFrom(...PROTO_KEYS), fc.nat(6), fc.string({ maxLength: 8 }))
  .map(([key, depth, name]) => {
    let value: unknown = withKey(key, { polluted: 'yes', [name || 'x']: { polluted: 'yes' } });
    for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { nested: value };
    return value;
  });

export function deepNesting(depth: number, kind: 'array' | 'object'): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = kind === 'array' ? [value] : { a: value };
  return value;
}

const SPECIALS: unknown[] = [
  '', ' ', '\0', '\u202e', '../../../../etc/passwd', 'undefined-ish', 'a'.repeat(10_000), -1, 0, -0, 1.5, 2 ** 53 + 1, 1e308, -1e308,
  true, false, null, [], {}, [null], { '': '' }, '00000000-0000-0000-0000-000000000000', 'f'.repeat(64), 'F'.repeat(64),
];

/** JSON values, oddities and pollution; `jsOnly` adds values JSON cannot carry (IPC can). */
export function hostileValue(jsOnly = false): fc.Arbitrary<unknown> {
  const base: fc.Arbitrary<unknown>[] = [
    fc.jsonValue({ maxDepth: 3 }),
    fc.constantFrom(...SPECIALS),
    fc.string({ unit: 'binary', maxLength: 40 }),
    pollution,
    fc.constantFrom(deepNesting(500, 'array'), deepNesting(500, 'object')),
  ];
  if (jsOnly) base.push(fc.constantFrom<unknown>(NaN, Infinity, -Infinity, 10n, new Date(0), new Map([[1, 2]]), new Set([1]), new Uint8Array(4), Object.create(null)));
  return fc.oneof(...base);
}

/** A call to a real method whose input breaks the contract: fields of wrong types, unknown keys, a non-object. */
function wrongInput(jsOnly: boolean): fc.Arbitrary<FuzzCall> {
  return fc.constantFrom(...METHOD_NAMES).chain((m) => {
    const key = fc.oneof(fc.constantFrom(...fieldsOf(m), ...PROTO_KEYS), fc.string({ maxLength: 12 }));
    const asObject = fc.array(fc.tuple(key, hostileValue(jsOnly)), { minLength: 1, maxLength: 5 }).map((pairs) => {
      const input: Record<string, unknown> = {};
      for (const [k, v] of pairs) withKey(k, v, input);
      return input;
    });
    const notObject = hostileValue(jsOnly).filter((v) => typeof v !== 'object' || v === null || Array.isArray(v));
    return fc
      .oneof({ weight: 4, arbitrary: asObject }, { weight: 1, arbitrary: notObject })
      .filter((input) => !acceptedByContract(m, input))
      .map((input) => ({ label: `wrong-input ${m}`, method: m, input }));
  });
}

/** A method that is not in the contract, with any input. */
function unknownMethod(jsOnly: boolean): fc.Arbitrary<FuzzCall> {
  const names = fc.oneof(
    fc.constantFrom('', ' ', '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', 'consent', 'consent.', 'CONSENT.GET', 'consent.get ', 'consent.get/../consent.withdraw', 'sessions.list\0', 'api/consent.get'),
    fc.string({ maxLength: 30 }).filter((s) => !(METHOD_NAMES as string[]).includes(s)),
  );
  const method: fc.Arbitrary<unknown> = jsOnly ? fc.oneof(names, fc.constantFrom<unknown>(null, undefined, 42, {}, ['consent.get'], Symbol('x'), Object.create(null), 10n, () => 'consent.get')) : names;
  return fc.tuple(method, hostileValue(jsOnly)).map(([name, input]) => ({ label: 'unknown-method', method: name, input }));
}

/** The shared generator: mostly wrong inputs to real methods, some unknown methods. */
export function malformedCall(jsOnly = false): fc.Arbitrary<FuzzCall> {
  return fc.oneof({ weight: 9, arbitrary: wrongInput(jsOnly) }, { weight: 1, arbitrary: unknownMethod(jsOnly) });
}

export interface OutDirPlaces {
  dataDir: string;
  /** A symlink outside the data folder that points into it. */
  linkToData: string;
  /** A symlink to a folder that is not empty. */
  linkToFull: string;
  /** A dangling symlink (its target does not exist). */
  dangling: string;
  /** A folder outside the data folder, not empty. */
  fullDir: string;
}

/** Export destinations that must all be refused: traversal, the data folder (directly, via symlink,
 *  with any suffix), NUL bytes, over-long names, system folders that exist and are not empty. */
export function hostileOutDirs(p: OutDirPlaces): fc.Arbitrary<string> {
  const segment = fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom('.', '..', '...', '\0', 'a'.repeat(300), '\\..\\..', ' '));
  const insideData = fc
    .tuple(fc.constantFrom(p.dataDir, `${p.dataDir}/`, p.linkToData, `${p.dataDir}//.`), fc.array(segment, { maxLength: 4 }))
    .map(([root, rest]) => [root, ...rest].join('/'));
  const traversal = fc.tuple(fc.constantFrom('..', '../', '..\\', 'a/../..', '', '/tmp/x/..', `${p.fullDir}/..`, 'C:\\Windows', '\\\\server\\share', '~'), fc.array(segment, { maxLength: 3 }))
    .map(([head, rest]) => [head, ...rest].join(head.includes('\\') ? '\\' : '/'))
    .filter((s) => !s.startsWith('/') || s.split(/[\\/]+/).includes('..'));
  const fixed = fc.constantFrom('/etc', '/etc/', '/etc/passwd', '/etc/../etc', '/', '/proc/self', '/dev/null', `${p.fullDir}`, `${p.fullDir}/keep.txt`, `${p.fullDir}/keep.txt/x`,
    p.linkToFull, p.dangling, `/etc/x\0y`, `${p.fullDir}/new\0`, `${p.fullDir}-${'n'.repeat(300)}`, `/${'a'.repeat(4_100)}`, `${p.dataDir}\0/../x`);
  return fc.oneof(insideData, traversal, fixed);
}

/** One sentence for a person: ends with '.', one line, no stack, no leaked `undefined`/`[object …]`. */
export function sentenceProblem(message: unknown, sent: string): string | null {
  if (typeof message !== 'string' || message.length === 0) return 'no message';
  if (!message.endsWith('.')) return 'does not end with "."';
  if (/[\r\n]/.test(message)) return 'more than one line';
  if (/\n\s+at |\bat .+:\d+:\d+\)?$|node:internal/.test(message)) return 'holds a stack trace';
  if (/\bundefined\b/.test(message) && !sent.includes('undefined')) return 'says "undefined"';
  if (/\[object \w+\]/.test(message)) return 'says [object …]';
  if (message.length > 600) return 'longer than 600 characters';
  return null;
}

/** Whether Object.prototype (or Array's) gained a property: the sign of prototype pollution. */
export function prototypePolluted(): boolean {
  const probe: Record<string, unknown> = {};
  return Object.getOwnPropertyNames(Object.prototype).some((k) => k === 'polluted') || probe.polluted !== undefined || ([] as unknown as { polluted?: unknown }).polluted !== undefined;
}
