// An API failure as the renderer sees it: the code and the one sentence the core answered with.
import type { ApiError } from '../../src/shared/contract.ts';

export class ApiCallError extends Error {
  readonly code: ApiError['code'] | 'network' | 'unauthorized';

  constructor(code: ApiCallError['code'], message: string) {
    super(message);
    this.name = 'ApiCallError';
    this.code = code;
  }
}
