// The open session's steps as every export derives them (sessions.steps), for the scrubber: read
// each time the scrubber opens (a redaction or a cut in review changes them), and again when the
// core announces that the session changed.
import { create } from 'zustand';
import type { MethodOutput } from '../../src/shared/contract.ts';
import { getApi } from '../api/get-api.ts';
import { attempt } from './error-store.ts';

export type SessionStep = MethodOutput<'sessions.steps'>[number];

interface StepsState {
  /** The steps of session `id`, or null while they load. */
  loaded: { id: string; steps: SessionStep[] } | null;
  load(id: string): Promise<void>;
  refresh(changed: string | null): Promise<void>;
}

export const useSteps = create<StepsState>((set, get) => ({
  loaded: null,
  load: async (id) => {
    if (get().loaded?.id !== id) set({ loaded: null });
    const steps = await attempt(() => getApi()['sessions.steps']({ id }));
    if (steps) set({ loaded: { id, steps } });
  },
  refresh: async (changed) => {
    const id = get().loaded?.id;
    if (!id || (changed !== null && changed !== id)) return;
    const steps = await getApi()['sessions.steps']({ id }).catch(() => null);
    if (steps && get().loaded?.id === id) set({ loaded: { id, steps } });
  },
}));
