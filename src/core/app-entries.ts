// The apps a person chooses from: every app with a stored policy plus every app with a window on
// screen now, each with its policy (denied when it has none), why it is sensitive, if it is, and
// whether it is a browser (which may be allowed for named sites only). Under an organisation's
// policy (works-council mode) each row shows what may really be recorded, the person's choice as
// that policy lets it stand, and says what the policy did to it.
// `cairn apps list` and the app's Apps screen show the same rows.
import { type AppPolicy, appKey, deniedPolicy } from './app-policy.ts';
import type { OrgPolicy } from './org-policy.ts';
import { narrowAppPolicy, type OrgLimit } from './org-policy-narrowing.ts';
import type { WindowInfo } from './window-info.ts';

export interface AppEntry extends Omit<AppPolicy, 'sites'> {
  /** Windows of this app on screen now. */
  running: number;
  sensitive: string | null;
  /** Whether the app is a browser (consent/policy.json lists them). */
  browser: boolean;
  /** The sites a browser is allowed for; null: the whole app (for a browser: every site). */
  sites: string[] | null;
  /** What the organisation's policy does to the app: nothing, denies it (whether or not the person
   *  allowed it: it cannot be allowed), or allows less than the person chose. */
  org: OrgLimit;
}

/** What the default policy (consent/policy.json) says of an app. */
export interface AppTraits {
  sensitiveReason(app: string): string | undefined;
  isBrowser(app: string): boolean;
}

export function appEntries(policies: readonly AppPolicy[], windows: readonly WindowInfo[], traits: AppTraits, org: OrgPolicy | null = null): AppEntry[] {
  const byApp = new Map<string, { app: string; running: number }>();
  for (const p of policies) byApp.set(appKey(p.app), { app: p.app, running: 0 });
  for (const w of windows) {
    const entry = byApp.get(appKey(w.app)) ?? { app: w.app, running: 0 };
    entry.running++;
    byApp.set(appKey(w.app), entry);
  }
  return [...byApp.values()].map(({ app, running }) => appEntry(app, policies, running, traits, org));
}

export function appEntry(app: string, policies: readonly AppPolicy[], running: number, traits: AppTraits, org: OrgPolicy | null = null): AppEntry {
  const chosen = policies.find((p) => appKey(p.app) === appKey(app)) ?? deniedPolicy(app);
  const { policy, limit } = narrowAppPolicy(chosen, org);
  // An app the person has not allowed is denied by the organisation too when allowing it would be.
  const wouldDeny = !chosen.allowed && narrowAppPolicy({ ...chosen, allowed: true }, org).limit === 'denied';
  return {
    app,
    allowed: policy.allowed,
    keys: policy.keys,
    screens: policy.screens,
    titles: policy.titles,
    running,
    sensitive: traits.sensitiveReason(app) ?? null,
    browser: traits.isBrowser(app),
    sites: policy.allowed ? (policy.sites ?? null) : null,
    org: wouldDeny ? 'denied' : limit,
  };
}
