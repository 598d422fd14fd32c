// An output that keeps every file in memory instead of writing it: the Export screen's preview runs
// the real writer of a format through it, so it shows the very bytes an export would write, and
// nothing of the session lands on disk outside the store.
import { OutputDir } from './export-writer.ts';

export class MemoryOutput extends OutputDir {
  readonly contents = new Map<string, Uint8Array>();

  constructor() {
    super('(memory)');
  }

  protected override async put(path: string, bytes: Uint8Array): Promise<void> {
    this.contents.set(path, bytes);
  }

  text(path: string): string | undefined {
    const bytes = this.contents.get(path);
    return bytes && Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  }
}
