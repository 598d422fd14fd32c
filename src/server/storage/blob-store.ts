// The content-addressed blob folder: sealed frames, each a file named by the sha256 of its bytes
// (<blob dir>/blobs/ab/abcd…), written whole or not at all (temp file, fsync, rename) and checked
// against its name when read. README ("Team mode") says why frames live here and not in PostgreSQL.
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { makePrivateDir, PRIVATE_FILE_MODE } from '../../store/private-files.ts';
import { syncDir } from './key-files.ts';

export class BlobStore {
  readonly dir: string;

  constructor(blobDir: string) {
    this.dir = path.join(blobDir, 'blobs');
    makePrivateDir(this.dir);
  }

  private file(sha: string): string {
    if (!/^[0-9a-f]{64}$/.test(sha)) throw new Error(`not a blob name: ${sha}`);
    return path.join(this.dir, sha.slice(0, 2), sha);
  }

  async put(bytes: Buffer): Promise<string> {
    const sha = createHash('sha256').update(bytes).digest('hex');
    const file = this.file(sha);
    if (fs.existsSync(file)) return sha;
    const dir = path.dirname(file);
    makePrivateDir(dir);
    const temp = `${file}.${randomBytes(6).toString('hex')}.partial`;
    const handle = await fs.promises.open(temp, 'wx', PRIVATE_FILE_MODE);
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.promises.rename(temp, file);
    syncDir(dir);
    return sha;
  }

  async get(sha: string): Promise<Buffer> {
    const bytes = await fs.promises.readFile(this.file(sha));
    if (createHash('sha256').update(bytes).digest('hex') !== sha) throw new Error(`blob ${sha} is damaged: its bytes no longer match its name`);
    return bytes;
  }

  remove(sha: string): void {
    fs.rmSync(this.file(sha), { force: true });
  }

  /** Every blob's name, and stray temp files (from a crash mid-write) as paths to remove. */
  list(): { blobs: string[]; partial: string[] } {
    const blobs: string[] = [];
    const partial: string[] = [];
    for (const sub of fs.readdirSync(this.dir)) {
      for (const name of fs.readdirSync(path.join(this.dir, sub))) {
        if (/^[0-9a-f]{64}$/.test(name)) blobs.push(name);
        else partial.push(path.join(this.dir, sub, name));
      }
    }
    return { blobs, partial };
  }
}
