// One export, for every path that writes trajectories (CLI `export`, the API's export.run): checks
// the destination, passes the egress check, derives each session's steps, runs the format's writer,
// and records what left (an export row and an audit row per session). A failed export leaves no
// files behind and no record.
import path from 'node:path';
import { exportedTombstones, recordExport } from '../store/export-records.ts';
import type { Store } from '../store/store.ts';
import { deriveActions } from './actions/derive-actions.ts';
import { assertExportable } from './egress.ts';
import { loadExportSession } from './export-session.ts';
import { checkOutDir, type PreparedOutDir, prepareOutDir, undoOutDir } from './out-dir.ts';
import type { ExportFormat, ExportWriter, WriterOptions } from './writers/export-writer.ts';
import { writerFor as defaultWriterFor } from './writers/index.ts';

export type ExportWriterFor = (format: ExportFormat, options: WriterOptions) => ExportWriter;

export interface ExportProgress {
  /** Steps written of all the sessions' steps. */
  done: number;
  total: number;
  sessions: number;
}

export interface ExportOptions {
  sessionIds: readonly string[];
  format: ExportFormat;
  outDir: string;
  onProgress?: (p: ExportProgress) => void;
  /** Told as soon as the destination folder is made (or found empty), before anything is written. */
  onPrepared?: (p: PreparedOutDir) => void;
  actor?: string;
  /** The writers by format; tests may give their own. */
  writerFor?: ExportWriterFor;
}

export interface ExportResult {
  outDir: string;
  files: number;
  steps: number;
  bytes: number;
  manifestSha256: string;
}

export async function runExport(store: Store, o: ExportOptions): Promise<ExportResult> {
  const sessionIds = [...new Set(o.sessionIds)];
  const outDir = checkOutDir(o.outDir, path.dirname(store.path));
  assertExportable(store, sessionIds);
  const writer = (o.writerFor ?? defaultWriterFor)(o.format, { tombstones: exportedTombstones(store) });
  const prepared = prepareOutDir(outDir);
  o.onPrepared?.(prepared);
  try {
    const items = sessionIds.map((id) => {
      const session = loadExportSession(store, id);
      return { session, actions: deriveActions(session) };
    });
    const wrote = await writer.writeMany(items, outDir, (done, total) => o.onProgress?.({ done, total, sessions: items.length }));
    const result = { outDir, files: wrote.files.length, steps: wrote.steps, bytes: wrote.bytes, manifestSha256: wrote.manifestSha256 };
    // Checked again as the record is written: a session deleted or reopened meanwhile fails the
    // export rather than leaving files with no record of them.
    store.tx(() => {
      assertExportable(store, sessionIds);
      recordExport(store, { sessionIds, format: o.format, destination: outDir, manifestSha256: result.manifestSha256, counts: { files: result.files, steps: result.steps, bytes: result.bytes }, actor: o.actor ?? 'researcher', at: Date.now() });
    });
    return result;
  } catch (error) {
    undoOutDir(prepared);
    throw error;
  }
}
