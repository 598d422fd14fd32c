// The apps Cairn has seen or been told about, each with its policy, as the core reports them, and
// the organisation's policy that may deny some of them.
import { create } from 'zustand';
import type { MethodInput, MethodOutput } from '../../src/shared/contract.ts';
import { getApi } from '../api/get-api.ts';
import { attempt } from './error-store.ts';

export type AppEntry = MethodOutput<'apps.list'>[number];
export type OrgPolicyInfo = MethodOutput<'org.get'>;

interface AppsState {
  apps: AppEntry[] | null;
  /** The organisation's policy this machine runs under, to say who denied an app and when. */
  org: OrgPolicyInfo;
  load(): Promise<void>;
  set(input: MethodInput<'apps.set'>): Promise<AppEntry | undefined>;
}

export const useApps = create<AppsState>((set, get) => ({
  apps: null,
  org: null,
  load: async () => {
    const [apps, org] = await Promise.all([attempt(() => getApi()['apps.list']({})), attempt(() => getApi()['org.get']({}))]);
    if (apps) set({ apps, org: org ?? null });
  },
  set: async (input) => {
    const entry = await attempt(() => getApi()['apps.set'](input));
    if (!entry) return undefined;
    const others = (get().apps ?? []).filter((a) => a.app.toLowerCase() !== entry.app.toLowerCase());
    set({ apps: [...others, entry].sort((a, b) => a.app.localeCompare(b.app)) });
    return entry;
  },
}));
