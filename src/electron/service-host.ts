// The service process's side of the main <-> service protocol: creates Cairn's service (store,
// recorder, every API handler) and answers calls through the one wrapper, `invoke`, so input is
// validated here too, whatever the sender. Written against a port interface so tests drive it
// without Electron; service-process.ts binds it to `process.parentPort`.
import { invoke, type Handlers } from '../host/invoke.ts';
import type { WindowInfo } from '../core/window-info.ts';
import type { FromService, ToService } from './service-messages.ts';

export interface ServicePort {
  on(event: 'message', listener: (message: { data: unknown }) => void): unknown;
  postMessage(message: FromService): void;
}

export interface ServiceOptions {
  ownWindow: (window: WindowInfo) => boolean;
  onEvent: (name: string, payload: unknown) => void;
}

export interface RunningService {
  handlers: Handlers;
  close(): Promise<void> | void;
}

/** Serves `createService`'s handlers over `port` until a `close` message; `exit` ends the process. */
export function runService(port: ServicePort, createService: (options: ServiceOptions) => RunningService, exit: () => void): void {
  const ownPids = new Set<number>([process.pid]);
  let service: RunningService;
  try {
    service = createService({
      ownWindow: (window) => window.pid !== undefined && ownPids.has(window.pid),
      onEvent: (name, payload) => port.postMessage({ type: 'event', name, payload }),
    });
  } catch (error) {
    port.postMessage({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
    exit();
    return;
  }
  port.on('message', ({ data }) => {
    const message = data as ToService;
    if (message.type === 'call') {
      void invoke(service.handlers, message.method, message.input).then((result) => port.postMessage({ type: 'result', id: message.id, result }));
    } else if (message.type === 'own-pids') {
      ownPids.clear();
      ownPids.add(process.pid);
      for (const pid of message.pids) if (Number.isInteger(pid)) ownPids.add(pid);
    } else if (message.type === 'close') {
      void Promise.resolve(service.close()).finally(() => {
        port.postMessage({ type: 'closed' });
        exit();
      });
    }
  });
  port.postMessage({ type: 'ready' });
}
