// Where the store's encryption key lives: the operating system's secret store, through
// @napi-rs/keyring (the Secret Service of GNOME Keyring, KWallet or KeePassXC on Linux, the
// Keychain on macOS, the Credential Manager on Windows). On Linux the Secret Service is required
// explicitly: the library would otherwise fall back to the kernel keyring, which forgets the key at
// the next reboot and would leave the store unreadable. There is no plaintext fallback anywhere.
// The library is loaded at the first key read or written, not with the store: only an encrypted
// store needs it, and it costs every process (the CLI, the recorder's store worker) ~4 MB resident.
import { createRequire } from 'node:module';
import type { Entry as KeyEntry } from '@napi-rs/keyring';
import { StoreError } from '../store-error.ts';

let keyring: { Entry: typeof KeyEntry } | undefined;

export interface KeyStore {
  /** Named in sentences: "the Secret Service", "the macOS Keychain". */
  readonly name: string;
  /** The key saved under `account`, or null when there is none. Throws 'key-unavailable' when the
   *  secret store itself cannot be reached. */
  read(account: string): Buffer | null;
  write(account: string, key: Buffer): void;
  remove(account: string): void;
}

export const KEY_SERVICE = 'Cairn store key';

const STORE_NAMES: Partial<Record<NodeJS.Platform, string>> = {
  linux: 'the Secret Service (GNOME Keyring, KWallet or KeePassXC)',
  darwin: 'the macOS Keychain',
  win32: 'the Windows Credential Manager',
};

export function osKeyStore(): KeyStore {
  const name = STORE_NAMES[process.platform] ?? 'the system secret store';
  const entry = (account: string): KeyEntry => {
    try {
      keyring ??= createRequire(import.meta.url)('@napi-rs/keyring') as { Entry: typeof KeyEntry };
      return new keyring.Entry(KEY_SERVICE, account, { linux: { store: 'secret-service' } });
    } catch (err) {
      throw unreachable(name, err);
    }
  };
  return {
    name,
    read(account) {
      try {
        const secret = entry(account).getSecret();
        return secret ? Buffer.from(secret) : null;
      } catch (err) {
        throw unreachable(name, err);
      }
    },
    write(account, key) {
      try {
        entry(account).setSecret(key);
      } catch (err) {
        throw unreachable(name, err);
      }
    },
    remove(account) {
      try {
        entry(account).deleteCredential();
      } catch (err) {
        throw unreachable(name, err);
      }
    },
  };
}

function unreachable(name: string, err: unknown): StoreError {
  if (err instanceof StoreError) return err;
  const detail = err instanceof Error ? err.message.replace(/\s+/g, ' ').trim() : String(err);
  return new StoreError(
    'key-unavailable',
    `Cairn could not reach ${name} to hold the store's encryption key (${detail}); start and unlock it, then try again — Cairn never keeps the key in a plaintext file.`,
    { cause: err },
  );
}
