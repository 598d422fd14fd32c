// Small web sites on 127.0.0.1 for browser tests: each its own port, so each its own origin. Every
// page has the site's fixed title (or none, when asked), whatever its path and query.
//
//   const site = await serveSite('Alpha site');
//   site.origin            // 'http://127.0.0.1:40123'
//   site.url('/inbox?token=x')
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LocalSite {
  origin: string;
  url(pathAndQuery?: string): string;
  close(): Promise<void>;
}

/** A site whose pages are titled `title` (null: pages without a <title>, the browser shows the URL)
 *  and painted `background`, so that a frame tells which site it shows; `body` replaces the heading. */
export async function serveSite(title: string | null, background = '#8ac', body?: string): Promise<LocalSite> {
  const server = createServer((_req, res) => {
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.end(`<!doctype html>${title === null ? '' : `<title>${title}</title>`}<body style="background:${background}${body ? ';margin:0' : ''}">${body ?? `<h1>${title ?? 'untitled'}</h1>`}</body>`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    url: (pathAndQuery = '/') => `${origin}${pathAndQuery}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
