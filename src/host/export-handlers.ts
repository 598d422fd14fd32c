// The export methods of the API: trajectories of approved sessions, through the one egress check
// (runExport calls it), and the list of past exports.
import { DomainError } from '../core/domain-error.ts';
import type { Handlers } from './invoke.ts';
import { runExport } from '../export/run-export.ts';
import { listExports } from '../store/export-records.ts';
import type { Store } from '../store/store.ts';

type ExportMethod = Extract<keyof Handlers, `export.${string}`>;

export function exportHandlers(store: Store): Pick<Handlers, ExportMethod> {
  let running = false;
  return {
    'export.run': async ({ sessionIds, format, outDir }) => {
      // One export at a time: a second Run while one writes would race for the same folder.
      if (running) throw new DomainError('conflict', 'An export is already running; wait for it to finish.');
      running = true;
      try {
        // A refusal of the egress check (ExportRefused) carries its own code, 'refused'.
        return await runExport(store, { sessionIds, format, outDir, actor: 'researcher' });
      } finally {
        running = false;
      }
    },
    'export.list': () => listExports(store),
  };
}
