// The export methods of the API: trajectories of approved sessions, through the one egress check
// (runExport calls it), the list of past exports, and the preview of a format (in memory only). An export runs in a worker thread (see
// export/export-job.ts), so the host answers every other request meanwhile and pushes its progress
// as `export.progress` events; closing the host cancels it.
import { DomainError } from '../core/domain-error.ts';
import type { Handlers } from './invoke.ts';
import { type ExportJob, startExport } from '../export/export-job.ts';
import type { ExportProgress } from '../export/run-export.ts';
import { previewExport } from '../services/export-preview.ts';
import { listExports } from '../store/export-records.ts';
import type { Store } from '../store/store.ts';

type ExportMethod = Extract<keyof Handlers, `export.${string}`>;

export interface ExportHandlers {
  handlers: Pick<Handlers, ExportMethod>;
  /** Stops a running export (its unfinished folder removed); resolves at once when none runs. */
  cancel(): Promise<void>;
}

export function exportHandlers(store: Store, onProgress: (p: ExportProgress) => void = () => undefined): ExportHandlers {
  let running: ExportJob | null = null;
  return {
    handlers: {
      'export.run': async ({ sessionIds, format, outDir }) => {
        // One export at a time: a second Run while one writes would race for the same folder.
        if (running) throw new DomainError('conflict', 'An export is already running; wait for it to finish.');
        try {
          // A refusal of the egress check (ExportRefused) carries its own code, 'refused'.
          running = startExport(store, { sessionIds, format, outDir, actor: 'researcher', onProgress });
          return await running.result;
        } finally {
          running = null;
        }
      },
      'export.list': () => listExports(store),
      'export.preview': ({ id, format, steps }) => previewExport(store, { sessionId: id, format, steps }),
    },
    cancel: async () => {
      await running?.cancel();
    },
  };
}
