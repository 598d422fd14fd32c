// A fake Cairn core for the renderer's smoke test: handlers in memory, served over the same HTTP
// shape as `cairn serve` (POST /api/<method> with a Bearer token, Server-Sent Events on
// /api/events?token=...), through the real contract wrapper (src/host/invoke.ts), plus the built
// renderer from dist/renderer with the hosts' CSP. It records every call so tests can check them.
import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join } from 'node:path';
import { DomainError } from '../../src/core/domain-error.ts';
import { httpErrorBody, httpStatusOf } from '../../src/shared/api-error-codec.ts';
import { parseSite } from '../../src/shared/site-origin.ts';
import type { MethodName, MethodOutput } from '../../src/shared/contract.ts';
import { type Handlers, invoke } from '../../src/host/invoke.ts';

export const CSP = "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; script-src 'self'; connect-src 'self'";
/** A backup written outside the data folder, which a withdrawal names for the person to delete. */
/** An element record as the accessibility tree gives one (issue 13, item 3). */
export const FAKE_ELEMENT = { role: 'push button', name: 'Save', states: ['focused'], bounds: { x: 600, y: 380, width: 80, height: 40 } };

export const FAKE_COPY_ELSEWHERE = { kind: 'backup' as const, path: '/media/usb/cairn-backup.db', writtenAt: Date.UTC(2025, 0, 2), sessions: ['s1', 's2'], present: true };
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.map': 'application/json' };

type Recorder = MethodOutput<'recorder.status'>;
type Session = MethodOutput<'sessions.list'>[number];

