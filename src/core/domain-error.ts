// A failure Cairn reports on purpose (a refused approval, a conflicting state, a session that is not
// there, a store that cannot be opened): its `apiCode` survives every boundary (IPC, HTTP, worker
// messages, the CLI's exit status; see shared/api-error-codec.ts) and its message is the one
// sentence the person sees. Every such error of a layer extends this class and names its code, so
// one function (`toApiError` below) reads them all; anything else is a bug in Cairn. Types only from
// the contract: the CLI reads its errors through here without loading the contract's schemas.
import type { ApiError, ApiErrorCode } from '../shared/contract.ts';

export class DomainError extends Error {
  readonly apiCode: ApiErrorCode;

  constructor(apiCode: ApiErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'DomainError';
    this.apiCode = apiCode;
  }
}

/** The one place a thrown error becomes an ApiError (for IPC, HTTP and the CLI alike): an error
 *  Cairn raised on purpose carries its code (DomainError above); anything else is a bug. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof DomainError) return { code: error.apiCode, message: error.message };
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'internal', message: `Unexpected error: ${message.slice(0, 300)}. This is a bug in Cairn; please report it with what you did.` };
}
