// Sessions as the core lists them, and the one session that is open.
import { create } from 'zustand';
import type { MethodOutput } from '../../src/shared/contract.ts';
import { getApi } from '../api/get-api.ts';
import { attempt } from './error-store.ts';

export type SessionSummary = MethodOutput<'sessions.list'>[number];
export type SessionDetail = MethodOutput<'sessions.get'>;

interface SessionsState {
  list: SessionSummary[] | null;
  detail: SessionDetail | null;
  load(): Promise<void>;
  open(id: string): Promise<void>;
  remove(id: string): Promise<boolean>;
}

export const useSessions = create<SessionsState>((set, get) => ({
  list: null,
  detail: null,
  load: async () => {
    const list = await attempt(() => getApi()['sessions.list']({}));
    if (list) set({ list: [...list].sort((a, b) => b.startedAt - a.startedAt) });
  },
  open: async (id) => {
    if (get().detail?.id === id) return;
    set({ detail: null });
    const detail = await attempt(() => getApi()['sessions.get']({ id }));
    if (detail) set({ detail });
  },
  remove: async (id) => {
    const done = await attempt(() => getApi()['sessions.delete']({ id }));
    if (!done) return false;
    set((s) => ({ list: s.list?.filter((x) => x.id !== id) ?? null, detail: s.detail?.id === id ? null : s.detail }));
    return true;
  },
}));
