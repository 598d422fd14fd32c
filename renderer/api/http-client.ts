// The API over HTTP, as the browser host (`cairn serve`) serves it, derived from the contract's
// method names: `POST /api/<method>` with a JSON body and the token as a Bearer header. Events come
// over Server-Sent Events; EventSource cannot send headers, so /api/events takes the token as a
// query parameter (the host accepts it there and nowhere else).
import { fromHttpErrorBody } from '../../src/shared/api-error-codec.ts';
import { METHOD_NAMES, type CairnApi, type EventName, type EventPayload } from '../../src/shared/contract.ts';
import { ApiCallError } from './api-call-error.ts';
import { takeToken } from './token.ts';
import type { EventSubscriber } from './event-subscriber.ts';

async function call(method: string, input: unknown): Promise<unknown> {
  const token = takeToken();
  let response: Response;
  try {
    response = await fetch(`/api/${method}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(input ?? {}),
    });
  } catch {
    throw new ApiCallError('network', 'Cairn is not reachable: is `cairn serve` still running?');
  }
  const body: unknown = await response.json().catch(() => null);
  if (response.ok) return (body as { result?: unknown } | null)?.result;
  const error = fromHttpErrorBody(body);
  if (error) throw new ApiCallError(error.code, error.message);
  if (response.status === 401) {
    throw new ApiCallError('unauthorized', 'This page has no valid token: open the URL that `cairn serve` printed.');
  }
  throw new ApiCallError('internal', `Cairn answered ${response.status} to ${method}.`);
}

export function createHttpApi(): CairnApi & EventSubscriber {
  const api = Object.fromEntries(METHOD_NAMES.map((name) => [name, (input: unknown) => call(name, input)])) as unknown as CairnApi;
  let source: EventSource | null = null;
  const onEvent = <E extends EventName>(name: E, callback: (payload: EventPayload<E>) => void): (() => void) => {
    source ??= new EventSource(`/api/events?token=${encodeURIComponent(takeToken() ?? '')}`);
    const listener = (message: MessageEvent<string>) => callback(JSON.parse(message.data) as EventPayload<E>);
    source.addEventListener(name, listener);
    return () => source?.removeEventListener(name, listener);
  };
  return { ...api, onEvent };
}
