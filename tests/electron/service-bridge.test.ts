// The main <-> service-process protocol, end to end over in-memory ports: the client's handlers in
// the main process reach the service's handlers through `invoke` on the other side.
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../src/core/domain-error.ts';
import { invoke, type Handlers } from '../../src/host/invoke.ts';
import type { WindowInfo } from '../../src/core/window-info.ts';
import { createServiceClient, type ServiceChild } from '../../src/electron/service-client.ts';
import { runService, type ServiceOptions, type ServicePort } from '../../src/electron/service-host.ts';
import type { FromService, ToService } from '../../src/electron/service-messages.ts';

const window = (pid: number): WindowInfo => ({ windowId: '1', app: 'X', title: '', bounds: { x: 0, y: 0, width: 1, height: 1 }, pid });

function connected(make: (options: ServiceOptions) => { handlers: Handlers; close(): void }) {
  let options: ServiceOptions | undefined;
  let spawned = 0;
  const spawn = (): ServiceChild => {
    spawned++;
    const toParent: Array<(m: FromService) => void> = [];
    const onExit: Array<(code: number) => void> = [];
    const toChild: Array<(m: { data: unknown }) => void> = [];
    const port: ServicePort = {
      on: (_e, listener) => toChild.push(listener),
      postMessage: (m) => queueMicrotask(() => toParent.forEach((l) => l(structuredClone(m)))),
    };
    queueMicrotask(() =>
      runService(port, (o) => ((options = o), make(o)), () => queueMicrotask(() => onExit.forEach((l) => l(0)))),
    );
    return {
      postMessage: (m: ToService) => setTimeout(() => toChild.forEach((l) => l({ data: structuredClone(m) }))),
      on: ((event: string, listener: never) => (event === 'message' ? toParent : onExit).push(listener)) as ServiceChild['on'],
      kill: () => true,
    };
  };
  return { client: createServiceClient(spawn), options: () => options!, spawned: () => spawned };
}

const forgetHandlers = (seen: unknown[]) =>
  new Proxy({} as Handlers, {
    get: (_t, name) => (input: unknown) => {
      seen.push([name, input]);
      if (name === 'recorder.start') throw new DomainError('refused', 'No consent given yet: accept it first.');
      return { events: 2, frames: 0, deletedSessions: 0 };
    },
  });

describe('the service process bridge', () => {
  it('carries a call to the service handler and its answer back', async () => {
    const seen: unknown[] = [];
    const { client } = connected(() => ({ handlers: forgetHandlers(seen), close: () => undefined }));
    expect(await invoke(client.handlers, 'data.forget', { minutes: 5 })).toEqual({ ok: true, result: { events: 2, frames: 0, deletedSessions: 0 } });
    expect(seen).toEqual([['data.forget', { minutes: 5 }]]);
  });

  it('keeps the code and sentence of an error raised in the service', async () => {
    const { client } = connected(() => ({ handlers: forgetHandlers([]), close: () => undefined }));
    expect(await invoke(client.handlers, 'recorder.start', {})).toEqual({ ok: false, error: { code: 'refused', message: 'No consent given yet: accept it first.' } });
  });

  it('validates again in the service: nothing unvalidated reaches a handler there', async () => {
    const seen: unknown[] = [];
    const { client } = connected(() => ({ handlers: forgetHandlers(seen), close: () => undefined }));
    const raw = client.handlers['data.forget'] as unknown as (input: unknown) => Promise<unknown>;
    await expect(raw({ minutes: 'all' })).rejects.toMatchObject({ apiCode: 'invalid-input' });
    expect(seen).toEqual([]);
  });

  it('forwards events and tells the service which processes are Cairn\'s own', async () => {
    const { client, options } = connected(() => ({ handlers: forgetHandlers([]), close: () => undefined }));
    const events: unknown[] = [];
    client.onEvent((name, payload) => events.push([name, payload]));
    client.setOwnPids([4242, 4343]);
    await invoke(client.handlers, 'data.forget', { minutes: 1 });
    expect(options().ownWindow(window(4242))).toBe(true);
    expect(options().ownWindow(window(process.pid))).toBe(true);
    expect(options().ownWindow(window(1))).toBe(false);
    options().onEvent('recorder.status', { state: 'recording' });
    await new Promise((r) => setTimeout(r, 5));
    expect(events).toEqual([['recorder.status', { state: 'recording' }]]);
  });

  it('fails pending calls clearly when the service cannot start, and starts it again on the next call', async () => {
    let attempts = 0;
    const { client, spawned } = connected(() => {
      attempts++;
      throw new Error('The database in /x is locked by another Cairn.');
    });
    expect(await invoke(client.handlers, 'data.forget', { minutes: 5 })).toEqual({ ok: false, error: { code: 'unavailable', message: 'The database in /x is locked by another Cairn.' } });
    await new Promise((r) => setTimeout(r, 5));
    await invoke(client.handlers, 'data.forget', { minutes: 5 });
    expect([attempts, spawned()]).toEqual([2, 2]);
  });

  it('closes the service on stop', async () => {
    let closed = false;
    const { client } = connected(() => ({ handlers: forgetHandlers([]), close: () => void (closed = true) }));
    await invoke(client.handlers, 'data.forget', { minutes: 5 });
    await client.stop(1000);
    expect(closed).toBe(true);
  });
});
