// The recorder's state: filled by recorder.status and kept fresh by the `recorder.status` events the
// core pushes. `receivedAt` lets the elapsed time tick between two events.
//
// A read may answer after a newer status has come (the Record screen loads while Record is
// clicked; on a loaded machine the start's answer can land first). Such a late answer is older
// than what is shown, so `load` keeps it only when no status arrived since it asked.
import { create } from 'zustand';
import type { MethodOutput } from '../../src/shared/contract.ts';
import { getApi } from '../api/get-api.ts';
import { attempt } from './error-store.ts';

type RecorderState = MethodOutput<'recorder.status'>;
type Capability = MethodOutput<'recorder.capability'>;
type Control = 'recorder.pause' | 'recorder.resume' | 'recorder.stop';

interface RecorderStore {
  status: RecorderState | null;
  receivedAt: number;
  /** Counts every status taken in; `load` compares it to see whether its answer is stale. */
  statusCount: number;
  capability: Capability | null;
  busy: boolean;
  load(): Promise<void>;
  /** Starts recording; `task` (may be empty) is what the recording demonstrates. */
  start(task: string): Promise<void>;
  control(method: Control): Promise<void>;
  subscribe(): () => void;
}

/** The store's update for a status just received. */
const taking = (status: RecorderState) => (s: RecorderStore) => ({ status, receivedAt: Date.now(), statusCount: s.statusCount + 1 });

export const useRecorder = create<RecorderStore>((set, get) => ({
  status: null,
  receivedAt: 0,
  statusCount: 0,
  capability: null,
  busy: false,
  load: async () => {
    const asked = get().statusCount;
    const [status, capability] = await Promise.all([
      attempt(() => getApi()['recorder.status']({})),
      attempt(() => getApi()['recorder.capability']({})),
    ]);
    if (capability) set({ capability });
    if (status && get().statusCount === asked) set(taking(status));
  },
  start: async (task) => {
    set({ busy: true });
    const status = await attempt(() => getApi()['recorder.start'](task.trim() ? { task } : {}));
    set({ busy: false });
    if (status) set(taking(status));
  },
  control: async (method) => {
    set({ busy: true });
    const status = await attempt(() => getApi()[method]({}));
    set({ busy: false });
    if (status) set(taking(status));
  },
  subscribe: () => getApi().onEvent('recorder.status', (status) => set(taking(status))),
}));
