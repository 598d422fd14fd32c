// "My data": the figures of everything stored, and the retention and storage settings.
import { create } from 'zustand';
import type { MethodInput, MethodOutput } from '../../src/shared/contract.ts';
import { getApi } from '../api/get-api.ts';
import { attempt } from './error-store.ts';

interface DataState {
  data: MethodOutput<'data.get'> | null;
  settings: MethodOutput<'settings.get'> | null;
  load(): Promise<void>;
  saveSettings(input: MethodInput<'settings.set'>): Promise<boolean>;
}

export const useData = create<DataState>((set) => ({
  data: null,
  settings: null,
  load: async () => {
    const [data, settings] = await Promise.all([
      attempt(() => getApi()['data.get']({})),
      attempt(() => getApi()['settings.get']({})),
    ]);
    set({ ...(data ? { data } : {}), ...(settings ? { settings } : {}) });
  },
  saveSettings: async (input) => {
    const settings = await attempt(() => getApi()['settings.set'](input));
    if (settings) set({ settings });
    return settings !== undefined;
  },
}));
