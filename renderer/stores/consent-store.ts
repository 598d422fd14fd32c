// The consent text and its acceptance, as the core reports them. `reviewOnly` is the person's
// "Not now": Cairn stays usable for looking at and erasing data, and cannot record.
import { create } from 'zustand';
import type { MethodOutput } from '../../src/shared/contract.ts';
import { getApi } from '../api/get-api.ts';
import { attempt } from './error-store.ts';

type ConsentInfo = MethodOutput<'consent.get'>;

interface ConsentState {
  info: ConsentInfo | null;
  reviewOnly: boolean;
  load(): Promise<void>;
  accept(): Promise<boolean>;
  decline(): void;
}

export const useConsent = create<ConsentState>((set, get) => ({
  info: null,
  reviewOnly: false,
  load: async () => {
    const info = await attempt(() => getApi()['consent.get']({}));
    if (info) set({ info });
  },
  accept: async () => {
    const sha256 = get().info?.sha256;
    if (!sha256) return false;
    const info = await attempt(() => getApi()['consent.accept']({ sha256 }));
    if (info) set({ info, reviewOnly: false });
    return info !== undefined;
  },
  decline: () => set({ reviewOnly: true }),
}));

/** Whether the current consent text is accepted. */
export const isConsentCurrent = (info: ConsentInfo | null): boolean => info?.accepted?.current === true;
