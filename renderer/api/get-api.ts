// The one way the renderer reaches Cairn's core: the Electron preload's `window.cairn` when the UI
// runs in the desktop app, else the browser host's HTTP API. Both have the contract's shape.
import type { CairnApi } from '../../src/shared/contract.ts';
import { ApiCallError } from './api-call-error.ts';
import type { EventSubscriber } from './event-subscriber.ts';
import { createHttpApi } from './http-client.ts';

export type RendererApi = CairnApi & EventSubscriber;

declare global {
  interface Window {
    cairn?: RendererApi;
  }
}

let api: RendererApi | null = null;

export function getApi(): RendererApi {
  api ??= window.cairn ? fromPreload(window.cairn) : createHttpApi();
  return api;
}

/** Errors crossing Electron's IPC lose their class; give them back their code. */
function fromPreload(preload: RendererApi): RendererApi {
  const wrapped: Record<string, unknown> = { onEvent: preload.onEvent.bind(preload) };
  for (const [name, fn] of Object.entries(preload)) {
    if (name === 'onEvent' || typeof fn !== 'function') continue;
    wrapped[name] = async (input: unknown) => {
      try {
        return await (fn as (i: unknown) => Promise<unknown>)(input);
      } catch (error) {
        const e = error as { code?: string; message?: string };
        throw new ApiCallError((e.code as ApiCallError['code']) ?? 'internal', cleanIpcMessage(e.message ?? String(error)));
      }
    };
  }
  return wrapped as unknown as RendererApi;
}

/** Electron prefixes rejected IPC errors with "Error invoking remote method '...': Error: ". */
function cleanIpcMessage(message: string): string {
  return message.replace(/^Error invoking remote method '[^']*': (?:\w*Error: )?/, '');
}
