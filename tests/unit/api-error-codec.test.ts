// The one error codec: every code and any sentence survive the contextBridge encoding, with or
// without Electron's invoke prefix; text that did not come through the codec reads as internal;
// each code's HTTP status and exit status are the ones README.md and the hosts promise.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EXIT_CODE, exitCodeOf, fromBridgeError, fromHttpErrorBody, httpErrorBody, httpStatusOf, toBridgeError } from '../../src/shared/api-error-codec.ts';
import { ApiError, type ApiErrorCode } from '../../src/shared/contract.ts';

const CODES = ApiError.shape.code.options;
const anyError = fc.record({ code: fc.constantFrom(...CODES), message: fc.string({ unit: 'binary' }) });

describe('the API error codec', () => {
  it('reads back every code and any sentence sent across the contextBridge, also behind Electron\'s invoke prefix', () => {
    fc.assert(
      fc.property(anyError, (error) => {
        const crossed = new Error(toBridgeError(error).message); // all the bridge keeps
        expect(fromBridgeError(crossed)).toEqual(error);
        expect(fromBridgeError(new Error(`Error invoking remote method 'cairn:api': Error: ${crossed.message}`))).toEqual(error);
      }),
    );
  });

  it('reads anything that did not come through the codec as internal, keeping the text without Electron\'s prefix', () => {
    expect(fromBridgeError(new Error("Error invoking remote method 'cairn:api': TypeError: x is not a function"))).toEqual({ code: 'internal', message: 'x is not a function' });
    expect(fromBridgeError(new Error('[cairn:everything] a code no contract has.'))).toEqual({ code: 'internal', message: '[cairn:everything] a code no contract has.' });
    expect(fromBridgeError('a thrown string')).toEqual({ code: 'internal', message: 'a thrown string' });
    expect(fromBridgeError(undefined)).toEqual({ code: 'internal', message: 'undefined' });
  });

  it('carries an error in an HTTP body and reads it back; a body without one reads as none', () => {
    fc.assert(fc.property(anyError, (error) => void expect(fromHttpErrorBody(JSON.parse(JSON.stringify(httpErrorBody(error))))).toEqual(error)));
    for (const body of [null, {}, { error: { code: 'nope', message: 'x' } }, { error: 'refused' }, []]) expect(fromHttpErrorBody(body)).toBeNull();
  });

  it('reads back as an error exactly what the contract\'s ApiError accepts (the codec checks it without loading the contract)', () => {
    const near = fc.record(
      { code: fc.oneof(fc.constantFrom(...CODES, 'toString', '__proto__', 'constructor', ''), fc.string(), fc.integer()), message: fc.oneof(fc.string(), fc.integer(), fc.constant(null)), extra: fc.string() },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.oneof(near, fc.anything()), (value) => {
        const parsed = ApiError.safeParse(value);
        expect(fromHttpErrorBody({ error: value })).toEqual(parsed.success ? parsed.data : null);
      }),
    );
  });

  it('gives each code the HTTP status of the API and the exit status README.md lists', () => {
    const table = Object.fromEntries(CODES.map((code: ApiErrorCode) => [code, [httpStatusOf(code), exitCodeOf(code)]]));
    expect(table).toEqual({
      'invalid-input': [400, 2],
      'unknown-method': [404, 2],
      'not-found': [404, 1],
      refused: [403, 1],
      conflict: [409, 1],
      unavailable: [503, 1],
      internal: [500, 70],
    });
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8').replace(/\s+/g, ' ');
    expect(readme).toContain(`\`${EXIT_CODE.ok}\` success, \`${EXIT_CODE.failed}\` refused or failed`);
    expect(readme).toContain(`\`${EXIT_CODE.usage}\` invalid usage or option value, \`${EXIT_CODE.withdrawn}\` recording stopped because consent was withdrawn, \`${EXIT_CODE.bug}\` an unexpected error`);
  });
});
