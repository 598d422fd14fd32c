// The browser host on a real loopback port over a real store: it refuses requests without the
// token, with a wrong Host or a foreign Origin, binds to 127.0.0.1 only, answers malformed payloads
// with a 4xx and a clear sentence (changing nothing), and serves the happy path and live events.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConsentText } from '../../src/consent/consent-text.ts';
import { type HttpHost, startHttpHost } from '../../src/host/http-host.ts';
import { fromHttpErrorBody, httpStatusOf } from '../../src/shared/api-error-codec.ts';
import type { ApiErrorCode } from '../../src/shared/contract.ts';
import { openStore } from '../../src/store/open-store.ts';
import { seedReviewSession } from '../helpers/seed-review.ts';
import { seedRecordedSession } from '../helpers/seed-session.ts';

let host: HttpHost;
let dataDir: string;
let rendererDir: string;
const sha = loadConsentText().sha256;
const savedDisplay = process.env.DISPLAY;

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  json: { result?: unknown; error?: { code: string; message: string } } | null;
}

/** A raw request, so that Host and Origin can be anything (fetch would not let a test set Host). */
function request(path: string, o: { method?: string; headers?: Record<string, string>; body?: string | Buffer; token?: string | null } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { host: `127.0.0.1:${host.port}`, ...o.headers };
    const token = o.token === undefined ? host.token : o.token;
    if (token !== null) headers.authorization = `Bearer ${token}`;
    const req = http.request({ host: '127.0.0.1', port: host.port, path, method: o.method ?? 'POST', headers, agent: false }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => {
        let json = null;
        try {
          json = JSON.parse(body);
        } catch {
          // not JSON (static files, plain-text refusals)
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, json });
      });
    });
    req.on('error', reject);
    req.end(o.body);
  });
}
const api = (method: string, input: unknown = {}, o: Parameters<typeof request>[1] = {}) =>
  request(`/api/${method}`, { body: JSON.stringify(input), headers: { 'content-type': 'application/json' }, ...o });

/** Rows of every table that holds the person's data, to prove a refused request changed nothing. */
function storeSnapshot(): string {
  const store = openStore(dataDir, { readonly: true });
  try {
    const tables = ['consent_acceptances', 'app_policies', 'sessions', 'settings', 'audit'];
    return JSON.stringify(tables.map((t) => store.db.prepare(`SELECT * FROM ${t}`).all()));
  } finally {
    store.close();
  }
}

