// The one wrapper every handler goes through, in both hosts: it checks the method exists, validates
// the input against the contract, runs the handler, checks its output, and turns every failure into
// an ApiError with one clear sentence. Nothing unvalidated reaches a handler.
import type { z } from 'zod';
import { toApiError } from '../core/domain-error.ts';
import { type ApiError, contract, type MethodName, type MethodOutput } from '../shared/contract.ts';

/** What a handler receives: the input after the contract's schema parsed it (defaults applied). */
export type HandlerInput<M extends MethodName> = z.output<(typeof contract)[M]['input']>;
export type Handlers = { [M in MethodName]: (input: HandlerInput<M>) => Promise<MethodOutput<M>> | MethodOutput<M> };

export type InvokeResult = { ok: true; result: unknown } | { ok: false; error: ApiError };

export async function invoke(handlers: Handlers, method: unknown, rawInput: unknown): Promise<InvokeResult> {
  // Not String(method): an object would read "[object Object]", and one without a prototype throws.
  if (typeof method !== 'string') return fail('unknown-method', `An API method is named by a string, not by ${method == null ? 'nothing' : `a value of type ${typeof method}`}.`);
  if (!Object.hasOwn(contract, method)) {
    return fail('unknown-method', `There is no API method ${JSON.stringify(method.slice(0, 80))}; see src/shared/contract.ts for the list.`);
  }
  const name = method as MethodName;
  const spec = contract[name];
  const parsed = spec.input.safeParse(rawInput ?? {});
  if (!parsed.success) return fail('invalid-input', describeIssue(name, parsed.error.issues[0]));
  try {
    const handler = handlers[name] as (input: unknown) => unknown;
    const result = await handler(parsed.data);
    const checked = spec.output.safeParse(result);
    if (!checked.success) {
      return fail('internal', `The answer of ${name} did not match the API contract (${describeIssue(name, checked.error.issues[0])}); this is a bug in Cairn.`);
    }
    return { ok: true, result: checked.data };
  } catch (error) {
    return { ok: false, error: toApiError(error) };
  }
}

function describeIssue(method: string, issue: z.core.$ZodIssue | undefined): string {
  if (!issue) return `The input of ${method} is not valid.`;
  const where = issue.path.length ? `field "${issue.path.map(String).join('.')}"` : 'the input';
  // zod says "received undefined" of a field that was not sent; found by tests/reliability/fuzz-*:
  // a person should read that the field is missing, not the word "undefined".
  if (issue.code === 'invalid_type' && issue.message.endsWith('received undefined')) return `Missing ${where} for ${method} (expected: ${issue.expected}).`;
  return `Invalid ${where} for ${method}: ${issue.message.replace(/\.$/, '')}.`;
}

function fail(code: ApiError['code'], message: string): InvokeResult {
  return { ok: false, error: { code, message } };
}
