// Which apps may be recorded, and how: listing, allowing and denying apps for every front end
// (`cairn apps`, the Apps screen), with the sensitive-app rule written once: an app the default
// policy names as sensitive (a password manager, a messenger) stays denied until the person confirms
// twice; and the sites a browser is allowed for, each read by src/shared/site-origin.ts (none: every
// site). Under an organisation's policy (works-council mode) an app it does not allow cannot be
// allowed, and every entry shows the person's choice as that policy lets it stand. Refusals are
// DomainErrors, so each front end keeps its own way of saying them.
import { type AppEntry, appEntries, appEntry } from '../core/app-entries.ts';
import { AppPolicy, appKey, deniedPolicy, MAX_SITES } from '../core/app-policy.ts';
import { DomainError } from '../core/domain-error.ts';
import { narrowAppPolicy } from '../core/org-policy-narrowing.ts';
import type { WindowInfo } from '../core/window-info.ts';
import type { DefaultPolicy } from '../consent/default-policy.ts';
import { parseSite } from '../shared/site-origin.ts';
import { readOrgPolicy } from '../store/org-policy-repo.ts';
import { listPolicies, setPolicy } from '../store/policy-repo.ts';
import type { Store } from '../store/store.ts';

/** What the person chose for an app: denied, or allowed with what may be captured from it. */
export type AppChoice =
  | { app: string; allowed: false }
  | {
      app: string;
      allowed: true;
      keys: AppPolicy['keys'];
      screens: AppPolicy['screens'];
      titles: AppPolicy['titles'];
      /** How many times the person confirmed a sensitive app. */
      confirmSensitive: number;
      /** A browser only on these sites, as the person wrote them; none: every site. */
      sites?: readonly string[];
    };

type Traits = Pick<DefaultPolicy, 'sensitiveReason' | 'isBrowser'>;

export interface AppPolicyContext {
  defaults: Traits;
  /** Windows on screen, for the entry's count of running windows (none when not known). */
  windows?: readonly WindowInfo[];
  /** How this front end confirms twice, added to the refusal ("repeat the command with …"). */
  howToConfirm?: string;
}

export const SENSITIVE_CONFIRMATIONS = 2;

/** Every app with a policy or a window on screen, each with its policy (denied when it has none). */
export function listApps(store: Store, windows: readonly WindowInfo[], defaults: Traits): AppEntry[] {
  return appEntries(listPolicies(store), windows, defaults, readOrgPolicy(store)?.policy ?? null);
}

/** Allows or denies an app and answers its entry as `listApps` shows it. */
export function setAppPolicy(store: Store, choice: AppChoice, context: AppPolicyContext): AppEntry {
  const app = choice.app.trim();
  if (!app) throw new DomainError('invalid-input', 'The app name is empty: give its identity as the list of apps shows it.');
  const sites = choice.allowed ? chooseSites(app, choice.sites, context.defaults) : null;
  const wanted = choice.allowed ? { app, allowed: true, keys: choice.keys, screens: choice.screens, titles: choice.titles, sites } : deniedPolicy(app);
  const parsed = AppPolicy.safeParse(wanted);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new DomainError('invalid-input', `The policy for ${app.slice(0, 80)} is not valid (${issue?.path.join('.') || 'app'}: ${issue?.message ?? 'unknown problem'}).`);
  }
  const sensitive = context.defaults.sensitiveReason(app);
  if (choice.allowed && sensitive && choice.confirmSensitive < SENSITIVE_CONFIRMATIONS) {
    const how = context.howToConfirm ? `: ${context.howToConfirm}` : '';
    throw new DomainError('refused', `${app} is a sensitive app (${sensitive}) and stays denied unless you confirm twice${how}.`);
  }
  const org = readOrgPolicy(store)?.policy ?? null;
  if (parsed.data.allowed && narrowAppPolicy(parsed.data, org).limit === 'denied') {
    const what = parsed.data.sites ? `${app} on ${parsed.data.sites.join(', ')}` : app;
    throw new DomainError('refused', `Your organisation's policy (${org!.organisation}) does not allow ${what.slice(0, 200)} to be recorded, so it stays denied.`);
  }
  // The audit row says whether a sensitive app was let through on the person's double confirmation.
  setPolicy(store, parsed.data, { actor: 'contributor', sensitiveConfirmed: choice.allowed && sensitive !== undefined });
  const running = (context.windows ?? []).filter((w) => appKey(w.app) === appKey(app)).length;
  return appEntry(app, listPolicies(store), running, context.defaults, org);
}

/** The sites a browser is allowed for, normalised; refuses an invalid one, or sites for an app that is not a browser. */
function chooseSites(app: string, given: readonly string[] | undefined, defaults: Traits): string[] | null {
  if (!given || given.length === 0) return null;
  if (!defaults.isBrowser(app)) {
    throw new DomainError('invalid-input', `${app.slice(0, 80)} is not a browser Cairn knows (consent/policy.json lists them), so it cannot be allowed for sites: allow it without a site.`);
  }
  const sites = new Set<string>();
  for (const text of given) {
    const parsed = parseSite(text);
    if ('problem' in parsed) throw new DomainError('invalid-input', parsed.problem);
    sites.add(parsed.site);
  }
  if (sites.size > MAX_SITES) throw new DomainError('invalid-input', `${app.slice(0, 80)} is given ${sites.size} sites; at most ${MAX_SITES} are taken, so allow fewer.`);
  return [...sites].sort();
}
