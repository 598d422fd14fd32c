import { describe, expect, it } from 'vitest';
import { DomainError } from '../../src/core/domain-error.ts';
import { type Handlers, invoke } from '../../src/host/invoke.ts';
import { StoreError } from '../../src/store/store-error.ts';

const calls: unknown[] = [];
const handlers = new Proxy({} as Handlers, {
  get: (_t, name) => (input: unknown) => {
    calls.push([name, input]);
    if (name === 'sessions.delete') throw new StoreError('not-found', 'No session with id x; run `cairn sessions` to list them.');
    if (name === 'recorder.start') throw new DomainError('refused', 'No consent given yet: accept it first.');
    if (name === 'apps.list') return [{ app: 'X', allowed: 'yes' }];
    if (name === 'data.forget') return { events: 1, frames: 2, deletedSessions: 0 };
    throw new Error('boom');
  },
});

describe('the API wrapper', () => {
  it('refuses unknown methods, including prototype keys, without calling anything', async () => {
    for (const method of ['nope', '__proto__', 'constructor', 'toString', 42, null]) {
      const r = await invoke(handlers, method, {});
      expect(r).toMatchObject({ ok: false, error: { code: 'unknown-method' } });
    }
    expect(calls).toEqual([]);
  });

  it('validates input and answers with one sentence naming the field', async () => {
    const r = await invoke(handlers, 'data.forget', { minutes: 'five' });
    expect(r).toEqual({ ok: false, error: { code: 'invalid-input', message: expect.stringMatching(/^Invalid field "minutes" for data\.forget: .+\.$/) } });
    const extra = await invoke(handlers, 'data.forget', { minutes: 5, __proto__: { admin: true }, extra: 1 });
    expect(extra).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(calls).toEqual([]);
  });

  it('passes parsed input and returns checked output', async () => {
    expect(await invoke(handlers, 'data.forget', { minutes: 5 })).toEqual({ ok: true, result: { events: 1, frames: 2, deletedSessions: 0 } });
    expect(calls.at(-1)).toEqual(['data.forget', { minutes: 5 }]);
  });

  it('maps domain errors to codes and hides nothing but stack traces', async () => {
    expect(await invoke(handlers, 'sessions.delete', { id: '00000000-0000-0000-0000-000000000000' })).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(await invoke(handlers, 'recorder.start', {})).toEqual({ ok: false, error: { code: 'refused', message: 'No consent given yet: accept it first.' } });
    expect(await invoke(handlers, 'recorder.stop', {})).toMatchObject({ ok: false, error: { code: 'internal', message: expect.stringContaining('boom') } });
  });

  it('refuses to return an answer that breaks the contract', async () => {
    expect(await invoke(handlers, 'apps.list', {})).toMatchObject({ ok: false, error: { code: 'internal', message: expect.stringContaining('did not match the API contract') } });
  });
});
