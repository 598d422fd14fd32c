// Sites a browser app may be recorded on, as the person names them and as the browser extension
// reports them: the one place that reads a site (`cairn apps allow … --site`, the Apps screen, the
// stored policy) and says whether a reported origin is one of them. Shared with the renderer, so
// it uses only the WHATWG URL parser, which both runtimes have.
//
// A site is `scheme://host[:port]` (that scheme only) or `host[:port]` (http and https alike).
// Normalised: the host lower-cased and an IDN in punycode (as `new URL` spells them), a default
// port dropped, never a path, query, fragment or user. Hosts match exactly: mail.google.com does
// not allow accounts.google.com.

const MAX_SITE_CHARS = 300;
const DEFAULT_PORT: Record<string, string> = { 'http:': '80', 'https:': '443' };

export type SiteParse = { site: string } | { problem: string };

/** The normalised site, or one sentence saying what is wrong with `text` and what to give instead. */
export function parseSite(text: string): SiteParse {
  const raw = text.trim();
  const shown = JSON.stringify(raw.slice(0, 80));
  const expected = 'give host[:port] or http(s)://host[:port], such as mail.google.com or http://127.0.0.1:8080';
  if (!raw) return { problem: `A site is empty: ${expected}.` };
  if (raw.length > MAX_SITE_CHARS) return { problem: `The site ${shown}… is longer than ${MAX_SITE_CHARS} characters: ${expected}.` };
  if (raw.includes('*')) return { problem: `The site ${shown} has a wildcard, which Cairn does not take: name each site (host) on its own.` };
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(raw)?.[1]?.toLowerCase();
  if (scheme !== undefined && scheme !== 'http' && scheme !== 'https') {
    return { problem: `The site ${shown} is not a web address (${scheme}:): ${expected}.` };
  }
  const rest = scheme === undefined ? raw : raw.slice(scheme.length + 3);
  // A path (other than a lone trailing slash), query, fragment or user would be lost by `origin`:
  // refuse them rather than allow more, or something else, than the person wrote.
  const hostPart = rest.endsWith('/') ? rest.slice(0, -1) : rest;
  if (/[/?#@\\\s]/.test(hostPart)) {
    const origin = originOfUrl(scheme === undefined ? `https://${rest}` : raw);
    const instead = origin ? `: use ${scheme === undefined ? new URL(origin).host : origin}` : '';
    return { problem: `The site ${shown} is not an origin (it has a path, query, user or space)${instead}; a site is host[:port] or http(s)://host[:port].` };
  }
  const http = urlOf(`http://${hostPart}`);
  const https = urlOf(`https://${hostPart}`);
  if (!http || !https || !http.hostname) return { problem: `The site ${shown} is not a valid host[:port]: ${expected}.` };
  if (scheme !== undefined) return { site: (scheme === 'http' ? http : https).origin };
  // Without a scheme the port is kept as written, even 80 or 443: each is the default of one scheme only.
  const port = http.port || https.port;
  return { site: port ? `${http.hostname}:${port}` : http.hostname };
}

/** Whether the origin a browser reports (`scheme://host[:port]`, as URL.origin spells it) is `site`. */
export function siteMatches(site: string, origin: string): boolean {
  const reported = urlOf(origin);
  const defaultPort = reported && DEFAULT_PORT[reported.protocol];
  if (!reported || !defaultPort) return false;
  if (site.includes('://')) return site === reported.origin;
  const colon = site.startsWith('[') ? site.indexOf(':', site.indexOf(']')) : site.indexOf(':');
  const host = colon < 0 ? site : site.slice(0, colon);
  const port = colon < 0 ? defaultPort : site.slice(colon + 1);
  return host === reported.hostname && port === (reported.port || defaultPort);
}

/** Whether `origin` is one of `sites` (normalised ones, as parseSite gives them). */
export function originListed(sites: readonly string[], origin: string | null): boolean {
  return origin !== null && sites.some((site) => siteMatches(site, origin));
}

function urlOf(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}

function originOfUrl(text: string): string | undefined {
  const url = urlOf(text);
  return url && DEFAULT_PORT[url.protocol] ? url.origin : undefined;
}
