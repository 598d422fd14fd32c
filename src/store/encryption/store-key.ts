// The key a data folder's store opens with: none for a plaintext store, else the one its
// encryption note names, read from the OS secret store. A store whose key cannot be had is
// refused, never opened or recreated in plaintext.
//
// While `cairn encryption enable|disable` runs (or after one was cut short) the note says
// 'enabling' or 'disabling'. The page rewrite is one SQLite transaction, so the file is wholly old
// or wholly new, and its first bytes tell which: SQLite's plaintext magic, or the random salt of an
// encrypted file. Opening never changes the note: only enable and disable do, so a command started
// in the middle of one cannot undo it.
import { StoreError } from '../store-error.ts';
import { readMarker } from './encryption-marker.ts';
import type { KeyStore } from './key-store.ts';
import { isPlaintextDatabase } from './sqlite-cipher.ts';

export const KEY_BYTES = 32;

export interface StoreKeyOptions {
  keyStore: KeyStore;
  report: (sentence: string) => void;
}

export function storeKeyFor(dataDir: string, dbPath: string, options: StoreKeyOptions): Buffer | null {
  const marker = readMarker(dataDir);
  if (!marker) return null;
  const plaintext = isPlaintextDatabase(dbPath);
  if (marker.state !== 'on') {
    const verb = marker.state === 'enabling' ? 'enable' : 'disable';
    options.report(
      `\`cairn encryption ${verb}\` is running or was cut short, and the store is ${plaintext ? 'NOT encrypted' : 'encrypted'} for now; if no other Cairn command is running, run \`cairn encryption ${verb}\` again to finish.`,
    );
    if (plaintext) return null;
  }
  const key = options.keyStore.read(marker.account);
  if (!key) {
    throw new StoreError(
      'key-unavailable',
      `The store at ${dbPath} is encrypted and its key (${marker.account}) is not in ${options.keyStore.name} — the keyring was reset, or this data folder comes from another account or machine — so Cairn changed nothing; restore the keyring, or start over with a new --data-dir.`,
    );
  }
  if (key.length !== KEY_BYTES) {
    throw new StoreError('key-unavailable', `The key ${marker.account} in ${options.keyStore.name} is not a Cairn store key (${key.length} bytes, not ${KEY_BYTES}); Cairn changed nothing.`);
  }
  return key;
}
