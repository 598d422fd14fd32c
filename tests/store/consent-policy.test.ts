import { describe, expect, it } from 'vitest';
import { listAudit } from '../../src/store/audit-log.ts';
import { activeAcceptance, markWithdrawn, recordAcceptance } from '../../src/store/consent-repo.ts';
import { listPolicies, setPolicy } from '../../src/store/policy-repo.ts';
import { open, tempDataDir } from './helpers.ts';

describe('consent acceptances', () => {
  it('has no active acceptance until one is recorded, then the latest until withdrawn', () => {
    const store = open(tempDataDir());
    expect(activeAcceptance(store)).toBeUndefined();
    recordAcceptance(store, { version: 1, sha256: 'a'.repeat(64), at: 10 });
    const second = recordAcceptance(store, { version: '2', sha256: 'b'.repeat(64), at: 20 });
    expect(activeAcceptance(store)).toEqual(second);
    expect(markWithdrawn(store, 30)).toBe(2);
    expect(activeAcceptance(store)).toBeUndefined();
    expect(listAudit(store).map((a) => a.action)).toEqual(['consent.accept', 'consent.accept', 'consent.withdraw']);
  });
});

describe('app policies', () => {
  it('upserts by lower-cased app identity and audits the options, keeping the display name', () => {
    const store = open(tempDataDir());
    setPolicy(store, { app: 'XTerm', allowed: true, keys: 'timing', screens: 'on', titles: 'off' }, { actor: 'contributor', sensitiveConfirmed: false, at: 5 });
    setPolicy(store, { app: 'xterm', allowed: false, keys: 'off', screens: 'off', titles: 'off' }, { actor: 'contributor', sensitiveConfirmed: true, at: 6 });
    expect(listPolicies(store)).toEqual([
      { app: 'XTerm', allowed: false, keys: 'off', screens: 'off', titles: 'off', sites: null, sensitiveConfirmed: true, updatedAt: 6 },
    ]);
    const audit = listAudit(store);
    expect(audit.map((a) => a.action)).toEqual(['policy.allow', 'policy.deny']);
    expect(audit[0]!.detail).toEqual({ app: 'xterm', keys: 'timing', screens: 'on', titles: 'off', sites: null, sensitiveConfirmed: false });
  });

  it("keeps a browser's sites with its policy: replaced by each allow, none once denied, audited", () => {
    const store = open(tempDataDir());
    const allow = (sites?: string[]) => setPolicy(store, { app: 'Chromium', allowed: true, keys: 'full', screens: 'on', titles: 'keep', ...(sites ? { sites } : {}) }, { actor: 'contributor', sensitiveConfirmed: false });
    expect(allow(['mail.google.com', 'http://127.0.0.1:8001', 'mail.google.com']).sites).toEqual(['http://127.0.0.1:8001', 'mail.google.com']);
    expect(listPolicies(store)[0]!.sites).toEqual(['http://127.0.0.1:8001', 'mail.google.com']);
    allow(['github.com']);
    expect(listPolicies(store)[0]!.sites).toEqual(['github.com']);
    allow();
    expect(listPolicies(store)[0]!.sites).toBeNull();
    allow(['github.com']);
    setPolicy(store, { app: 'chromium', allowed: false, keys: 'off', screens: 'off', titles: 'off' }, { actor: 'contributor', sensitiveConfirmed: false });
    expect(listPolicies(store)[0]).toMatchObject({ allowed: false, sites: null });
    expect(listAudit(store).map((a) => a.detail?.sites)).toEqual([['http://127.0.0.1:8001', 'mail.google.com'], ['github.com'], null, ['github.com'], null]);
    expect(() => allow(['Mail.Google.com'])).toThrow();
  });

  it('rejects a policy outside the schema', () => {
    const store = open(tempDataDir());
    const bad = { app: 'xterm', allowed: true, keys: 'everything', screens: 'on', titles: 'keep' } as never;
    expect(() => setPolicy(store, bad, { actor: 'contributor', sensitiveConfirmed: false })).toThrow();
    expect(listPolicies(store)).toEqual([]);
  });
});
