// The keys that seal content, one file each under <blob dir>/keys, readable by the service alone.
// They are kept out of PostgreSQL on purpose: a deleted row lingers in its table files and WAL
// until vacuum and checkpoints recycle them, so a key deleted there would linger beside the sealed
// content it was meant to make unreadable. A key file is overwritten, synced and unlinked.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { makePrivateDir, PRIVATE_FILE_MODE } from '../../store/private-files.ts';
import { KEY_BYTES } from './content-cipher.ts';

export class KeyFiles {
  readonly dir: string;

  constructor(blobDir: string) {
    this.dir = path.join(blobDir, 'keys');
    makePrivateDir(this.dir);
  }

  private file(name: string): string {
    if (!/^[a-z]+-[0-9a-f-]{36}(-g[1-9]\d{0,8})?$/.test(name)) throw new Error(`not a key name: ${name}`);
    return path.join(this.dir, `${name}.key`);
  }

  /** The key of `name`, made now if it has none. Its fsyncs run on libuv's threads, not the event loop. */
  async ensure(name: string): Promise<Buffer> {
    const existing = this.read(name);
    if (existing) return existing;
    const key = randomBytes(KEY_BYTES);
    const handle = await fs.promises.open(this.file(name), 'wx', PRIVATE_FILE_MODE);
    try {
      await handle.writeFile(key);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await syncDir(this.dir);
    return key;
  }

  read(name: string): Buffer | null {
    try {
      const key = fs.readFileSync(this.file(name));
      return key.length === KEY_BYTES ? key : null;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  async destroy(name: string): Promise<void> {
    const file = this.file(name);
    try {
      const handle = await fs.promises.open(file, 'r+');
      try {
        await handle.write(Buffer.alloc(KEY_BYTES), 0, KEY_BYTES, 0);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await fs.promises.unlink(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    await syncDir(this.dir);
  }

  names(): string[] {
    return fs.readdirSync(this.dir).filter((f) => f.endsWith('.key')).map((f) => f.slice(0, -'.key'.length));
  }
}

/** Makes a rename or unlink in `dir` durable. */
export async function syncDir(dir: string): Promise<void> {
  const handle = await fs.promises.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** A session's key of `generation` (0 at upload; each redaction on the service seals the session
 *  again with a key of the next generation and destroys the one before). */
export const sessionKeyName = (id: string, generation = 0) => (generation === 0 ? `session-${id}` : `session-${id}-g${generation}`);
export const uploadKeyName = (id: string) => `upload-${id}`;
