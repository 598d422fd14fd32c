import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppPolicy, appKey } from '../../src/core/app-policy.ts';
import type { OrgApp, OrgPolicy } from '../../src/core/org-policy.ts';
import { narrowAppPolicy, narrowPolicies, narrowRetention, narrowSites } from '../../src/core/org-policy-narrowing.ts';
import { originListed, parseSite } from '../../src/shared/site-origin.ts';

const KEYS = ['off', 'timing', 'full'] as const;
const SCREENS = ['off', 'on'] as const;
const TITLES = ['off', 'keep'] as const;
const HOSTS = ['a.example', 'b.example', '127.0.0.1', '[::1]'];
const PORTS = [80, 443, 8080];
/** Every origin a site made of HOSTS and PORTS can match. */
const ORIGINS = HOSTS.flatMap((h) => ['http', 'https'].flatMap((s) => PORTS.map((p) => new URL(`${s}://${h}:${p}`).origin)));

const site = fc.tuple(fc.constantFrom('http://', 'https://', ''), fc.constantFrom(...HOSTS), fc.constantFrom('', ...PORTS.map((p) => `:${p}`))).map(([s, h, p]) => {
  const parsed = parseSite(`${s}${h}${p}`);
  if ('problem' in parsed) throw new Error(parsed.problem);
  return parsed.site;
});
const sites = fc.option(fc.uniqueArray(site, { minLength: 1, maxLength: 5 }), { nil: null });
const APPS = ['XTerm', 'Mousepad', 'Chromium', 'code'];
const modes = { keys: fc.constantFrom(...KEYS), screens: fc.constantFrom(...SCREENS), titles: fc.constantFrom(...TITLES) };
const localPolicy = fc.record({ app: fc.constantFrom(...APPS, 'xterm', 'CHROMIUM'), allowed: fc.boolean(), ...modes, sites }).map((p): AppPolicy => {
  const { sites: s, ...rest } = p;
  return p.allowed ? { ...rest, ...(s ? { sites: s } : {}) } : { ...rest, keys: 'off', screens: 'off', titles: 'off' };
});
const orgApp = fc.record({ app: fc.constantFrom(...APPS), ...modes, sites });
const orgPolicy = fc.record({ apps: fc.uniqueArray(orgApp, { selector: (a) => appKey(a.app), maxLength: 4 }), retentionDays: fc.integer({ min: 1, max: 3650 }) }).map(
  ({ apps, retentionDays }): OrgPolicy => ({
    format: 'cairn-org-policy',
    version: 1,
    organisation: 'Example Lab',
    issuedAt: '2026-12-01T09:00:00Z',
    apps,
    retentionDays,
    consent: { version: 1, sha256: '0'.repeat(64) },
    purposes: ['research'],
  }),
);

const rank = <T>(order: readonly T[], value: T) => order.indexOf(value);
const listed = (s: readonly string[] | null | undefined, origin: string) => s === null || s === undefined || originListed(s, origin);
const orgAppOf = (org: OrgPolicy, app: string): OrgApp | undefined => org.apps.find((a) => appKey(a.app) === appKey(app));

