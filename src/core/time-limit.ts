// A promise given a time limit: it settles as the promise does, or rejects with a TimeoutError
// (which callers can tell from the promise's own failures) once `ms` have passed. The promise itself
// runs on; only the wait for it ends.
export class TimeoutError extends Error {}

export function withTimeout<T>(promise: Promise<T>, ms: number, what = 'it'): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new TimeoutError(`${what} did not answer within ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
