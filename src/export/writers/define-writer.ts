// Builds an ExportWriter from a format's body: the body writes its files into the output directory,
// and the manifest of provenance and checksums is written after it, the same for every format.
import type { Action } from '../actions/action.ts';
import type { ExportSession } from '../export-session.ts';
import { type ExportFormat, type ExportItem, type ExportProgress, type ExportWriter, OutputDir, StepCounter, type WriterOptions } from './export-writer.ts';
import { finishExport } from './manifest.ts';

export type WriterBody = (items: readonly ExportItem[], out: OutputDir, steps: StepCounter) => Promise<void>;

export function defineWriter(format: ExportFormat, options: WriterOptions, body: WriterBody): ExportWriter {
  const writeInto = async (items: readonly ExportItem[], out: OutputDir, progress?: ExportProgress) => {
    await body(items, out, new StepCounter(items, progress));
    return finishExport(format, items, out, options);
  };
  const writeMany = (items: readonly ExportItem[], outDir: string, progress?: ExportProgress) => writeInto(items, new OutputDir(outDir), progress);
  return {
    format,
    writeInto,
    writeMany,
    write: (session: ExportSession, actions: Action[], outDir: string, progress?: ExportProgress) =>
      writeMany([{ session, actions }], outDir, progress),
  };
}
