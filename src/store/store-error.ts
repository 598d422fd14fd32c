// The one error type of the store. Its message is a single sentence telling the person what is
// wrong and what to do; its code lets callers (the recorder, the writer worker) branch on it, and
// the API code it answers with at every boundary is named here, beside it.
import { DomainError } from '../core/domain-error.ts';
import type { ApiErrorCode } from '../shared/contract.ts';

/** Every code of the store, with the API code it answers with. The one list of store codes. */
const API_CODE = {
  corrupt: 'unavailable',
  locked: 'conflict',
  readonly: 'unavailable',
  io: 'unavailable',
  full: 'unavailable',
  newer: 'unavailable',
  'not-found': 'not-found',
  'not-recording': 'unavailable',
  'no-consent': 'refused',
  'key-unavailable': 'unavailable',
  'key-mismatch': 'unavailable',
} as const satisfies Record<string, ApiErrorCode>;

export type StoreErrorCode = keyof typeof API_CODE;

export function isStoreErrorCode(code: unknown): code is StoreErrorCode {
  return typeof code === 'string' && Object.hasOwn(API_CODE, code);
}

export class StoreError extends DomainError {
  readonly code: StoreErrorCode;

  constructor(code: StoreErrorCode, message: string, options?: { cause?: unknown }) {
    super(API_CODE[code], message, options);
    this.name = 'StoreError';
    this.code = code;
  }
}

/** Turns an SQLite or file-system failure on the database at `dbPath` into a StoreError; anything
 *  else (IllegalTransition, programming errors) is returned untouched. */
export function toStoreError(err: unknown, dbPath: string): unknown {
  if (err instanceof StoreError) return err;
  const code = typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : '';
  const kind = classify(code);
  if (!kind) return err;
  return new StoreError(kind, MESSAGES[kind](dbPath), { cause: err });
}

type IoKind = 'corrupt' | 'locked' | 'readonly' | 'io' | 'full';

function classify(code: string): IoKind | undefined {
  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) return 'corrupt';
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return 'locked';
  if (code.startsWith('SQLITE_READONLY') || code === 'EROFS') return 'readonly';
  if (code === 'SQLITE_FULL' || code === 'ENOSPC') return 'full';
  if (code.startsWith('SQLITE_IOERR') || code.startsWith('SQLITE_CANTOPEN') || code === 'SQLITE_PERM') return 'io';
  if (code === 'EACCES' || code === 'EPERM' || code === 'ENOTDIR' || code === 'EEXIST' || code === 'EIO') return 'io';
  return undefined;
}

export const MESSAGES: Record<IoKind, (dbPath: string) => string> = {
  corrupt: (p) =>
    `The database at ${p} is damaged (corrupt, or not an SQLite file) and Cairn left it untouched; run \`cairn repair\` to set it aside in the damaged folder and recover what is readable into a new store.`,
  locked: (p) =>
    `The database at ${p} is locked by another Cairn process; wait for it to finish or stop it, then try again.`,
  readonly: (p) =>
    `The database at ${p} cannot be written (read-only file, folder or file system), so Cairn changed nothing; fix its permissions or choose another --data-dir.`,
  io: (p) =>
    `The database at ${p} cannot be opened or read (permissions or disk error); check the file and its folder, or choose another --data-dir.`,
  full: (p) =>
    `The disk holding the data folder is full, so Cairn could not save to ${p} (everything saved before is kept); free some space, then try again.`,
};

export function unknownSession(id: string): StoreError {
  return new StoreError('not-found', `No session with id ${id}; run \`cairn sessions\` to list them.`);
}
