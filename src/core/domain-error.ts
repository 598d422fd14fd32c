// A failure the domain reports on purpose (a refused approval, a conflicting state, a session that is
// not there): its code survives every boundary (IPC, HTTP, worker messages, the CLI's exit code) and
// its message is the one sentence the person sees.
import type { ApiError } from '../shared/contract.ts';

export class DomainError extends Error {
  readonly code: ApiError['code'];

  constructor(code: ApiError['code'], message: string) {
    super(message);
    this.name = 'DomainError';
    this.code = code;
  }
}
