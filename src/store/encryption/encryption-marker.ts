// <dataDir>/encryption.json: the plaintext note that says a store is encrypted and where its key
// is held. It holds no secret. Without it an encrypted cairn.db would look like a damaged file, so
// it is written before the database changes and replaced atomically (temporary file + rename).
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { StoreError } from '../store-error.ts';

export const MARKER_FILE = 'encryption.json';

export const EncryptionMarker = z
  .object({
    format: z.literal(1),
    cipher: z.literal('chacha20'),
    keyStore: z.literal('os'),
    account: z.string().regex(/^store-[0-9a-f-]{36}$/),
    /** 'enabling' / 'disabling' while the pages are being rewritten; see store-key.ts. */
    state: z.enum(['on', 'enabling', 'disabling']),
    since: z.string(),
  })
  .strict();
export type EncryptionMarker = z.infer<typeof EncryptionMarker>;

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
  const marker = EncryptionMarker.safeParse(parsed);
  if (!marker.success) {
    throw new StoreError('corrupt', `${file} is not a valid Cairn encryption note, so Cairn cannot tell where the store's key is and changed nothing; restore the file from a backup.`);
  }
  return marker.data;
}

export function writeMarker(dataDir: string, marker: EncryptionMarker): void {
  const file = markerPath(dataDir);
  const partial = `${file}.partial`;
  const fd = fs.openSync(partial, 'w', 0o600);
  try {
    fs.writeSync(fd, `${JSON.stringify(EncryptionMarker.parse(marker), null, 2)}\n`);
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
