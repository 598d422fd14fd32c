// The main process's side of the service process: one `Handlers` object whose every method is a
// message to the service, and the service's events. The main thread only passes messages; the
// store and the recorder live in the child. A child that dies fails its pending calls with a clear
// error and is started again by the next call.
import { DomainError } from '../core/domain-error.ts';
import { METHOD_NAMES } from '../shared/contract.ts';
import type { Handlers } from '../host/invoke.ts';
import type { FromService, ToService } from './service-messages.ts';

/** What is used of Electron's UtilityProcess; tests pass a fake. */
export interface ServiceChild {
  postMessage(message: ToService): void;
  on(event: 'message', listener: (message: FromService) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  kill(): boolean;
}

export interface ServiceClient {
  handlers: Handlers;
  onEvent(listener: (name: string, payload: unknown) => void): void;
  setOwnPids(pids: number[]): void;
  /** Asks the service to close its store and recorder, and waits (at most `timeoutMs`) for it. */
  stop(timeoutMs?: number): Promise<void>;
}

type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void };

export function createServiceClient(spawn: () => ServiceChild): ServiceClient {
  let child: ServiceChild | null = null;
  let nextId = 1;
  let ownPids: number[] = [];
  let stopping: (() => void) | null = null;
  const pending = new Map<number, Pending>();
  const listeners: Array<(name: string, payload: unknown) => void> = [];

  const failAll = (message: string): void => {
    for (const { reject } of pending.values()) reject(new DomainError('unavailable', message));
    pending.clear();
  };

  const connect = (): ServiceChild => {
    if (child) return child;
    const started = spawn();
    child = started;
    started.on('message', (message) => {
      if (message.type === 'result') {
        const call = pending.get(message.id);
        pending.delete(message.id);
        if (!call) return;
        if (message.result.ok) call.resolve(message.result.result);
        else call.reject(new DomainError(message.result.error.code, message.result.error.message));
      } else if (message.type === 'event') {
        for (const listener of listeners) listener(message.name, message.payload);
      } else if (message.type === 'failed') {
        failAll(message.message);
      }
    });
    started.on('exit', (code) => {
      if (child === started) child = null;
      failAll(`Cairn's background service stopped (exit code ${code}); try again, and restart Cairn if it keeps failing.`);
      stopping?.();
    });
    if (ownPids.length) started.postMessage({ type: 'own-pids', pids: ownPids });
    return started;
  };

  const call = (method: string, input: unknown): Promise<unknown> =>
    new Promise((resolve, reject) => {
      if (stopping) return reject(new DomainError('unavailable', 'Cairn is quitting.'));
      const id = nextId++;
      pending.set(id, { resolve, reject });
      connect().postMessage({ type: 'call', id, method, input });
    });

  const handlers = Object.fromEntries(METHOD_NAMES.map((method) => [method, (input: unknown) => call(method, input)])) as unknown as Handlers;

  return {
    handlers,
    onEvent: (listener) => void listeners.push(listener),
    setOwnPids(pids) {
      ownPids = [...pids];
      child?.postMessage({ type: 'own-pids', pids: ownPids });
    },
    stop(timeoutMs = 5000) {
      const running = child;
      if (!running) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          running.kill();
          resolve();
        }, timeoutMs);
        stopping = () => {
          clearTimeout(timer);
          resolve();
        };
        running.postMessage({ type: 'close' });
      });
    },
  };
}
