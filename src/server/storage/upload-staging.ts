// Resumable uploads: the bytes of an upload so far, in <blob dir>/uploads/<id>.part, sealed as they
// arrive (AES-256-CTR under the upload's own key) so that no bundle lies on disk in clear. The file's
// length is the offset the next chunk starts at: a chunk is appended in order, so whatever part of
// it reached the file before a crash (kill -9 included) is right where it belongs, and a resumed
// upload goes on from there. Nothing is lost or written twice.
import fs from 'node:fs';
import path from 'node:path';
import { makePrivateDir, PRIVATE_FILE_MODE } from '../../store/private-files.ts';
import { ctrAt } from './content-cipher.ts';
import { type KeyFiles, syncDir, uploadKeyName } from './key-files.ts';

export class UploadStaging {
  readonly dir: string;
  private readonly keys: KeyFiles;

  constructor(blobDir: string, keys: KeyFiles) {
    this.dir = path.join(blobDir, 'uploads');
    this.keys = keys;
    makePrivateDir(this.dir);
  }

  private file(id: string): string {
    return path.join(this.dir, `${id}.part`);
  }

  /** Bytes received so far. */
  offset(id: string): number {
    try {
      return fs.statSync(this.file(id)).size;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
      throw error;
    }
  }

  /** Appends what `chunks` yields at `offset` (which must be the current length), at most `limit`
   *  bytes; returns the new length. Throws RangeError past the limit, having kept what fit. */
  async append(id: string, offset: number, chunks: AsyncIterable<Buffer>, limit: number): Promise<number> {
    const encrypt = ctrAt(await this.keys.ensure(uploadKeyName(id)), offset);
    const handle = await fs.promises.open(this.file(id), 'a', PRIVATE_FILE_MODE);
    let length = offset;
    try {
      for await (const chunk of chunks) {
        if (length + chunk.length > limit) throw new RangeError(`more than the ${limit} bytes the upload declared`);
        await handle.write(encrypt(chunk));
        length += chunk.length;
      }
      await handle.sync();
    } finally {
      await handle.close();
    }
    return length;
  }

  /** The whole upload in clear, read through one descriptor. */
  read(id: string): Buffer {
    const key = this.keys.read(uploadKeyName(id));
    if (!key) throw new Error(`the key of upload ${id} is missing`);
    return ctrAt(key, 0)(fs.readFileSync(this.file(id)));
  }

  /** Removes the staged bytes and destroys their key. */
  async remove(id: string): Promise<void> {
    await fs.promises.rm(this.file(id), { force: true });
    await syncDir(this.dir);
    await this.keys.destroy(uploadKeyName(id));
  }

  ids(): string[] {
    return fs.readdirSync(this.dir).filter((f) => f.endsWith('.part')).map((f) => f.slice(0, -'.part'.length));
  }
}
