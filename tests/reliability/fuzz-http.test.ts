// Hostile input against the real browser host on loopback over a real store: over 10,000 malformed
// API calls (wrong types for every field of every method, pollution keys, deep nesting, bodies at
// and over the 1 MB cap, bad JSON, wrong content types, unknown methods, bad tokens/Host/Origin,
// traversal in export paths). Every answer is a 4xx with one sentence, nothing hangs, the server
// still answers, Object.prototype stays clean and the store is byte-for-byte unchanged.
import http from 'node:http';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { METHOD_NAMES } from '../../src/shared/contract.ts';
import { type HttpHost, startHttpHost } from '../../src/host/http-host.ts';
import { setSettings } from '../../src/store/settings-repo.ts';
import { deepNesting, hostileOutDirs, malformedCall, PROTO_KEYS, prototypePolluted, sentenceProblem } from '../helpers/fuzz-payloads.ts';
import { APPROVED, type FuzzTarget, prepareFuzzTarget, SUBMITTED } from '../helpers/fuzz-target.ts';
import { storeDigest } from '../helpers/store-digest.ts';

const SEED = Number(process.env.FUZZ_SEED ?? 20260611);
const CONCURRENCY = 8;
const REQUEST_TIMEOUT_MS = 15_000;

interface Case {
  label: string;
  path: string;
  method?: string;
  headers?: Record<string, string>;
  /** null: no Authorization header; a string: that header instead of the right one. */
  authorization?: string | null;
  body?: string | Buffer;
  chunked?: boolean;
}

let target: FuzzTarget;
let dataDir: string;
let host: HttpHost;
const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });

beforeAll(async () => {
  target = await prepareFuzzTarget('fuzz-http', (store) => setSettings(store, { retentionDays: 30 }, { actor: 'contributor' }));
  ({ dataDir } = target);
  host = await startHttpHost({ dataDir });
});

afterAll(async () => {
  agent.destroy();
  await host?.close();
  target?.remove();
});

interface Answer { status: number; type: string; body: string }

