// Sessions as the core lists them, and the one session that is open; `refresh` reads them again when
// the core announces a change (see session-events.ts).
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
  /** After `sessions.changed`: the list again, and the open session if it is the one changed. */
  refresh(changed: string | null): Promise<void>;
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
  refresh: async (changed) => {
    const { list, detail } = get();
    if (list) await get().load();
    if (!detail || (changed !== null && changed !== detail.id)) return;
    // Quietly: a deleted session reads as deleted; one erased with everything else (withdrawal)
    // drops out of the list read above.
    const fresh = await getApi()['sessions.get']({ id: detail.id }).catch(() => null);
    if (fresh) set((s) => (s.detail?.id === detail.id ? { detail: fresh } : {}));
  },
}));
