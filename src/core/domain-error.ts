// A failure Cairn reports on purpose (a refused approval, a conflicting state, a session that is not
// there, a store that cannot be opened): its `apiCode` survives every boundary (IPC, HTTP, worker
// messages, the CLI's exit status; see shared/api-error-codec.ts) and its message is the one
// sentence the person sees. Every such error of a layer extends this class and names its code, so
// one function (host/invoke.ts `toApiError`) reads them all; anything else is a bug in Cairn.
import type { ApiErrorCode } from '../shared/contract.ts';

export class DomainError extends Error {
  readonly apiCode: ApiErrorCode;

  constructor(apiCode: ApiErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'DomainError';
    this.apiCode = apiCode;
  }
}
