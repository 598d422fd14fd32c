// The content-addressed blob folder: sealed frames, each a file named by the sha256 of its bytes
// (<blob dir>/blobs/ab/abcd…), written whole or not at all (temp file, rename, then synced) and checked
// against its name when read. README ("Team mode") says why frames live here and not in PostgreSQL.
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { makePrivateDir, PRIVATE_FILE_MODE } from '../../store/private-files.ts';

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

  /** One blob; see putMany. */
  put(bytes: Buffer): string {
    return this.putMany([bytes])[0]!;
  }

  /** Writes each of `items` as a blob and answers their names in order, once all are durable.
   *  Synchronous: call it off the event loop (the ingest worker does). An hour of frames is ~1,400
   *  blobs, and a file and folder fsync each cost ~4 ms here (5 s an hour); so every file is
   *  written and renamed into place, then one syncfs (coreutils `sync --file-system`) makes the
   *  lot durable. A crash before it leaves blobs no row names yet: the start-up sweep removes them. */
  putMany(items: readonly Buffer[]): string[] {
    const names = items.map((bytes) => createHash('sha256').update(bytes).digest('hex'));
    items.forEach((bytes, i) => {
      const file = this.file(names[i]!);
      if (fs.existsSync(file)) return;
      makePrivateDir(path.dirname(file));
      const temp = `${file}.${randomBytes(6).toString('hex')}.partial`;
      fs.writeFileSync(temp, bytes, { mode: PRIVATE_FILE_MODE, flag: 'wx' });
      fs.renameSync(temp, file);
    });
    if (items.length) execFileSync('sync', ['--file-system', this.dir], { stdio: 'ignore' });
    return names;
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
