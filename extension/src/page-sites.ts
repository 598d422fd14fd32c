// Where pages may report the element acted on: only on the sites the running recording allows
// (what it tells the extension through the native host: the allowed browsers' sites, null for
// every site, none when no recording runs). The match patterns the element script is registered
// with, and the exact check the background makes of every page before it asks or forwards anything.
import { originListed } from '../../src/shared/site-origin.ts';

/** null: every site; []: none. */
export type PageSites = readonly string[] | null;

/** Whether a page of `origin` may report its elements. */
export function mayReport(sites: PageSites, origin: string | null): boolean {
  if (origin === null) return false;
  return sites === null ? /^https?:\/\//.test(origin) : originListed(sites, origin);
}

/**
 * Match patterns that cover the sites (a site without a scheme: http and https). The port is left
 * out (not every browser takes one in a pattern): the pages of other ports of the same host get the
 * script, which asks the background (mayReport, exact) before it reads anything.
 */
export function matchPatterns(sites: PageSites): string[] {
  if (sites === null) return ['http://*/*', 'https://*/*'];
  const patterns = new Set<string>();
  for (const site of sites) {
    const scheme = /^(https?):\/\//.exec(site)?.[1];
    const host = site.replace(/^https?:\/\//, '').replace(/:\d+$/, '');
    for (const s of scheme ? [scheme] : ['http', 'https']) patterns.add(`${s}://${host}/*`);
  }
  return [...patterns];
}
