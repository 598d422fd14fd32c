// The browser host: Cairn's API and its built renderer over HTTP on 127.0.0.1 only, for a browser
// on this machine. Every request has its Host checked, API calls their Origin and the per-run
// token; API calls go through the one wrapper, `invoke`, like the Electron IPC.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { appUrl } from '../core/app-root.ts';
import { CONTENT_SECURITY_POLICY } from '../shared/content-security-policy.ts';
import type { ApiError } from '../shared/contract.ts';
import { httpErrorBody, httpStatusOf } from '../shared/api-error-codec.ts';
import { invoke } from './invoke.ts';
import { toApiError } from '../core/domain-error.ts';
import { createCairnService } from './cairn-service.ts';
import { warmDetectors } from '../review/detectors/index.ts';
import { checkHost, checkOrigin, checkToken, presentedToken, type Refusal } from './request-guard.ts';
import { resolveStatic } from './static-files.ts';
import { readJsonBody } from './json-body.ts';
import { announceServedOrigins } from '../store/served-origins.ts';

export const DEFAULT_RENDERER_DIR = fileURLToPath(appUrl('dist/renderer/'));

const COMMON_HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

export interface HttpHostOptions {
  dataDir: string;
  /** 0 (the default): a random free port. */
  port?: number;
  rendererDir?: string;
}

export interface HttpHost {
  url: string;
  token: string;
  port: number;
  server: http.Server;
  close(): Promise<void>;
}

export async function startHttpHost(options: HttpHostOptions): Promise<HttpHost> {
  const token = randomBytes(32).toString('base64url');
  const rendererDir = options.rendererDir ?? DEFAULT_RENDERER_DIR;
  const streams = new Set<http.ServerResponse>();
  const service = createCairnService({
    dataDir: options.dataDir,
    onEvent: (name, payload) => {
      const frame = `event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`;
      for (const res of streams) res.write(frame);
    },
  });
  let port = 0;

  const server = http.createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendError(res, toApiError(error));
      else res.destroy();
    });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://placeholder');
    const isApi = url.pathname === '/api' || url.pathname.startsWith('/api/');
    const refusal: Refusal =
      checkHost(req.headers.host, port) ??
      (isApi ? checkOrigin(req.headers.origin, port) : null) ??
      (isApi ? checkToken(presentedToken(req.headers.authorization, url.pathname === '/api/events' ? url.searchParams : null), token) : null);
    if (refusal) return refuse(res, refusal.status, refusal.message, isApi);

    if (url.pathname === '/api/events') return openEvents(req, res);
    if (isApi) return callApi(req, res, url.pathname.slice('/api/'.length));
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return refuse(res, 405, 'Only GET and HEAD are answered here.', false);
    }
    const answer = resolveStatic(rendererDir, url.pathname);
    if (answer.status !== 200) return refuse(res, answer.status, answer.message, false);
    res.writeHead(200, { ...COMMON_HEADERS, 'Content-Type': answer.type, 'Content-Length': answer.size, 'Cache-Control': 'no-cache' });
    if (req.method === 'HEAD') return void res.end();
    fs.createReadStream(answer.file).pipe(res);
  }

  async function callApi(req: http.IncomingMessage, res: http.ServerResponse, method: string): Promise<void> {
    if (req.method !== 'POST') {
      res.setHeader('Allow', 'POST');
      return refuse(res, 405, `API methods are called with POST /api/<method> and a JSON body, not ${req.method}.`, true);
    }
    const body = await readJsonBody(req);
    if (!body.ok) {
      if (body.status === 413) res.setHeader('Connection', 'close');
      return refuse(res, body.status, body.message, true);
    }
    const result = await invoke(service.handlers, method, body.value);
    if (result.ok) send(res, 200, { result: result.result });
    else sendError(res, result.error);
  }

  async function openEvents(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    if (req.method !== 'GET') {
      res.setHeader('Allow', 'GET');
      return refuse(res, 405, 'Events are read with GET /api/events.', true);
    }
    const now = await service.handlers['recorder.status']({});
    res.writeHead(200, { ...COMMON_HEADERS, 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
    res.write(`retry: 2000\n\nevent: recorder.status\ndata: ${JSON.stringify(now)}\n\n`);
    streams.add(res);
    // A comment now and then keeps proxies and the browser from closing an idle stream.
    const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
    req.on('close', () => {
      clearInterval(keepAlive);
      streams.delete(res);
    });
  }

  // Module loading holds the thread; it is done before the first request, not during one.
  await warmDetectors();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // Loopback only, never 0.0.0.0: nothing on the network can reach Cairn.
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  }).catch(async (error: unknown) => {
    await service.close();
    throw error;
  });
  port = (server.address() as AddressInfo).port;
  // Before anyone can be given the URL: a recording never records Cairn's own page (served-origins.ts).
  const unannounce = announceServedOrigins(options.dataDir, [`http://127.0.0.1:${port}`, `http://localhost:${port}`]);

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      await service.close();
      for (const res of streams) res.end();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      unannounce();
    })());
  return { url: `http://127.0.0.1:${port}/#token=${token}`, token, port, server, close };
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  const json = JSON.stringify(body);
  res.writeHead(status, { ...COMMON_HEADERS, 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', 'Content-Length': Buffer.byteLength(json) });
  res.end(json);
}

function sendError(res: http.ServerResponse, error: ApiError): void {
  send(res, httpStatusOf(error.code), httpErrorBody(error));
}

function refuse(res: http.ServerResponse, status: number, message: string, api: boolean): void {
  if (api) {
    const code = status === 401 ? 'refused' : status === 404 ? 'unknown-method' : status >= 500 ? 'unavailable' : status === 403 || status === 421 ? 'refused' : 'invalid-input';
    return send(res, status, httpErrorBody({ code, message }));
  }
  res.writeHead(status, { ...COMMON_HEADERS, 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(`${message}\n`);
}