describe('narrowing the person’s app policies by the organisation’s (intersection)', () => {
  it('never allows what the person denied, nor what the organisation does not list, nor more of any mode than either allows', () => {
    fc.assert(
      fc.property(localPolicy, orgPolicy, (local, org) => {
        const { policy, limit } = narrowAppPolicy(local, org);
        const allowedByOrg = orgAppOf(org, local.app);
        expect(AppPolicy.safeParse(policy).success).toBe(true);
        expect(appKey(policy.app)).toBe(appKey(local.app));
        if (!local.allowed || !allowedByOrg) expect(policy.allowed).toBe(false);
        if (!allowedByOrg && local.allowed) expect(limit).toBe('denied');
        if (!policy.allowed) return;
        for (const [order, key] of [[KEYS, 'keys'], [SCREENS, 'screens'], [TITLES, 'titles']] as const) {
          expect(rank(order, policy[key])).toBeLessThanOrEqual(rank(order, local[key]));
          expect(rank(order, policy[key])).toBeLessThanOrEqual(rank(order, allowedByOrg![key]));
          // The lesser of the two, not less than needed.
          expect(rank(order, policy[key])).toBe(Math.min(rank(order, local[key]), rank(order, allowedByOrg![key])));
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('records a browser on exactly the origins both the person and the organisation allow, and denies it when none is left', () => {
    fc.assert(
      fc.property(localPolicy, orgPolicy, (local, org) => {
        const { policy } = narrowAppPolicy(local, org);
        const allowedByOrg = orgAppOf(org, local.app);
        const both = ORIGINS.filter((o) => local.allowed && allowedByOrg && listed(local.sites, o) && listed(allowedByOrg.sites, o));
        const recorded = ORIGINS.filter((o) => policy.allowed && listed(policy.sites, o));
        expect(recorded).toEqual(both);
        expect(policy.allowed).toBe(local.allowed && allowedByOrg !== undefined && (both.length > 0 || (local.sites ?? null) === null && allowedByOrg.sites === null));
      }),
      { numRuns: 2000 },
    );
  });

  it('is idempotent and changes nothing without an organisation policy', () => {
    fc.assert(
      fc.property(fc.array(localPolicy, { maxLength: 6 }), orgPolicy, (locals, org) => {
        const once = narrowPolicies(locals, org);
        expect(narrowPolicies(once, org)).toEqual(once);
        expect(narrowPolicies(locals, null)).toEqual(locals);
      }),
      { numRuns: 500 },
    );
  });

  it('keeps the shorter retention; a person who keeps sessions gets the organisation’s', () => {
    fc.assert(
      fc.property(fc.option(fc.integer({ min: 1, max: 3650 }), { nil: null }), orgPolicy, (local, org) => {
        const days = narrowRetention(local, org);
        expect(days).toBe(local === null ? org.retentionDays : Math.min(local, org.retentionDays));
        expect(narrowRetention(local, null)).toBe(local);
      }),
    );
  });

  it('writes the sites both allow in their shortest normalised form', () => {
    expect(narrowSites(['a.example'], ['https://a.example', 'b.example'])).toEqual(['https://a.example']);
    expect(narrowSites(['a.example', 'a.example:8080'], null)).toEqual(['a.example', 'a.example:8080']);
    expect(narrowSites(null, ['b.example'])).toEqual(['b.example']);
    expect(narrowSites(['a.example:443'], ['a.example'])).toEqual(['https://a.example']);
    expect(narrowSites(['http://a.example:8080', 'https://a.example:8080'], ['a.example:8080'])).toEqual(['a.example:8080']);
    expect(narrowSites(['a.example'], ['b.example'])).toEqual([]);
    expect(narrowSites(null, null)).toBeNull();
  });

  it('says which apps the organisation denied or limited', () => {
    const org: OrgPolicy = { format: 'cairn-org-policy', version: 1, organisation: 'X', issuedAt: '2026-12-01T09:00:00Z', apps: [{ app: 'xterm', keys: 'timing', screens: 'on', titles: 'keep', sites: null }], retentionDays: 30, consent: { version: 1, sha256: '0'.repeat(64) }, purposes: ['research'] };
    const allow = (app: string, keys: 'full' | 'timing') => ({ app, allowed: true, keys, screens: 'on', titles: 'keep' }) as const;
    expect(narrowAppPolicy(allow('XTerm', 'full'), org)).toEqual({ policy: allow('XTerm', 'timing'), limit: 'limited' });
    expect(narrowAppPolicy(allow('XTerm', 'timing'), org).limit).toBe('none');
    expect(narrowAppPolicy(allow('Mousepad', 'full'), org)).toEqual({ policy: { app: 'Mousepad', allowed: false, keys: 'off', screens: 'off', titles: 'off' }, limit: 'denied' });
  });
});
