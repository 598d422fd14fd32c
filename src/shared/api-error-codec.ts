// How an API error (the contract's ApiError: a code and one sentence) crosses each boundary of
// Cairn and is read back on the other side, and what its code means to HTTP and to the CLI's exit
// status. The preload, the renderer, the HTTP host and the CLI all use this module; none has its
// own copy. To add a code: add it to ApiError in contract.ts, then give it a row in BOUNDARIES (the
// type checker refuses a code without its row). Types only from the contract: the CLI reads its exit
// statuses here without loading the contract's schemas.
import type { ApiError, ApiErrorCode } from './contract.ts';

/** The exit statuses of `cairn`, as README.md ("The command line") lists them. */
export const EXIT_CODE = { ok: 0, failed: 1, usage: 2, withdrawn: 3, bug: 70 } as const;

const BOUNDARIES: Record<ApiErrorCode, { httpStatus: number; exitCode: number }> = {
  'invalid-input': { httpStatus: 400, exitCode: EXIT_CODE.usage },
  'unknown-method': { httpStatus: 404, exitCode: EXIT_CODE.usage },
  'not-found': { httpStatus: 404, exitCode: EXIT_CODE.failed },
  refused: { httpStatus: 403, exitCode: EXIT_CODE.failed },
  conflict: { httpStatus: 409, exitCode: EXIT_CODE.failed },
  unavailable: { httpStatus: 503, exitCode: EXIT_CODE.failed },
  internal: { httpStatus: 500, exitCode: EXIT_CODE.bug },
};

export function httpStatusOf(code: ApiErrorCode): number {
  return BOUNDARIES[code].httpStatus;
}

export function exitCodeOf(code: ApiErrorCode): number {
  return BOUNDARIES[code].exitCode;
}

/** `value` as an ApiError ({ code, message } and nothing else), or null when it is not one: a code
 *  BOUNDARIES has a row for (so, every code of the contract's ApiError) and a sentence. */
function asApiError(value: unknown): ApiError | null {
  const { code, message } = (value ?? {}) as { code?: unknown; message?: unknown };
  if (typeof code !== 'string' || !Object.hasOwn(BOUNDARIES, code) || typeof message !== 'string') return null;
  return { code: code as ApiErrorCode, message };
}

/** The body of an HTTP answer that failed: `{ error: { code, message } }`. */
export function httpErrorBody(error: ApiError): { error: ApiError } {
  return { error: { code: error.code, message: error.message } };
}

/** The ApiError in the body of a failed HTTP answer, or null when the body holds none. */
export function fromHttpErrorBody(body: unknown): ApiError | null {
  return asApiError((body as { error?: unknown } | null)?.error);
}

// Electron's contextBridge copies an Error into the page as a new Error with only its message (no
// class, no `code`), so the code rides in front of the sentence.
const BRIDGE_MARK = /^\[cairn:([a-z-]+)\] /;
// ipcRenderer.invoke rejects a handler that threw with "Error invoking remote method '<channel>': "
// and the error's toString() ("Error: ...") in front of the message.
const INVOKE_PREFIX = /^Error invoking remote method '[^']*': (?:\w*Error: )?/;

/** The Error the preload throws for an API error, to cross the contextBridge. */
export function toBridgeError(error: ApiError): Error {
  return new Error(`[cairn:${error.code}] ${error.message}`);
}

/** Reads back what `toBridgeError` sent, as the page receives it; anything else (a failure that
 *  did not come through the codec) is `internal`, with Electron's prefix taken off. */
export function fromBridgeError(thrown: unknown): ApiError {
  const text = typeof (thrown as { message?: unknown } | null)?.message === 'string' ? (thrown as { message: string }).message : String(thrown);
  const message = text.replace(INVOKE_PREFIX, '');
  const mark = BRIDGE_MARK.exec(message);
  return asApiError({ code: mark?.[1], message: message.slice(mark?.[0].length ?? 0) }) ?? { code: 'internal', message };
}
