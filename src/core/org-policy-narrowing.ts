// What may be recorded on a contributor's machine under an organisation's policy: the intersection
// of what the person allowed and what the organisation allows, never more than either. An app the
// organisation does not list is denied; an app the person denied stays denied whatever the
// organisation says; each mode is the lesser of the two; a browser's sites are the origins both
// allow; retention is the shorter. Every host asks this one function (the recorder, `apps list`,
// the Apps screen), so no path can record what one side refused.
import { type AppPolicy, appKey, deniedPolicy } from './app-policy.ts';
import type { OrgApp, OrgPolicy } from './org-policy.ts';
import type { KeysMode, ScreensMode, TitlesMode } from '../shared/policy-modes.ts';

/** What the organisation's policy did to one app: nothing, denied it, or allowed it with less. */
export type OrgLimit = 'none' | 'denied' | 'limited';

export interface NarrowedPolicy {
  policy: AppPolicy;
  limit: OrgLimit;
}

// Each list runs from capturing least to capturing most.
const KEYS: readonly KeysMode[] = ['off', 'timing', 'full'];
const SCREENS: readonly ScreensMode[] = ['off', 'on'];
const TITLES: readonly TitlesMode[] = ['off', 'keep'];

export function narrowAppPolicy(local: AppPolicy, org: OrgPolicy | null): NarrowedPolicy {
  if (!org || !local.allowed) return { policy: local, limit: 'none' };
  const limit = org.apps.find((a) => appKey(a.app) === appKey(local.app));
  if (!limit) return { policy: deniedPolicy(local.app), limit: 'denied' };
  const sites = narrowSites(local.sites ?? null, limit.sites);
  if (sites !== null && sites.length === 0) return { policy: deniedPolicy(local.app), limit: 'denied' };
  const policy: AppPolicy = {
    app: local.app,
    allowed: true,
    keys: least(KEYS, local.keys, limit.keys),
    screens: least(SCREENS, local.screens, limit.screens),
    titles: least(TITLES, local.titles, limit.titles),
    ...(sites ? { sites } : {}),
  };
  return { policy, limit: sameCapture(local, policy) ? 'none' : 'limited' };
}

/** The person's policies as the organisation's policy lets them stand. */
export function narrowPolicies(local: readonly AppPolicy[], org: OrgPolicy | null): AppPolicy[] {
  return local.map((p) => narrowAppPolicy(p, org).policy);
}

/** The shorter of the person's retention and the organisation's (null: the person keeps sessions). */
export function narrowRetention(localDays: number | null, org: OrgPolicy | null): number | null {
  if (!org) return localDays;
  return localDays === null ? org.retentionDays : Math.min(localDays, org.retentionDays);
}

function least<T>(order: readonly T[], a: T, b: T): T {
  return order[Math.min(order.indexOf(a), order.indexOf(b))]!;
}

function sameCapture(a: AppPolicy, b: AppPolicy): boolean {
  return a.keys === b.keys && a.screens === b.screens && a.titles === b.titles && narrowSites(a.sites ?? null, null)?.join() === (b.sites ?? null)?.join();
}

/**
 * The sites both lists allow (null: every site, on both sides). A site names one origin
 * (`https://host`) or two (`host[:port]`: http and https); the result is worked out on those
 * origins and written back in the shortest form, so it matches exactly the origins both match.
 */
export function narrowSites(local: readonly string[] | null, org: OrgApp['sites']): string[] | null {
  if (local === null && org === null) return null;
  const mine = local?.flatMap(originsOf);
  const theirs = org?.flatMap(originsOf);
  const allowed = new Set(theirs ?? mine);
  return sitesOf(new Set((mine ?? theirs)!.filter((o) => allowed.has(o))));
}

interface Origin {
  scheme: 'http' | 'https';
  host: string;
  port: string;
}

const DEFAULT_PORT = { http: '80', https: '443' } as const;

/** The origins a normalised site matches, as `scheme://host:port` with the port always written. */
function originsOf(site: string): string[] {
  const scheme = /^(https?):\/\//.exec(site)?.[1] as Origin['scheme'] | undefined;
  const rest = scheme ? site.slice(scheme.length + 3) : site;
  // An IPv6 host is bracketed; its colons are not a port's.
  const colon = rest.startsWith('[') ? rest.indexOf(':', rest.indexOf(']')) : rest.indexOf(':');
  const host = colon < 0 ? rest : rest.slice(0, colon);
  const port = colon < 0 ? undefined : rest.slice(colon + 1);
  const schemes: Origin['scheme'][] = scheme ? [scheme] : ['http', 'https'];
  return schemes.map((s) => `${s}://${host}:${port ?? DEFAULT_PORT[s]}`);
}

function sitesOf(origins: ReadonlySet<string>): string[] {
  const sites = new Set<string>();
  const covered = new Set<string>();
  // A scheme-less site (both schemes) wherever both of its origins are in the set, then each
  // origin left over with its scheme.
  for (const origin of origins) {
    const { host, port } = parseOrigin(origin);
    for (const site of [host, `${host}:${port}`]) {
      const matched = originsOf(site);
      if (!matched.every((o) => origins.has(o))) continue;
      sites.add(site);
      for (const o of matched) covered.add(o);
    }
  }
  for (const origin of origins) {
    if (covered.has(origin)) continue;
    const { scheme, host, port } = parseOrigin(origin);
    sites.add(port === DEFAULT_PORT[scheme] ? `${scheme}://${host}` : origin);
  }
  return [...sites].sort();
}

function parseOrigin(origin: string): Origin {
  const [scheme, rest] = origin.split('://') as [Origin['scheme'], string];
  const colon = rest.lastIndexOf(':');
  return { scheme, host: rest.slice(0, colon), port: rest.slice(colon + 1) };
}
