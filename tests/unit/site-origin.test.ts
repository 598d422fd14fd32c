import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppPolicy } from '../../src/core/app-policy.ts';
import { originListed, parseSite, siteMatches } from '../../src/shared/site-origin.ts';

const site = (text: string) => {
  const parsed = parseSite(text);
  if ('problem' in parsed) throw new Error(parsed.problem);
  return parsed.site;
};
const problem = (text: string) => {
  const parsed = parseSite(text);
  return 'problem' in parsed ? parsed.problem : `accepted as ${parsed.site}`;
};

describe('sites (host[:port] or scheme://host[:port])', () => {
  it('normalises in one way: lower-case host, IDN in punycode, default port dropped, a lone trailing slash ignored', () => {
    expect(site('Mail.Google.COM')).toBe('mail.google.com');
    expect(site('  https://EXAMPLE.com:443/ ')).toBe('https://example.com');
    expect(site('http://example.com:80')).toBe('http://example.com');
    expect(site('http://example.com:8080')).toBe('http://example.com:8080');
    expect(site('bücher.de')).toBe('xn--bcher-kva.de');
    expect(site('HTTPS://Bücher.de')).toBe('https://xn--bcher-kva.de');
    expect(site('127.0.0.1:8001')).toBe('127.0.0.1:8001');
    expect(site('[::1]:8080')).toBe('[::1]:8080');
    // Without a scheme 80 and 443 are each the default of one scheme only: kept as written.
    expect(site('example.com:443')).toBe('example.com:443');
  });

  it('refuses what is not an origin in one sentence that says what to give instead', () => {
    const cases = ['', '   ', 'https://mail.google.com/mail/u/0', 'mail.google.com/inbox', 'https://x.com?q=1', 'https://x.com#top', 'user@x.com', 'https://user:pw@x.com', 'ftp://x.com', 'file:///etc/passwd', '*.google.com', 'x.com:99999', 'exa mple.com', 'http://', 'a'.repeat(301)];
    for (const text of cases) {
      const said = problem(text);
      expect(said, text).not.toMatch(/^accepted/);
      expect(said, text).toMatch(/^[A-Z].*\.$/);
      expect(said.split(/\.\s+[A-Z]/).length, `${text}: one sentence`).toBe(1);
    }
    expect(problem('https://mail.google.com/mail/u/0')).toContain('use https://mail.google.com');
  });

  it('matches a scheme-less site on http and https at its port (or the scheme default), a site with a scheme on that scheme only', () => {
    expect(siteMatches('mail.google.com', 'https://mail.google.com')).toBe(true);
    expect(siteMatches('mail.google.com', 'http://mail.google.com')).toBe(true);
    expect(siteMatches('mail.google.com', 'https://mail.google.com:8443')).toBe(false);
    expect(siteMatches('mail.google.com', 'https://accounts.google.com')).toBe(false);
    expect(siteMatches('google.com', 'https://mail.google.com')).toBe(false);
    expect(siteMatches('127.0.0.1:8001', 'http://127.0.0.1:8001')).toBe(true);
    expect(siteMatches('127.0.0.1:8001', 'http://127.0.0.1:8002')).toBe(false);
    expect(siteMatches('example.com:443', 'https://example.com')).toBe(true);
    expect(siteMatches('example.com:443', 'http://example.com')).toBe(false);
    expect(siteMatches('https://example.com', 'http://example.com')).toBe(false);
    expect(siteMatches('https://example.com', 'https://example.com')).toBe(true);
    expect(siteMatches('[::1]:8080', 'http://[::1]:8080')).toBe(true);
    expect(originListed(['a.com', 'b.com'], null)).toBe(false);
    expect(originListed(['a.com', 'b.com'], 'https://b.com')).toBe(true);
  });

  // Hosts end in a name (a last label of digits or hex would make URL read an IPv4 address).
  const host = fc
    // Labels with "--" in third and fourth place are reserved (xn-- is punycode): URL refuses bad ones.
    .tuple(fc.array(fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?$/).filter((l) => !/^..--/.test(l)), { maxLength: 3 }), fc.constantFrom('com', 'org', 'example', 'internal'))
    .map(([labels, tld]) => [...labels, tld].join('.'));
  const port = fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined });
  const scheme = fc.constantFrom('http', 'https', undefined);

  it('is idempotent, its output is what the stored policy takes, and a site matches the origin the browser would report for it', () => {
    fc.assert(
      fc.property(host, port, scheme, fc.boolean(), (h, p, s, upper) => {
        const written = `${s ? `${s}://` : ''}${upper ? h.toUpperCase() : h}${p === undefined ? '' : `:${p}`}`;
        const normal = site(written);
        expect(site(normal)).toBe(normal);
        expect(AppPolicy.safeParse({ app: 'Chromium', allowed: true, keys: 'full', screens: 'on', titles: 'keep', sites: [normal] }).success).toBe(true);
        for (const reportedScheme of s ? [s] : ['http', 'https']) {
          const origin = new URL(`${reportedScheme}://${h}${p === undefined ? '' : `:${p}`}`).origin;
          const defaultOfOther = !s && p !== undefined && ((reportedScheme === 'http' && p === 443) || (reportedScheme === 'https' && p === 80));
          if (!defaultOfOther) expect(siteMatches(normal, origin), `${normal} ~ ${origin}`).toBe(true);
        }
        const otherHost = new URL(`https://other-${h}`).origin;
        expect(siteMatches(normal, otherHost)).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws and never accepts a path, query, fragment or user, whatever the text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), fc.constantFrom('/p', '?q', '#f', 'u@'), (text, extra) => {
        const written = extra === 'u@' ? `u@x.com${text}` : `x.com${extra}${text}`;
        for (const scheme of ['', 'https://']) expect('problem' in parseSite(`${scheme}${written}`), written).toBe(true);
        expect(() => parseSite(text)).not.toThrow();
      }),
      { numRuns: 500 },
    );
  });

  it('refuses a stored policy whose site is not normalised', () => {
    const base = { app: 'Chromium', allowed: true, keys: 'full', screens: 'on', titles: 'keep' } as const;
    expect(AppPolicy.safeParse({ ...base, sites: ['Mail.Google.com'] }).success).toBe(false);
    expect(AppPolicy.safeParse({ ...base, sites: [] }).success).toBe(false);
    expect(AppPolicy.safeParse({ ...base, sites: null }).success).toBe(true);
    expect(AppPolicy.safeParse(base).success).toBe(true);
  });
});
