// The one interface every export format implements, and the output directory they write through:
// it records the size and sha256 of every file so each export ends with a manifest of checksums.
import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';
import { makePrivateDirAsync, writeNewPrivateFile } from '../../store/private-files.ts';
import type { Action } from '../actions/action.ts';
import type { ExportSession } from '../export-session.ts';

export const EXPORT_FORMATS = ['cairn', 'pyautogui', 'computer13', 'computer-use', 'hf'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportItem {
  session: ExportSession;
  actions: Action[];
}

/** Called as steps are written: `done` of `total` steps across the export. */
export type ExportProgress = (done: number, total: number) => void;

export interface WriteResult {
  /** Paths relative to the output directory, manifest.json last. */
  files: string[];
  steps: number;
  /** Bytes written, every file counted. */
  bytes: number;
  /** sha256 of manifest.json, for the export record. */
  manifestSha256: string;
}

export interface ExportWriter {
  format: ExportFormat;
  write(session: ExportSession, actions: Action[], outDir: string, progress?: ExportProgress): Promise<WriteResult>;
  /** Several sessions into one output directory (one manifest for all). */
  writeMany(items: readonly ExportItem[], outDir: string, progress?: ExportProgress): Promise<WriteResult>;
  /** The same files, through an output of the caller's (an in-memory one for the Export screen's preview). */
  writeInto(items: readonly ExportItem[], out: OutputDir, progress?: ExportProgress): Promise<WriteResult>;
}

export interface WriterOptions {
  /** Ids of withdrawn or deleted sessions that downstream copies must purge. */
  tombstones?: readonly string[];
  /** Clock for the manifest's creation time (tests pin it). */
  now?: () => number;
}

export interface WrittenFile {
  path: string;
  bytes: number;
  sha256: string;
}

export class OutputDir {
  readonly root: string;
  readonly files: WrittenFile[] = [];
  private readonly made = new Set<string>();

  constructor(root: string) {
    this.root = root;
  }

  async write(path: string, data: string | Uint8Array): Promise<WrittenFile> {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    await this.put(path, bytes);
    const file = { path, bytes: bytes.byteLength, sha256: sha256(bytes) };
    this.files.push(file);
    return file;
  }

  /** Stores one file's bytes: on disk here, in memory for a preview (memory-output.ts). */
  protected async put(path: string, bytes: Uint8Array): Promise<void> {
    const full = join(this.root, path);
    const dir = dirname(full);
    if (!this.made.has(dir)) {
      await makePrivateDirAsync(dir);
      this.made.add(dir);
    }
    await writeNewPrivateFile(full, bytes);
  }

  has(path: string): boolean {
    return this.files.some((f) => f.path === path);
  }
}

export function sha256(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Counts written steps and reports them. */
export class StepCounter {
  done = 0;
  readonly total: number;
  private readonly progress: ExportProgress | undefined;

  constructor(items: readonly ExportItem[], progress: ExportProgress | undefined) {
    this.total = items.reduce((n, i) => n + i.actions.length, 0);
    this.progress = progress;
  }

  step(): void {
    this.done++;
    if (this.progress && (this.done % 256 === 0 || this.done === this.total)) this.progress(this.done, this.total);
  }
}
