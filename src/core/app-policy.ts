// Per-app recording policy. Every app is denied until the person allows it; a browser may be
// allowed for named sites only.
import { z } from 'zod';
import { parseSite } from '../shared/site-origin.ts';
import { DENIED_MODES, KeysMode, ScreensMode, TitlesMode } from '../shared/policy-modes.ts';

/** Most sites one browser app may be allowed for. */
export const MAX_SITES = 100;

/** A site as parseSite normalises it (`host[:port]` or `scheme://host[:port]`). */
export const Site = z.string().refine((text) => {
  const parsed = parseSite(text);
  return 'site' in parsed && parsed.site === text;
}, 'a normalised site: host[:port] or http(s)://host[:port]');

export const AppPolicy = z.object({
  app: z.string().min(1).max(256),
  allowed: z.boolean(),
  keys: KeysMode,
  screens: ScreensMode,
  titles: TitlesMode,
  /** A browser allowed for these sites only; absent or null: the whole app (every site). */
  sites: z.array(Site).min(1).max(MAX_SITES).nullable().optional(),
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
