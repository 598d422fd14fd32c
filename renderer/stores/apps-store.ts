// The apps Cairn has seen or been told about, each with its policy, as the core reports them.
import { create } from 'zustand';
import type { MethodInput, MethodOutput } from '../../src/shared/contract.ts';
import { getApi } from '../api/get-api.ts';
import { attempt } from './error-store.ts';

export type AppEntry = MethodOutput<'apps.list'>[number];

interface AppsState {
  apps: AppEntry[] | null;
  load(): Promise<void>;
  set(input: MethodInput<'apps.set'>): Promise<AppEntry | undefined>;
}

export const useApps = create<AppsState>((set, get) => ({
  apps: null,
  load: async () => {
    const apps = await attempt(() => getApi()['apps.list']({}));
    if (apps) set({ apps });
  },
  set: async (input) => {
    const entry = await attempt(() => getApi()['apps.set'](input));
    if (!entry) return undefined;
    const others = (get().apps ?? []).filter((a) => a.app.toLowerCase() !== entry.app.toLowerCase());
    set({ apps: [...others, entry].sort((a, b) => a.app.localeCompare(b.app)) });
    return entry;
  },
}));