function send(c: Case): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { host: `127.0.0.1:${host.port}`, 'content-type': 'application/json', ...c.headers };
    const auth = c.authorization === undefined ? `Bearer ${host.token}` : c.authorization;
    if (auth !== null) headers.authorization = auth;
    if (c.body !== undefined && !c.chunked) headers['content-length'] = String(Buffer.byteLength(c.body));
    const req = http.request({ host: '127.0.0.1', port: host.port, path: c.path, method: c.method ?? 'POST', headers, agent, timeout: REQUEST_TIMEOUT_MS }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (d: Buffer) => chunks.push(d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${REQUEST_TIMEOUT_MS} ms`)));
    req.on('error', reject);
    if (c.chunked && c.body !== undefined) {
      // No Content-Length: the host must count while it reads.
      const body = Buffer.from(c.body);
      for (let i = 0; i < body.length; i += 64 * 1024) req.write(body.subarray(i, i + 64 * 1024));
      req.end();
    } else req.end(c.body);
  });
}

const apiPath = (method: unknown) => `/api/${encodeURIComponent(String(method))}`;
const pick = <T>(xs: readonly T[]) => fc.constantFrom(...xs);
const realMethod = pick(METHOD_NAMES);

function buildCases(): Case[] {
  const sample = <T>(arb: fc.Arbitrary<T>, n: number) => fc.sample(arb, { numRuns: n, seed: SEED });
  const cases: Case[] = [];
  // 1. The shared generator: wrong inputs to every method, unknown methods.
  for (const call of sample(malformedCall(false), 10_000)) cases.push({ label: call.label.split(' ')[0]!, path: apiPath(call.method), body: JSON.stringify(call.input) });
  // 2. Export destinations that must be refused, with a session that may be exported.
  const { places } = target;
  for (const [outDir, format] of sample(fc.tuple(hostileOutDirs(places), pick(['cairn', 'hf', 'pyautogui'])), 600)) {
    cases.push({ label: 'export-path', path: '/api/export.run', body: JSON.stringify({ sessionIds: [APPROVED], format, outDir }) });
  }
  // 3. Bodies that are not JSON objects: random text, cut-off JSON, binary, pollution in raw text.
  for (const [m, text] of sample(fc.tuple(realMethod, fc.string({ maxLength: 60 })), 300)) cases.push({ label: 'bad-json', path: apiPath(m), body: text.trim() === '' ? '[]' : text.startsWith('{') ? `${text}{` : `x${text}` });
  for (const [m, cut] of sample(fc.tuple(realMethod, fc.nat(40)), 200)) cases.push({ label: 'cut-json', path: apiPath(m), body: JSON.stringify({ id: APPROVED, sessionIds: [APPROVED], minutes: 5, outDir: '/tmp/x' }).slice(0, cut + 1) });
  for (const [m, bytes] of sample(fc.tuple(realMethod, fc.uint8Array({ minLength: 1, maxLength: 200 })), 200)) cases.push({ label: 'binary', path: apiPath(m), body: Buffer.concat([Buffer.from([0xff]), Buffer.from(bytes)]) });
  for (const [m, key, depth] of sample(fc.tuple(realMethod, pick(PROTO_KEYS), fc.nat(8)), 200)) {
    let text = `{"${key}": {"polluted": "yes"}}`;
    for (let i = 0; i < depth; i++) text = i % 2 ? `[${text}]` : `{"minutes": 5, "x": ${text}}`;
    cases.push({ label: 'pollution-text', path: apiPath(m), body: text });
  }
  // 4. Deep nesting far past any recursion limit, and sizes at and over the 1 MB cap.
  for (const depth of [10_000, 100_000, 400_000]) {
    cases.push({ label: 'deep', path: '/api/settings.set', body: `${'['.repeat(depth)}${']'.repeat(depth)}` });
    cases.push({ label: 'deep', path: '/api/apps.set', body: `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}` });
  }
  cases.push({ label: 'deep', path: '/api/data.forget', body: JSON.stringify(deepNesting(3_000, 'object')) });
  for (let i = 0; i < 6; i++) {
    const under = 1024 * 1024 - 64 - i * 1000;
    cases.push({ label: 'huge-under-cap', path: '/api/apps.set', body: JSON.stringify({ app: 'a'.repeat(under), allowed: true }) });
    cases.push({ label: 'huge-under-cap', path: '/api/review.reject', body: JSON.stringify({ id: SUBMITTED, reason: 'r'.repeat(under) }) });
    cases.push({ label: 'huge-over-cap', path: '/api/consent.withdraw', body: JSON.stringify({ x: 'a'.repeat(1024 * 1024 + i * 4096) }) });
    cases.push({ label: 'huge-over-cap-chunked', path: '/api/settings.set', body: Buffer.alloc(1024 * 1024 + 1 + i * 100_000, 0x20), chunked: true });
  }
  // 5. Wrong content types with malformed bodies, and wrong HTTP verbs.
  const contentTypes = ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', '', 'application/json; charset=utf-16', '*/*'];
  for (const [m, type] of sample(fc.tuple(realMethod, pick(contentTypes)), 200)) cases.push({ label: 'content-type', path: apiPath(m), headers: { 'content-type': type }, body: 'a=1&b=<x/>' });
  for (const [verb, m] of sample(fc.tuple(pick(['GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']), realMethod), 100)) cases.push({ label: 'verb', path: apiPath(m), method: verb });
  // 6. Valid calls that would change the store, refused for their token, Host or Origin.
  const destructive: Array<[string, unknown]> = [['consent.withdraw', {}], ['sessions.delete', { id: APPROVED }], ['data.forget', { minutes: 60 * 24 * 365 }], ['settings.set', { retentionDays: 1 }], ['apps.set', { app: 'XTerm', allowed: false }]];
  const badAuth = fc.oneof(
    fc.constant<string | null>(null),
    fc.string({ maxLength: 50 }).map((s) => `Bearer ${s.replace(/[^\x21-\x7e]/g, 'x')}x`),
    fc.constantFrom('Bearer', 'Basic YTpi', 'bearer  ', 'Bearer undefined', 'Bearer null'),
    fc.nat(42).map((n) => `Bearer ${host.token.slice(0, n)}`),
    fc.constant(`Bearer ${host.token}x`),
  );
  for (const [[m, input], auth] of sample(fc.tuple(pick(destructive), badAuth), 300)) cases.push({ label: 'bad-token', path: `/api/${m}?token=${encodeURIComponent(host.token)}`, authorization: auth, body: JSON.stringify(input) });
  const badHost = pick(['evil.example', `127.0.0.1:${host.port + 1}`, `localhost.evil:${host.port}`, '127.0.0.1', `[::1]:${host.port}`, `0.0.0.0:${host.port}`]);
  for (const [[m, input], h] of sample(fc.tuple(pick(destructive), badHost), 100)) cases.push({ label: 'bad-host', path: `/api/${m}`, headers: { host: h }, body: JSON.stringify(input) });
  const badOrigin = pick(['https://evil.example', 'null', `http://127.0.0.1:${host.port + 1}`, `https://127.0.0.1:${host.port}`, 'file://', `http://localhost.evil:${host.port}`]);
  for (const [[m, input], o] of sample(fc.tuple(pick(destructive), badOrigin), 100)) cases.push({ label: 'bad-origin', path: `/api/${m}`, headers: { origin: o }, body: JSON.stringify(input) });
  return cases;
}

describe('the browser host under hostile input', () => {
  it('answers every one of >10,000 malformed calls with a 4xx and one sentence, and changes nothing', { timeout: 120_000 }, async () => {
    const before = storeDigest(dataDir);
    const cases = buildCases();
    const statuses = new Map<number, number>();
    const labels = new Map<string, number>();
    const problems: string[] = [];
    const started = Date.now();
    let next = 0;
    const worker = async () => {
      while (next < cases.length) {
        const c = cases[next++]!;
        labels.set(c.label, (labels.get(c.label) ?? 0) + 1);
        const show = `${c.label} ${c.method ?? 'POST'} ${c.path.slice(0, 60)} ${String(c.body ?? '').slice(0, 100)}`;
        let answer: Answer;
        try {
          answer = await send(c);
        } catch (error) {
          problems.push(`${show}: no answer (${(error as Error).message})`);
          continue;
        }
        statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
        if (answer.status < 400 || answer.status > 499) problems.push(`${show}: status ${answer.status} ${answer.body.slice(0, 200)}`);
        let error: { code?: unknown; message?: unknown } | undefined;
        try {
          error = (JSON.parse(answer.body) as { error?: typeof error }).error;
        } catch {
          problems.push(`${show}: body is not JSON: ${answer.body.slice(0, 100)}`);
          continue;
        }
        if (!answer.type.startsWith('application/json') || typeof error?.code !== 'string') problems.push(`${show}: no {error:{code,message}}`);
        const bad = sentenceProblem(error?.message, String(c.body ?? '') + c.path + (c.authorization ?? ''));
        if (bad) problems.push(`${show}: message ${bad}: ${String(error?.message).slice(0, 200)}`);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const seconds = (Date.now() - started) / 1000;

    console.log(`fuzz-http: ${cases.length} payloads in ${seconds.toFixed(1)} s (seed ${SEED}); by kind ${JSON.stringify(Object.fromEntries(labels))}; by status ${JSON.stringify(Object.fromEntries([...statuses].sort(([a], [b]) => a - b)))}`);
    expect(problems.slice(0, 20)).toEqual([]);
    expect(cases.length).toBeGreaterThanOrEqual(10_000);

    // Still responsive, prototypes clean, nothing changed.
    const alive = await send({ label: 'valid', path: '/api/sessions.list', body: '{}' });
    expect(alive.status).toBe(200);
    expect((JSON.parse(alive.body) as { result: Array<{ id: string }> }).result.map((s) => s.id).sort()).toEqual([APPROVED, SUBMITTED]);
    expect(prototypePolluted()).toBe(false);
    expect(storeDigest(dataDir)).toBe(before);
  });
});
