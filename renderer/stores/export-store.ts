// The Export screen's cache: the sessions (approved ones can be chosen), past exports, the preview
// of the chosen format, and the run in progress or its outcome. The core decides what may leave; a
// refusal comes back as its sentence.
import { create } from 'zustand';
import type { EventPayload, MethodInput, MethodOutput } from '../../src/shared/contract.ts';
import { getApi } from '../api/get-api.ts';
import { attempt } from './error-store.ts';
import type { SessionSummary } from './sessions-store.ts';

export type ExportFormat = MethodInput<'export.run'>['format'];
export type ExportResult = MethodOutput<'export.run'>;
export type ExportRecord = MethodOutput<'export.list'>[number];
export type ExportProgress = EventPayload<'export.progress'>;
export type ExportPreview = MethodOutput<'export.preview'>;
export type PreviewRequest = MethodInput<'export.preview'>;

interface ExportState {
  sessions: SessionSummary[] | null;
  exports: ExportRecord[] | null;
  /** When the running export started (ms), or null. */
  runningSince: number | null;
  /** The running export's progress, as its `export.progress` events tell it. */
  progress: ExportProgress | null;
  result: ExportResult | null;
  refusal: string | null;
  /** The last preview with the request it answers; an answer to an older request is dropped. */
  preview: { request: PreviewRequest; result: ExportPreview } | null;
  previewFor: PreviewRequest | null;
  load(): Promise<void>;
  showPreview(request: PreviewRequest): Promise<void>;
  run(input: MethodInput<'export.run'>): Promise<void>;
}

export const useExport = create<ExportState>((set, get) => ({
  sessions: null,
  exports: null,
  runningSince: null,
  progress: null,
  result: null,
  refusal: null,
  preview: null,
  previewFor: null,
  load: async () => {
    const [sessions, exports] = await Promise.all([attempt(() => getApi()['sessions.list']({})), attempt(() => getApi()['export.list']({}))]);
    set({
      ...(sessions ? { sessions: [...sessions].sort((a, b) => b.startedAt - a.startedAt) } : {}),
      ...(exports ? { exports: [...exports].reverse() } : {}),
    });
  },
  showPreview: async (request) => {
    set({ previewFor: request });
    const result = await attempt(() => getApi()['export.preview'](request));
    if (result && get().previewFor === request) set({ preview: { request, result } });
  },
  run: async (input) => {
    if (get().runningSince !== null) return;
    set({ runningSince: Date.now(), progress: null, result: null, refusal: null });
    const stopListening = getApi().onEvent('export.progress', (progress) => set({ progress }));
    try {
      const result = await getApi()['export.run'](input);
      set({ result });
    } catch (error) {
      set({ refusal: error instanceof Error ? error.message : String(error) });
    } finally {
      stopListening();
      set({ runningSince: null, progress: null });
    }
    await get().load();
  },
}));