beforeAll(async () => {
  delete process.env.DISPLAY;
  dataDir = mkdtempSync(join(tmpdir(), 'cairn-http-'));
  rendererDir = join(dataDir, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Cairn test page</title>');
  writeFileSync(join(dataDir, 'secret.txt'), 'OUTSIDE-THE-RENDERER');
  host = await startHttpHost({ dataDir, rendererDir });
});
afterAll(async () => {
  await host?.close();
  if (savedDisplay !== undefined) process.env.DISPLAY = savedDisplay;
});

describe('the browser host refuses', () => {
  it('an API call without a token (401)', async () => {
    const r = await api('consent.get', {}, { token: null });
    expect(r.status).toBe(401);
    expect(r.json?.error?.message).toMatch(/no token: open the URL that `cairn serve` printed/);
  });

  it('an API call with a wrong token (401), also on the event stream', async () => {
    expect((await api('consent.get', {}, { token: 'x'.repeat(43) })).status).toBe(401);
    expect((await api('consent.get', {}, { token: `${host.token}x` })).status).toBe(401);
    expect((await request('/api/events?token=wrong', { method: 'GET', token: null })).status).toBe(401);
  });

  it('a request for another host name (DNS rebinding), API or page', async () => {
    for (const hostHeader of [`evil.example:${host.port}`, '127.0.0.1', `127.0.0.1:${host.port + 1}`]) {
      const r = await api('consent.get', {}, { headers: { host: hostHeader } });
      expect(r.status).toBe(421);
      expect(r.json?.error?.message).toMatch(/DNS rebinding/);
    }
    const page = await request('/', { method: 'GET', headers: { host: `evil.example:${host.port}` }, token: null });
    expect(page.status).toBe(421);
  });

  it('an API call from a foreign Origin, even with the token', async () => {
    for (const origin of ['http://evil.example', `http://127.0.0.1:${host.port + 1}`, 'null', `https://127.0.0.1:${host.port}`]) {
      const r = await api('consent.get', {}, { headers: { origin } });
      expect(r.status).toBe(403);
      expect(r.json?.error?.message).toMatch(/only Cairn's own page may call its API/);
    }
    expect((await api('consent.get', {}, { headers: { origin: `http://localhost:${host.port}` } })).status).toBe(200);
  });

  it('to serve a file outside the renderer folder', async () => {
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/%2e%2e%5csecret.txt', '/a/../../secret.txt']) {
      const r = await request(path, { method: 'GET', token: null });
      expect(r.status, path).toBeGreaterThanOrEqual(400);
      expect(r.body).not.toContain('OUTSIDE-THE-RENDERER');
    }
  });
});

describe('the browser host binds', () => {
  it('to 127.0.0.1 only', async () => {
    expect(host.server.address()).toMatchObject({ address: '127.0.0.1', family: 'IPv4' });
    const external = Object.values(networkInterfaces()).flat().find((i) => i && i.family === 'IPv4' && !i.internal);
    if (!external) {
      console.warn('Skipping the non-loopback connection check: this machine has no non-loopback IPv4 address.');
      return;
    }
    const reached = await new Promise<boolean>((resolve) => {
      const socket = net.connect({ host: external.address, port: host.port, timeout: 2000 });
      socket.on('connect', () => (socket.destroy(), resolve(true)));
      socket.on('error', () => resolve(false));
      socket.on('timeout', () => (socket.destroy(), resolve(false)));
    });
    expect(reached).toBe(false);
  });
});

describe('malformed API payloads', () => {
  const cases: [string, () => Promise<Reply>, number, RegExp][] = [
    ['bad JSON', () => request('/api/consent.accept', { body: '{"sha256": ' }), 400, /not valid JSON/],
    ['a JSON array', () => request('/api/consent.accept', { body: '[1,2]' }), 400, /must be a JSON object/],
    ['a wrong type', () => api('consent.accept', { sha256: 42 }), 400, /Invalid field "sha256" for consent.accept/],
    ['an unknown field', () => api('apps.set', { app: 'XTerm', allowed: true, admin: true }), 400, /Invalid the input for apps.set|admin/],
    ['an unknown method', () => api('consent.grantEverything'), 404, /There is no API method "consent.grantEverything"/],
    ['a __proto__ key', () => request('/api/settings.set', { body: '{"__proto__": {"retentionDays": 1}}' }), 400, /"__proto__"/],
    ['a nested constructor key', () => request('/api/apps.set', { body: '{"app": "XTerm", "allowed": true, "x": {"constructor": {}}}' }), 400, /"constructor"/],
    ['an oversized body', () => request('/api/apps.set', { body: Buffer.alloc(1024 * 1024 + 10, 0x20) }), 413, /larger than 1 MB/],
    ['a GET on a method', () => request('/api/consent.get', { method: 'GET' }), 405, /POST/],
    ['an out-of-range setting', () => api('settings.set', { storageBudgetBytes: -5 }), 400, /storageBudgetBytes/],
  ];
  for (const [what, send, status, message] of cases) {
    it(`answers ${what} with ${status} and a clear message, changing nothing`, async () => {
      const before = storeSnapshot();
      const r = await send();
      expect(r.status).toBe(status);
      expect(r.json?.error?.message).toMatch(message);
      expect(r.json?.error?.message).toMatch(/[.]$/);
      expect(storeSnapshot()).toBe(before);
    });
  }
});

describe('the browser host serves', () => {
  it('the renderer with a strict CSP and no-sniff, and no-store on the API', async () => {
    const page = await request('/', { method: 'GET', token: null });
    expect(page.status).toBe(200);
    expect(page.body).toContain('Cairn test page');
    expect(page.headers['content-security-policy']).toBe(
      "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
    );
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect((await api('consent.get')).headers['cache-control']).toBe('no-store');
  });

  it('a happy path: consent.accept -> apps.set -> sessions.list -> data.get -> settings.set', async () => {
    const accepted = await api('consent.accept', { sha256: sha });
    expect(accepted.status).toBe(200);
    expect(accepted.json?.result).toMatchObject({ accepted: { sha256: sha, current: true } });
    const app = await api('apps.set', { app: 'XTerm', allowed: true, keys: 'timing' });
    expect(app.json?.result).toMatchObject({ app: 'XTerm', allowed: true, keys: 'timing', screens: 'on' });
    expect((await api('sessions.list')).json?.result).toEqual([]);
    const data = await api('data.get');
    expect(data.json?.result).toMatchObject({ sessions: 0, consent: { sha256: sha } });
    const settings = await api('settings.set', { retentionDays: 30, storageBudgetBytes: 2 * 1024 ** 3 });
    expect(settings.json?.result).toEqual({ retentionDays: 30, storageBudgetBytes: 2 * 1024 ** 3, minFreeDiskBytes: 1024 ** 3 });
    expect(storeSnapshot()).toContain('"policy.allow"');
  });

  it('a refusal with the contract\'s status: recording without a display is unavailable (503)', async () => {
    const r = await api('recorder.start');
    expect(r.status).toBe(503);
    expect(r.json?.error).toMatchObject({ code: 'unavailable', message: expect.stringMatching(/^No display/) });
  });

  it('recorder.status events over Server-Sent Events', async () => {
    const event = await new Promise<string>((resolve, reject) => {
      const req = http.get(
        { host: '127.0.0.1', port: host.port, path: `/api/events?token=${host.token}`, headers: { host: `127.0.0.1:${host.port}` }, agent: false },
        (res) => {
          expect(res.headers['content-type']).toMatch(/^text\/event-stream/);
          let text = '';
          res.on('data', (d: Buffer) => {
            text += d.toString();
            const match = /event: recorder\.status\ndata: (.*)\n\n/.exec(text);
            if (match) {
              req.destroy();
              resolve(match[1]!);
            }
          });
        },
      );
      req.on('error', reject);
    });
    expect(JSON.parse(event)).toMatchObject({ state: 'idle', storageBudget: 2 * 1024 ** 3 });
  });
});

describe('an API error over HTTP', () => {
  it('keeps its code, with the status the codec gives it, and the core\'s exact sentence', async () => {
    const submitted = '5e551011-aaaa-4bbb-8ccc-000000000011';
    const recorded = '5e551011-aaaa-4bbb-8ccc-000000000012';
    await seedReviewSession(dataDir, { id: submitted, state: 'submitted', findings: 'one-open' });
    seedRecordedSession(dataDir, { id: recorded });
    const cases: [string, unknown, ApiErrorCode, number, RegExp][] = [
      ['review.approve', { id: submitted }, 'refused', 403, /^Session 5e551011-aaaa-4bbb-8ccc-000000000011 has 1 open finding; redact or waive it \(`cairn redact`, or the review screen\) before approving\.$/],
      ['review.approve', { id: recorded }, 'conflict', 409, /^A session that is recorded cannot be approved; /],
      ['sessions.get', { id: '5e551011-aaaa-4bbb-8ccc-0000000000ff' }, 'not-found', 404, /^No session with id 5e551011-aaaa-4bbb-8ccc-0000000000ff; /],
    ];
    for (const [method, input, code, status, sentence] of cases) {
      const r = await api(method, input);
      expect(r.status, method).toBe(status);
      expect(httpStatusOf(code)).toBe(status);
      // What the browser client (renderer/api/http-client.ts) reads back.
      const error = fromHttpErrorBody(r.json);
      expect(error?.code).toBe(code);
      expect(error?.message).toMatch(sentence);
    }
  });
});