export function frameSvg(seq: number, app: string): string {
  const hue = (seq * 47) % 360;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="1280" height="800" viewBox="0 0 1280 800">
<rect width="1280" height="800" fill="#000"/><rect x="80" y="60" width="1120" height="680" rx="6" fill="hsl(${hue} 35% 22%)"/>
<rect x="80" y="60" width="1120" height="36" fill="hsl(${hue} 30% 35%)"/><text x="100" y="85" font-family="sans-serif" font-size="20" fill="#fff">${app} — frame ${seq}</text>
<text x="110" y="150" font-family="monospace" font-size="26" fill="#cfe">$ echo hello cairn</text><text x="110" y="190" font-family="monospace" font-size="26" fill="#cfe">hello cairn</text></svg>`;
}

export function createFakeCairn(options: { sessions: number }) {
  const consentText = readFileSync('consent/consent-v1.md', 'utf8');
  const sha256 = createHash('sha256').update(consentText).digest('hex');
  const calls: [string, unknown][] = [];
  const listeners = new Set<ServerResponse>();
  const now = Date.now();
  const state = {
    accepted: null as null | { version: string; sha256: string; acceptedAt: number; current: boolean },
    capability: { ok: true, problem: null as string | null },
    apps: [
      { app: 'XTerm', allowed: false, keys: 'full', screens: 'on', titles: 'keep', running: 2, sensitive: null, browser: false, sites: null, org: 'none' },
      { app: 'firefox', allowed: false, keys: 'full', screens: 'on', titles: 'keep', running: 1, sensitive: null, browser: true, sites: null, org: 'none' },
      { app: 'KeePassXC', allowed: false, keys: 'full', screens: 'on', titles: 'keep', running: 0, sensitive: 'a password manager', browser: false, sites: null, org: 'none' },
      { app: 'Cairn', allowed: false, keys: 'full', screens: 'on', titles: 'keep', running: 1, sensitive: "Cairn's own window", browser: false, sites: null, org: 'none' },
    ] as MethodOutput<'apps.list'>,
    recorder: {
      state: 'idle', sessionId: null, elapsedMs: 0, kept: 0, stored: 0, dropped: {}, frames: 0, bytes: 0,
      storageUsed: 48 * 1024 ** 2, storageBudget: 2 * 1024 ** 3, warnings: [], stoppedBecause: null,
    } as Recorder,
    settings: { retentionDays: 30 as number | null, storageBudgetBytes: 2 * 1024 ** 3, minFreeDiskBytes: 1024 ** 3 },
    sessions: Array.from({ length: options.sessions }, (_, i): Session => ({
      id: randomUUID(),
      state: (['recorded', 'submitted', 'approved', 'rejected', 'interrupted'] as const)[i % 5]!,
      startedAt: now - (i + 1) * 3_600_000,
      endedAt: now - (i + 1) * 3_600_000 + 120_000 + (i % 7) * 30_000,
      task: i % 2 === 0 ? `Rename report ${i + 1} to its quarter` : null,
      durationMs: 120_000 + (i % 7) * 30_000,
      eventCount: 300 + ((i * 37) % 900),
      frameCount: 12,
      bytes: 400_000 + ((i * 7919) % 3_000_000),
      apps: i % 3 === 0 ? ['XTerm', 'firefox'] : ['XTerm'],
      openFindings: 0,
    })),
  };

  const push = (status: Recorder) => {
    state.recorder = status;
    for (const res of listeners) res.write(`event: recorder.status\ndata: ${JSON.stringify(status)}\n\n`);
  };
  const consentInfo = () => ({ version: 1, sha256, title: 'Cairn recording consent', text: consentText, accepted: state.accepted });
  const findSession = (id: string) => {
    const s = state.sessions.find((x) => x.id === id);
    if (!s) throw new DomainError('not-found', `No session with id ${id}.`);
    return s;
  };
  const setRecorder = (patch: Partial<Recorder>) => (push({ ...state.recorder, ...patch }), state.recorder);

  const handlers: Handlers = {
    'consent.get': () => consentInfo(),
    'consent.accept': (input) => {
      if (input.sha256 !== sha256) throw new DomainError('refused', 'That is not the sha256 of the current consent text.');
      state.accepted = { version: '1', sha256, acceptedAt: Date.now(), current: true };
      return consentInfo();
    },
    'consent.withdraw': () => {
      const sessions = state.sessions.length;
      state.sessions = [];
      state.accepted = null;
      state.apps = state.apps.map((a) => ({ ...a, allowed: false }));
      setRecorder({ state: 'idle', sessionId: null });
      return { sessions, events: sessions * 300, frames: sessions * 12, stoppedRecorders: 0, copiesElsewhere: [FAKE_COPY_ELSEWHERE] };
    },
    'apps.list': () => state.apps,
    'org.get': () => null,
    'apps.set': (input) => {
      const existing = state.apps.find((a) => a.app.toLowerCase() === input.app.toLowerCase());
      const sensitive = existing?.sensitive ?? null;
      if (input.allowed && sensitive && input.confirmSensitive < 2) throw new DomainError('refused', `${input.app} is sensitive (${sensitive}): confirm twice to allow it.`);
      const browser = existing?.browser ?? false;
      const sites = input.allowed && browser && input.sites?.length ? input.sites.map((text) => {
        const parsed = parseSite(text);
        if ('problem' in parsed) throw new DomainError('invalid-input', parsed.problem);
        return parsed.site;
      }) : null;
      const entry = { app: existing?.app ?? input.app, allowed: input.allowed, keys: input.keys, screens: input.screens, titles: input.titles, running: existing?.running ?? 0, sensitive, browser, sites, org: 'none' as const };
      state.apps = [...state.apps.filter((a) => a !== existing), entry];
      return entry;
    },
    'recorder.capability': () => state.capability,
    'recorder.status': () => state.recorder,
    'recorder.start': () => {
      if (!state.accepted) throw new DomainError('refused', 'No consent given yet: accept the consent text first.');
      return setRecorder({ state: 'recording', sessionId: randomUUID(), elapsedMs: 0, kept: 0, dropped: {}, frames: 0, bytes: 0 });
    },
    'recorder.pause': () => setRecorder({ state: 'paused' }),
    'recorder.resume': () => setRecorder({ state: 'recording' }),
    'recorder.stop': () => setRecorder({ state: 'idle', sessionId: null }),
    // Only the desktop shell (tray, global hotkeys) calls it; the renderer never does.
    'recorder.control': () => {
      throw new DomainError('refused', 'The fake Cairn has no tray or hotkeys.');
    },
    'sessions.list': () => state.sessions,
    'sessions.get': (input) => {
      const s = findSession(input.id);
      return {
        id: s.id, state: s.state, startedAt: new Date(s.startedAt).toISOString(), endedAt: s.endedAt === null ? null : new Date(s.endedAt).toISOString(), task: s.task,
        keyboardLayout: 'us', policies: [{ app: 'XTerm', allowed: true, keys: 'full', screens: 'on', titles: 'keep' }],
        dropped: { 'app-denied': 41, 'focus-transition': 3 },
        counts: { events: s.eventCount, frames: s.frameCount, byKind: { 'key-down': 120, 'key-up': 120, 'mouse-move': 60 } },
        typedText: [
          { windowSeq: 1, app: 'XTerm', text: 'echo hello cairn\nls -la\n', seqs: Array.from('echo hello cairn\nls -la\n', (_c, i) => i * 2 + 1) },
          { windowSeq: 2, app: 'firefox', text: 'consent-first recording', seqs: Array.from('consent-first recording', (_c, i) => 100 + i * 2) },
        ],
        windows: [
          { seq: 1, t: 0, app: 'XTerm', title: 'xterm: ~/project', x: 80, y: 60, width: 1120, height: 680 },
          { seq: 2, t: 42_000, app: 'firefox', title: null, x: 0, y: 0, width: 1280, height: 800 },
        ],
        frames: Array.from({ length: s.frameCount }, (_, i) => ({
          seq: i + 1, t: i * 10_000, windowSeq: i < 6 ? 1 : 2, reason: i % 2 ? 'click' : 'periodic', width: 1280, height: 800, format: 'svg', sha256: 'f'.repeat(64), size: 1200,
        })),
        events: [],
        audit: [
          { id: 1, at: s.startedAt, actor: 'contributor', action: 'session.start', sessionId: s.id, detail: { apps: s.apps } },
          { id: 2, at: s.endedAt ?? s.startedAt, actor: 'contributor', action: 'session.stop', sessionId: s.id, detail: null },
        ],
        findings: [],
        review: { reviewer: null, reviewedAt: null, reason: null },
      };
    },
    'sessions.frame': (input) => {
      findSession(input.id);
      return { mime: 'image/svg+xml', base64: Buffer.from(frameSvg(input.seq, input.seq <= 6 ? 'XTerm' : 'firefox')).toString('base64') };
    },
    // Steps as the real derivation gives them (tests/browser/new-user-views.test.ts checks that), with
    // the element record the accessibility tree will add to a click.
    'sessions.steps': (input) => (findSession(input.id), [
      { index: 0, kind: 'click', t: 1000, endT: 1060, frameSeq: 1, afterFrameSeq: 2, app: 'XTerm', point: { x: 640, y: 400 }, button: 'left', count: 1, mods: [], flags: [], element: FAKE_ELEMENT },
      { index: 1, kind: 'type', t: 2000, endT: 2600, frameSeq: 1, afterFrameSeq: 2, app: 'XTerm', point: null, text: [{ kept: 'ls ' }, { redacted: 4 }], flags: ['redacted-keys'] },
    ]),
    'sessions.delete': (input) => {
      const s = findSession(input.id);
      state.sessions = state.sessions.filter((x) => x !== s);
      return { events: s.eventCount, frames: s.frameCount };
    },
    // A fake with no team service: the My data card offers to connect, and connecting is refused.
    'remote.status': () => ({ connected: false, url: null, name: null, role: null, sent: [], unsent: [], erasuresWaiting: 0 }),
    'remote.connect': () => {
      throw new DomainError('unavailable', 'The fake Cairn reaches no team service.');
    },
    'remote.submit': () => {
      throw new DomainError('invalid-input', 'This data folder has no team service yet.');
    },
    'remote.sync': () => {
      throw new DomainError('invalid-input', 'This data folder has no team service yet.');
    },
    'remote.accessLog': () => {
      throw new DomainError('invalid-input', 'This data folder has no team service yet.');
    },
    'data.get': () => ({
      dataDir: '/home/contributor/.local/share/cairn', sessions: state.sessions.length,
      events: state.sessions.reduce((n, s) => n + s.eventCount, 0), frames: state.sessions.reduce((n, s) => n + s.frameCount, 0),
      bytes: state.sessions.reduce((n, s) => n + s.bytes, 0), freeDiskBytes: 120 * 1024 ** 3,
      encryption: { encrypted: false, keyStore: null }, exports: [], consent: state.accepted, tombstones: 3,
      audit: [{ id: 1, at: now - 60_000, actor: 'contributor', action: 'consent.accept', sessionId: null, detail: { version: 1 } }],
    }),
    'data.forget': (input) => {
      if (input.minutes > 10_000) throw new DomainError('refused', 'Forgetting more than a week at once is not possible here; delete sessions instead.');
      return { events: 120, frames: 4, deletedSessions: 0 };
    },
    'review.setTask': (input) => {
      const s = findSession(input.id);
      s.task = input.task.trim() || null;
      return s;
    },
    'export.list': () => [],
    'export.preview': (input) => {
      const s = findSession(input.id);
      const image = `frames/${s.id}/1.svg`;
      const record = { session: s.id, instruction: s.task ?? '', kind: 'click', index: 0, element: FAKE_ELEMENT, frame: image };
      return {
        sessionId: s.id, format: input.format, instruction: s.task ?? '', totalSteps: 1, envelope: null,
        files: [{ path: 'episodes.jsonl', bytes: 300 }, { path: image, bytes: 1200 }, { path: 'manifest.json', bytes: 900 }],
        steps: [{ index: 0, kind: 'click', records: [{ file: 'episodes.jsonl', text: JSON.stringify(record, null, 2) }], image, afterImage: null, element: FAKE_ELEMENT }],
        images: { [image]: { mime: 'image/svg+xml', base64: Buffer.from(frameSvg(1, 'XTerm')).toString('base64') } },
      };
    },
    'settings.get': () => state.settings,
    'settings.set': (input) => (state.settings = { ...state.settings, ...input }),
    ...notInThisFake([
      'sessions.events', 'review.queue', 'review.scan', 'review.redactBox', 'review.redactText', 'review.cutRange',
      'review.resolveFinding', 'review.submit', 'review.approve', 'review.reject', 'export.run',
    ]),
  };

  const token = randomUUID();
  let server: Server;
  return {
    state, calls, token, push,
    callsOf: (method: string) => calls.filter(([m]) => m === method).map(([, input]) => input),
    async start(rendererDir: string): Promise<string> {
      server = createServer(async (req, res) => {
        const url = new URL(req.url ?? '/', 'http://localhost');
        if (url.pathname === '/api/events') {
          if (url.searchParams.get('token') !== token) return void res.writeHead(401).end();
          res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
          res.write(': hello\n\n');
          listeners.add(res);
          return void req.on('close', () => listeners.delete(res));
        }
        if (url.pathname.startsWith('/api/')) {
          if (req.headers.authorization !== `Bearer ${token}`) return void json(res, 401, { error: { code: 'refused', message: 'Missing or wrong token.' } });
          const chunks: Buffer[] = [];
          for await (const c of req) chunks.push(c as Buffer);
          const method = url.pathname.slice(5);
          const body: unknown = JSON.parse(Buffer.concat(chunks).toString() || '{}');
          calls.push([method, body]);
          const r = await invoke(handlers, method, body);
          return void (r.ok ? json(res, 200, { result: r.result }) : json(res, httpStatusOf(r.error.code), httpErrorBody(r.error)));
        }
        const file = url.pathname === '/' ? 'index.html' : url.pathname.slice(1);
        try {
          const bytes = readFileSync(join(rendererDir, file.replace(/\.\.+/g, '')));
          res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream', 'Content-Security-Policy': CSP }).end(bytes);
        } catch {
          res.writeHead(404).end();
        }
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    },
    async stop(): Promise<void> {
      for (const res of listeners) res.end();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
}

/** Methods this fake does not play: the UI's review and export screens are tested against the real host. */
function notInThisFake<M extends MethodName>(names: M[]): Pick<Handlers, M> {
  const refuse = () => {
    throw new DomainError('unavailable', 'This method is not part of the renderer smoke test.');
  };
  return Object.fromEntries(names.map((n) => [n, refuse])) as unknown as Pick<Handlers, M>;
}
