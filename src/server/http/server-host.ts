// The team service over HTTP: the API (routes checked against roles.ts, tokens looked up by their
// sha256) and the same built renderer `cairn serve` serves. Listens on 127.0.0.1 unless told
// otherwise; TLS is the deployer's (a reverse proxy in front).
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
import { appUrl } from '../../core/app-root.ts';
import { DomainError } from '../../core/domain-error.ts';
import { toApiError } from '../../core/domain-error.ts';
import { readJsonBody } from '../../host/json-body.ts';
import { resolveStatic } from '../../host/static-files.ts';
import { httpErrorBody, httpStatusOf } from '../../shared/api-error-codec.ts';
import { CONTENT_SECURITY_POLICY } from '../../shared/content-security-policy.ts';
import type { ApiError } from '../../shared/contract.ts';
import { TEAM_SERVICE_MARK } from '../../shared/team-review-api.ts';
import { API_PREFIX, ROUTES } from '../../remote/api-schemas.ts';
import { databaseProblem } from '../db/pool.ts';
import { userByToken } from '../db/users-repo.ts';
import { mayDo, whoMay } from '../roles.ts';
import type { ServerContext, User } from '../server-context.ts';
import { governanceRoutes } from '../governance/governance-routes.ts';
import { contributorRoutes } from './contributor-routes.ts';
import { pullRoutes } from './pull-routes.ts';
import { reviewRoutes } from './review-routes.ts';
import { type Answer, matchPath, type Route } from './route.ts';
import { uploadRoutes } from './upload-routes.ts';

const ROUTE_TABLE: Route[] = [
  { method: 'GET', path: ROUTES.me, permission: 'identify', does: 'identify', run: async ({ user }) => ({ json: { name: user.name, role: user.role } }) },
  ...uploadRoutes,
  ...reviewRoutes,
  ...contributorRoutes,
  ...pullRoutes,
  ...governanceRoutes,
];

const HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cache-Control': 'no-store',
};

export interface ServerHostOptions {
  port?: number;
  /** 127.0.0.1 unless given. */
  host?: string;
  rendererDir?: string;
}

export interface ServerHost {
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function startServerHost(server: ServerContext, options: ServerHostOptions = {}): Promise<ServerHost> {
  const rendererDir = options.rendererDir ?? fileURLToPath(appUrl('dist/renderer/'));
  const http_ = http.createServer((req, res) => {
    void handle(server, rendererDir, req, res).catch((error: unknown) => {
      // A body not read yet (a chunk refused because PostgreSQL is down) is drained, so that the
      // client reads the sentence rather than a connection cut mid-send (EPIPE).
      req.resume();
      if (!res.headersSent) sendError(res, asApiError(error));
      else res.destroy();
    });
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    http_.once('error', reject);
    http_.listen(options.port ?? 0, host, () => {
      http_.off('error', reject);
      resolve();
    });
  });
  const port = (http_.address() as AddressInfo).port;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}/`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        http_.closeAllConnections();
        http_.close(() => resolve());
      }),
  };
}

async function handle(server: ServerContext, rendererDir: string, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://placeholder');
  if (url.pathname !== API_PREFIX && !url.pathname.startsWith(`${API_PREFIX}/`)) return serveStatic(rendererDir, url.pathname, req, res);
  const route = ROUTE_TABLE.find((r) => r.method === req.method && matchPath(r.path, url.pathname));
  if (!route) {
    req.resume();
    const known = ROUTE_TABLE.some((r) => matchPath(r.path, url.pathname));
    return sendError(res, { code: known ? 'invalid-input' : 'unknown-method', message: known ? `${req.method} is not answered at ${url.pathname}.` : `There is no API route ${url.pathname.slice(0, 120)} on this service.` }, known ? 405 : 404);
  }
  const user = await authenticate(server, req);
  if (!user.ok) {
    req.resume();
    return sendError(res, { code: 'refused', message: user.message }, 401);
  }
  if (!mayDo(user.user.role, route.permission)) {
    req.resume();
    return sendError(res, { code: 'refused', message: `Only ${whoMay(route.permission)} may ${route.does}; ${user.user.name} is a ${user.user.role}.` });
  }
  const answer = await route.run({
    server,
    user: user.user,
    params: matchPath(route.path, url.pathname)!,
    query: url.searchParams,
    req,
    body: (schema) => readBody(req, schema),
  });
  send(res, answer);
}

async function authenticate(server: ServerContext, req: http.IncomingMessage): Promise<{ ok: true; user: User } | { ok: false; message: string }> {
  const match = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  if (!match) return { ok: false, message: 'This request has no token: send `Authorization: Bearer <token>` with the token `cairn server add-user` printed.' };
  const user = await userByToken(server.db, createHash('sha256').update(match[1]!).digest());
  if (!user) return { ok: false, message: 'This token is not valid on this service (unknown or revoked); ask an admin for a new one.' };
  return { ok: true, user };
}

async function readBody<T>(req: http.IncomingMessage, schema: z.ZodType<T>): Promise<T> {
  const body = await readJsonBody(req);
  if (!body.ok) throw new DomainError('invalid-input', body.message);
  const parsed = schema.safeParse(body.value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `field "${issue.path.join('.')}"` : 'the body';
    throw new DomainError('invalid-input', `Invalid ${where}: ${(issue?.message ?? 'not valid').replace(/\.$/, '')}.`);
  }
  return parsed.data;
}

function serveStatic(rendererDir: string, pathname: string, req: http.IncomingMessage, res: http.ServerResponse): void {
  req.resume();
  if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, 405, 'Only GET and HEAD are answered here.');
  const answer = resolveStatic(rendererDir, pathname);
  if (answer.status !== 200) return sendText(res, answer.status, answer.message);
  if (path.basename(answer.file) === 'index.html') {
    // The mark that puts the UI in its remote mode (renderer/api/team-client.ts): sign-in and queue.
    const page = Buffer.from(fs.readFileSync(answer.file, 'utf8').replace('<head>', `<head>\n    ${TEAM_SERVICE_MARK.tag}`));
    res.writeHead(200, { ...HEADERS, 'Cache-Control': 'no-cache', 'Content-Type': answer.type, 'Content-Length': page.length });
    return void res.end(req.method === 'HEAD' ? undefined : page);
  }
  res.writeHead(200, { ...HEADERS, 'Cache-Control': 'no-cache', 'Content-Type': answer.type, 'Content-Length': answer.size });
  if (req.method === 'HEAD') return void res.end();
  fs.createReadStream(answer.file).pipe(res);
}

function send(res: http.ServerResponse, answer: Answer): void {
  if ('bytes' in answer) {
    const length = answer.bytes.reduce((n, b) => n + b.length, 0);
    res.writeHead(200, { ...HEADERS, 'Content-Type': answer.type, 'Content-Length': length });
    for (const b of answer.bytes) res.write(b);
    return void res.end();
  }
  const json = JSON.stringify(answer.json);
  res.writeHead(answer.status ?? 200, { ...HEADERS, 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(json) });
  res.end(json);
}

function sendError(res: http.ServerResponse, error: ApiError, status = httpStatusOf(error.code)): void {
  send(res, { json: httpErrorBody(error), status });
}

function sendText(res: http.ServerResponse, status: number, message: string): void {
  res.writeHead(status, { ...HEADERS, 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(`${message}\n`);
}

function asApiError(error: unknown): ApiError {
  return toApiError(databaseProblem(error) ?? error);
}
