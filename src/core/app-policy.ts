// Per-app recording policy. Every app is denied until the person allows it.
import { z } from 'zod';
import { DENIED_MODES, KeysMode, ScreensMode, TitlesMode } from '../shared/policy-modes.ts';

export const AppPolicy = z.object({
  app: z.string().min(1).max(256),
  allowed: z.boolean(),
  keys: KeysMode,
  screens: ScreensMode,
  titles: TitlesMode,
});
export type AppPolicy = z.infer<typeof AppPolicy>;

export function deniedPolicy(app: string): AppPolicy {
  return { app, allowed: false, ...DENIED_MODES };
}

/** App identities compare case-insensitively: WM_CLASS "XTerm" and "xterm" are one app. */
export function appKey(app: string): string {
  return app.trim().toLowerCase();
}

export type PolicyLookup = (app: string) => AppPolicy;

export function policyLookup(policies: readonly AppPolicy[]): PolicyLookup {
  const byApp = new Map(policies.map((p) => [appKey(p.app), p]));
  return (app) => byApp.get(appKey(app)) ?? deniedPolicy(app);
}
