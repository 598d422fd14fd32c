// The one way the renderer reaches Cairn's core: the Electron preload's `window.cairn` when the UI
// runs in the desktop app, else the browser host's HTTP API. Served by the team service instead
// (`cairn server start`), the UI is in remote mode and uses getTeamApi (team-client.ts). Both have the contract's shape, and
// both fail with an ApiCallError carrying the core's code and sentence.
import { fromBridgeError } from '../../src/shared/api-error-codec.ts';
import type { CairnApi } from '../../src/shared/contract.ts';
import { WINDOW_API_KEY } from '../../src/shared/window-api.ts';
import { ApiCallError } from './api-call-error.ts';
import type { EventSubscriber } from './event-subscriber.ts';
import { createHttpApi } from './http-client.ts';
import { createTeamApi, type TeamApi } from './team-client.ts';

export { isTeamService } from './team-client.ts';

export type RendererApi = CairnApi & EventSubscriber;

declare global {
  interface Window {
    [WINDOW_API_KEY]?: RendererApi;
  }
}

let api: RendererApi | null = null;

export function getApi(): RendererApi {
  const preload = window[WINDOW_API_KEY];
  api ??= preload ? fromPreload(preload) : createHttpApi();
  return api;
}

let teamApi: TeamApi | null = null;

export function getTeamApi(): TeamApi {
  teamApi ??= createTeamApi();
  return teamApi;
}

/** An error that crossed the contextBridge is a bare Error: the codec reads its code back. */
function fromPreload(preload: RendererApi): RendererApi {
  const decoded = (error: unknown): ApiCallError => {
    const { code, message } = fromBridgeError(error);
    return new ApiCallError(code, message);
  };
  const wrapped: Record<string, unknown> = {
    onEvent: (...args: Parameters<RendererApi['onEvent']>) => {
      try {
        return preload.onEvent(...args);
      } catch (error) {
        throw decoded(error);
      }
    },
  };
  for (const [name, fn] of Object.entries(preload)) {
    if (name === 'onEvent' || typeof fn !== 'function') continue;
    wrapped[name] = async (input: unknown) => {
      try {
        return await (fn as (i: unknown) => Promise<unknown>)(input);
      } catch (error) {
        throw decoded(error);
      }
    };
  }
  return wrapped as unknown as RendererApi;
}
