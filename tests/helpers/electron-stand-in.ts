// A stand-in for the `electron` module, for loading the BUILT preload (dist/electron/preload.cjs)
// under plain Node where the Electron binary cannot run. It reproduces what Electron does to values
// and errors between the main process, the preload's isolated world and the page, as Electron's own
// code does it (electron/electron on GitHub):
//  - ipcRenderer.invoke (lib/renderer/api/ipc-renderer.ts, and `-ipc-invoke` in
//    lib/browser/api/web-contents.ts): the arguments and the main handler's value cross as
//    structured clones; a handler that throws rejects the call with
//    `new Error("Error invoking remote method '<channel>': " + String(error))`, so the page-side
//    text starts with that prefix and then "Error: <message>"; a channel with no handler fails the
//    same way with "No handler registered for '<channel>'".
//  - contextBridge.exposeInMainWorld (shell/renderer/api/electron_api_context_bridge.cc,
//    PassValueToOtherContext and ProxyFunctionWrapper): the page gets a deep-frozen copy of the
//    object; functions become proxies; arrays and plain objects are copied member by member,
//    anything else structured-cloned; a promise becomes a new promise whose value or reason is
//    copied the same way. An Error (a rejection, or thrown by a proxied function) arrives as
//    `new Error(message)`: its class, name, `code`, cause and stack are lost. A thrown value with no
//    string message arrives as Electron's fixed "An unknown exception occurred ..." sentence.
//  - ipcRenderer.on / removeListener, and the main side's webContents.send: an event emitter.
// Not reproduced: separate V8 worlds (the copies live in this realm, so `instanceof Error` holds
// as it does in the page's own world), and the sandbox's globals. The preload's `require` offers
// only `electron`, as a sandboxed preload that must be bundled.
import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import vm from 'node:vm';

type MainHandler = (event: unknown, ...args: unknown[]) => unknown;

const UNKNOWN_EXCEPTION = 'An unknown exception occurred in the isolated context, an error occurred but a valid exception was not thrown.';

export interface ElectronStandIn {
  /** The main side: `ipcMain.handle`. */
  handle(channel: string, handler: MainHandler): void;
  /** The main side: `webContents.send(channel, ...args)` to the preload. */
  send(channel: string, ...args: unknown[]): void;
  /** What the preload exposed, as the page sees it (`window[key]`). */
  exposed: Record<string, unknown>;
}

/** Runs the bundled preload at `preloadFile` against the stand-in; `senderEvent` is the event the
 *  main handler receives (what ipcMain's IpcMainInvokeEvent would hold). */
export function loadPreload(preloadFile: string, senderEvent: unknown): ElectronStandIn {
  const handlers = new Map<string, MainHandler>();
  const renderer = new EventEmitter();
  const exposed: Record<string, unknown> = {};

  const ipcRenderer = {
    async invoke(channel: string, ...args: unknown[]): Promise<unknown> {
      const handler = handlers.get(channel);
      const sent = structuredClone(args);
      let result: unknown;
      try {
        if (!handler) throw new Error(`No handler registered for '${channel}'`);
        result = await handler(senderEvent, ...sent);
      } catch (error) {
        // eslint-disable-next-line preserve-caught-error -- Electron sends only the text across.
        throw new Error(`Error invoking remote method '${channel}': ${String(error)}`);
      }
      return structuredClone(result);
    },
    on(channel: string, listener: (...args: unknown[]) => void) {
      renderer.on(channel, listener);
      return ipcRenderer;
    },
    removeListener(channel: string, listener: (...args: unknown[]) => void) {
      renderer.removeListener(channel, listener);
      return ipcRenderer;
    },
  };
  const contextBridge = {
    exposeInMainWorld(key: string, api: unknown): void {
      if (key in exposed) throw new Error('Cannot bind an API on top of an existing property on the window object');
      exposed[key] = deepFreeze(acrossBridge(api));
    },
  };

  const source = readFileSync(preloadFile, 'utf8');
  const run = vm.runInThisContext(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: preloadFile }) as (...args: unknown[]) => void;
  const module = { exports: {} };
  const require = (id: string): unknown => {
    if (id === 'electron') return { contextBridge, ipcRenderer };
    throw new Error(`The sandboxed preload required "${id}"; it may require only electron (bundle the rest).`);
  };
  run(module.exports, require, module, preloadFile, '.');

  return {
    handle: (channel, handler) => void handlers.set(channel, handler),
    send: (channel, ...args) => void renderer.emit(channel, { sender: null }, ...structuredClone(args)),
    exposed,
  };
}

/** What the bridge makes of a value passed from one world to the other. */
function acrossBridge(value: unknown): unknown {
  if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return value;
  if (typeof value === 'function') return proxyFunction(value as (...args: unknown[]) => unknown);
  if (value instanceof Promise) return value.then(acrossBridge, (reason: unknown) => Promise.reject(acrossBridge(reason)));
  if (value instanceof Error) return new Error(value.message);
  if (Array.isArray(value)) return value.map(acrossBridge);
  if (Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, acrossBridge(v)]));
  }
  return structuredClone(value);
}

function proxyFunction(fn: (...args: unknown[]) => unknown): (...args: unknown[]) => unknown {
  return (...args) => {
    let result: unknown;
    try {
      result = fn(...args.map(acrossBridge));
    } catch (error) {
      const message = (error as { message?: unknown } | null)?.message;
      // eslint-disable-next-line preserve-caught-error -- the bridge keeps only the message.
      throw new Error(typeof message === 'string' ? message : UNKNOWN_EXCEPTION);
    }
    return acrossBridge(result);
  };
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
