// <dataDir>/encryption.json: the plaintext note that says a store is encrypted and where its key
// is held. It holds no secret. Without it an encrypted cairn.db would look like a damaged file, so
// it is written before the database changes and replaced atomically (temporary file + rename).
import fs from 'node:fs';
import path from 'node:path';
import { StoreError } from '../store-error.ts';

export const MARKER_FILE = 'encryption.json';

export interface EncryptionMarker {
  format: 1;
  cipher: 'chacha20';
  keyStore: 'os';
  account: string;
  /** 'enabling' / 'disabling' while the pages are being rewritten; see store-key.ts. */
  state: 'on' | 'enabling' | 'disabling';
  since: string;
}

const FIELDS = ['format', 'cipher', 'keyStore', 'account', 'state', 'since'];
const STATES: readonly unknown[] = ['on', 'enabling', 'disabling'];

/**
 * The note's shape, exactly these fields and no other. Checked by hand rather than with zod: the
 * recorder's store worker loads this module to open the store, and zod would cost it ~10 MB.
 */
function isMarker(value: unknown): value is EncryptionMarker {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const m = value as Record<string, unknown>;
  const keys = Object.keys(m);
  return (
    keys.length === FIELDS.length &&
    FIELDS.every((f) => keys.includes(f)) &&
    m.format === 1 &&
    m.cipher === 'chacha20' &&
    m.keyStore === 'os' &&
    typeof m.account === 'string' &&
    /^store-[0-9a-f-]{36}$/.test(m.account) &&
    STATES.includes(m.state) &&
    typeof m.since === 'string'
  );
}

export function markerPath(dataDir: string): string {
  return path.join(path.resolve(dataDir), MARKER_FILE);
}

export function readMarker(dataDir: string): EncryptionMarker | null {
  const file = markerPath(dataDir);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new StoreError('io', `Cairn cannot read ${file} (${(err as Error).message}); check its permissions.`, { cause: err });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (!isMarker(parsed)) {
    throw new StoreError('corrupt', `${file} is not a valid Cairn encryption note, so Cairn cannot tell where the store's key is and changed nothing; restore the file from a backup.`);
  }
  return parsed;
}

export function writeMarker(dataDir: string, marker: EncryptionMarker): void {
  const file = markerPath(dataDir);
  const partial = `${file}.partial`;
  const fd = fs.openSync(partial, 'w', 0o600);
  try {
    if (!isMarker(marker)) throw new Error(`not a valid encryption note: ${JSON.stringify(marker)}`);
    fs.writeSync(fd, `${JSON.stringify(marker, null, 2)}\n`);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(partial, file);
  syncFolder(path.dirname(file));
}

export function removeMarker(dataDir: string): void {
  fs.rmSync(markerPath(dataDir), { force: true });
  syncFolder(path.resolve(dataDir));
}

/** A rename or unlink is durable only once its folder is synced. */
function syncFolder(dir: string): void {
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
