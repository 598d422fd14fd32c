// The recorder's state: filled by recorder.status and kept fresh by the `recorder.status` events the
// core pushes. `receivedAt` lets the elapsed time tick between two events.
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
  capability: Capability | null;
  busy: boolean;
  load(): Promise<void>;
  /** Starts recording; `task` (may be empty) is what the recording demonstrates. */
  start(task: string): Promise<void>;
  control(method: Control): Promise<void>;
  subscribe(): () => void;
}

export const useRecorder = create<RecorderStore>((set) => ({
  status: null,
  receivedAt: 0,
  capability: null,
  busy: false,
  load: async () => {
    const [status, capability] = await Promise.all([
      attempt(() => getApi()['recorder.status']({})),
      attempt(() => getApi()['recorder.capability']({})),
    ]);
    set({ ...(status ? { status, receivedAt: Date.now() } : {}), ...(capability ? { capability } : {}) });
  },
  start: async (task) => {
    set({ busy: true });
    const status = await attempt(() => getApi()['recorder.start'](task.trim() ? { task } : {}));
    set({ busy: false, ...(status ? { status, receivedAt: Date.now() } : {}) });
  },
  control: async (method) => {
    set({ busy: true });
    const status = await attempt(() => getApi()[method]({}));
    set({ busy: false, ...(status ? { status, receivedAt: Date.now() } : {}) });
  },
  subscribe: () => getApi().onEvent('recorder.status', (status) => set({ status, receivedAt: Date.now() })),
}));
