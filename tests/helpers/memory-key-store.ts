// A KeyStore in memory, for tests of the store's encryption logic (the pages are still really
// encrypted by SQLite3 Multiple Ciphers); tests/integration/encryption-keyring.test.ts uses a real
// Secret Service instead. `reachable = false` makes it fail as a locked or absent keyring does.
import type { KeyStore } from '../../src/store/encryption/key-store.ts';
import { StoreError } from '../../src/store/store-error.ts';

export class MemoryKeyStore implements KeyStore {
  readonly name = 'the test key store';
  readonly keys = new Map<string, Buffer>();
  reachable = true;

  read(account: string): Buffer | null {
    this.assertReachable();
    return this.keys.get(account) ?? null;
  }

  write(account: string, key: Buffer): void {
    this.assertReachable();
    this.keys.set(account, Buffer.from(key));
  }

  remove(account: string): void {
    this.assertReachable();
    this.keys.delete(account);
  }

  private assertReachable(): void {
    if (!this.reachable) throw new StoreError('key-unavailable', 'Cairn could not reach the test key store to hold the store\'s encryption key.');
  }
}
