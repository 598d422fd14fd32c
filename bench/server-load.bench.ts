// The team service under load (issue 14, item 8): CONTRIBUTORS simulated contributors upload one
// recorded hour each, all at once, while REVIEWERS reviewers work the queue (list, view the
// session, three frames, approve) and one more client asks GET /me every 100 ms (how long the
// event loop keeps a request waiting). PostgreSQL is restarted once half the uploads are stored
// (RESTART=0 leaves it up): the service must recover by itself, clients retrying what failed as
// `cairn remote submit` does when run again.
//
// The hour is what the recorder writes in an hour of a typical demo: HOUR_FRAMES frames (23 a
// minute: the frames bench's model of clicks and typing runs with an observation before and after,
// focus changes and periodic frames) of ~FRAME_BYTES (that bench measures 8.8-12.8 KB a WebP frame
// of a typical window), and HOUR_EVENTS events (10 kept a second: keys, clicks, thinned moves,
// wheel), spread over 3,600 s. Frames are real WebP files of random pixels (incompressible).
//
// Prints uploads/s, p50/p99 latency per route class (outside the restart window, and how many
// calls overlapped it), requests failed and retried, the server's peak RSS, and database and blob
// bytes per recorded hour. The issue's figures: CONTRIBUTORS=50 REVIEWERS=10.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { join } from 'node:path';
import pg from 'pg';
import { sessionPartName } from '../src/export/bundle/bundle-format.ts';
import { createBundle, packBundle } from '../src/export/bundle/create-bundle.ts';
import { unpackTar } from '../src/export/bundle/tar-container.ts';
import { openStore } from '../src/store/open-store.ts';
import { CAIRN_BIN } from '../tests/helpers/cli.ts';
import { filesUnder } from '../tests/helpers/disk-bytes.ts';
import { startPostgres } from '../tests/helpers/postgres.ts';
import { NO_SECRET, seedReviewSession } from '../tests/helpers/seed-review.ts';

const CONTRIBUTORS = Number(process.env.CONTRIBUTORS ?? 10);
const REVIEWERS = Number(process.env.REVIEWERS ?? 4);
const HOUR_FRAMES = Number(process.env.HOUR_FRAMES ?? 1380);
const FRAME_BYTES = Number(process.env.FRAME_BYTES ?? 11_000);
const HOUR_EVENTS = Number(process.env.HOUR_EVENTS ?? 36_000);
const RESTART = process.env.RESTART !== '0';
const CHUNK = 4 * 1024 * 1024;
const HOUR_MS = 3_600_000;

type RouteClass = 'start' | 'chunk' | 'complete' | 'queue' | 'view' | 'frame' | 'approve' | 'me';
const CLASSES: RouteClass[] = ['start', 'chunk', 'complete', 'queue', 'view', 'frame', 'approve', 'me'];

const root = mkdtempSync(join(tmpdir(), 'cairn-load-'));
const cluster = startPostgres({ fsync: true });
const samples: { cls: RouteClass; from: number; ms: number }[] = [];
let failed = 0;
let server: ReturnType<typeof spawn> | undefined;

try {
  // One real hour-long session in a store, bundled; then one bundle file per contributor under
  // its own session id (the same frames, sealed under a different key on the service).
  const template = '00000000-0000-4000-8000-000000000000';
  const dataDir = join(root, 'seed');
  // Nothing secret typed: the service's own detectors find nothing, so each session is approved once they checked it.
  const startedAt = Date.now() - 3 * HOUR_MS;
  await seedReviewSession(dataDir, { id: template, state: 'submitted', startedAt, spanMs: HOUR_MS, frames: HOUR_FRAMES, frameBytes: FRAME_BYTES, otherEvents: HOUR_EVENTS, typed: NO_SECRET });
  const store = openStore(dataDir);
  const made = createBundle(store, [template], join(root, 'template.cairnbundle'), { actor: 'bench' });
  store.close();
  const entries = unpackTar(readFileSync(made.file));
  mkdirSync(join(root, 'bundles'));
  const bundles = Array.from({ length: CONTRIBUTORS }, (_, i) => {
    const id = `00000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`;
    const parts = entries.slice(1, -1).map((e) => ({ name: e.name.replace(template, id), bytes: e.name === sessionPartName(template) ? Buffer.from(e.bytes.toString().replaceAll(template, id)) : e.bytes }));
    const bytes = Buffer.concat(packBundle([id], parts, Date.now()).chunks);
    const file = join(root, 'bundles', `${i}.cairnbundle`);
    writeFileSync(file, bytes);
    return { file, size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
  });
  const bundleBytes = bundles[0]!.size;

  const urlFile = join(root, 'url');
  writeFileSync(urlFile, cluster.url);
  const cairn = (args: string[]) => new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, [CAIRN_BIN, ...args], { env: { ...process.env, CAIRN_DATA_DIR: join(root, 'cli') }, stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('close', (code) => (code === 0 ? resolve(out.trim()) : reject(new Error(`cairn ${args.join(' ')} exited ${code}`))));
  });
  const blobDir = join(root, 'blobs');
  server = spawn(process.execPath, [CAIRN_BIN, 'server', 'start', '--database-url-file', urlFile, '--blob-dir', blobDir], { env: { ...process.env, CAIRN_DATA_DIR: join(root, 'srv') }, stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    server!.stdout!.on('data', (d: Buffer) => /running at (\S+)/.exec(d.toString()) && resolve(/running at (\S+)/.exec(d.toString())![1]!));
    server!.on('exit', (code) => reject(new Error(`cairn server start exited (${code})`)));
  });
  const tokens = {
    contributors: await Promise.all(Array.from({ length: CONTRIBUTORS }, (_, i) => cairn(['server', 'add-user', `c${i}`, '--role', 'contributor', '--database-url-file', urlFile]))),
    reviewers: await Promise.all(Array.from({ length: REVIEWERS }, (_, i) => cairn(['server', 'add-user', `r${i}`, '--role', 'reviewer', '--database-url-file', urlFile]))),
  };
  const db = new pg.Client({ connectionString: cluster.url });
  await db.connect();
  const dbBefore = Number((await db.query('SELECT pg_database_size(current_database()) AS n')).rows[0].n);
  await db.end();

  // The server's resident memory, sampled (VmHWM, the kernel's peak, is read at the end too).
  const status = () => readFileSync(`/proc/${server!.pid}/status`, 'utf8');
  const kB = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status())?.[1] ?? NaN);
  let peakRss = 0;
  const rssTimer = setInterval(() => (peakRss = Math.max(peakRss, kB('VmRSS'))), 100);

  /** One call, timed; a failure (5xx, connection lost) is counted and retried after a pause. */
  const call = async (cls: RouteClass, token: string, path: string, init: RequestInit = {}): Promise<{ status: number; body: unknown }> => {
    for (;;) {
      const from = performance.now();
      try {
        const res = await fetch(new URL(path, url), { ...init, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', ...init.headers } });
        const body: unknown = res.headers.get('content-type')?.startsWith('application/json') ? await res.json() : await res.arrayBuffer();
        samples.push({ cls, from, ms: performance.now() - from });
        if (res.status < 500) return { status: res.status, body };
      } catch {
        // Connection refused or reset: retried like a 5xx.
      }
      failed++;
      await new Promise((r) => setTimeout(r, 200));
    }
  };
  const ok = async (cls: RouteClass, token: string, path: string, init?: RequestInit) => {
    const r = await call(cls, token, path, init);
    if (r.status >= 400) throw new Error(`${path}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };

  // The bench's own event loop carries 50 uploads: how late it ran is printed beside the figures.
  const clientDelay = monitorEventLoopDelay({ resolution: 10 });
  clientDelay.enable();
  const loadBefore = loadavg()[0]!;
  const t0 = performance.now();
  let stored = 0;
  const ingestMs: number[] = [];
  const uploads = tokens.contributors.map(async (token, i) => {
    const bundle = bundles[i]!;
    const file = await open(bundle.file);
    const chunk = Buffer.alloc(CHUNK);
    let s = (await ok('start', token, '/api/v1/uploads', { method: 'POST', body: JSON.stringify({ size: bundle.size, sha256: bundle.sha256 }) })) as { id: string; offset: number; sessions: string[] | null };
    while (s.offset < bundle.size) {
      const { bytesRead } = await file.read(chunk, 0, Math.min(CHUNK, bundle.size - s.offset), s.offset);
      const put = await call('chunk', token, `/api/v1/uploads/${s.id}?offset=${s.offset}`, { method: 'PUT', body: chunk.subarray(0, bytesRead), headers: { 'Content-Type': 'application/octet-stream' } });
      // 409: the offset moved on (a chunk that landed before its answer was lost): ask it again.
      s = (put.status === 409 ? await ok('start', token, `/api/v1/uploads/${s.id}`) : put.body) as typeof s;
    }
    await file.close();
    const sent = performance.now();
    while (!s.sessions) s = (await ok('complete', token, `/api/v1/uploads/${s.id}/complete`, { method: 'POST', body: '{}' })) as typeof s;
    ingestMs.push(performance.now() - sent);
    stored++;
  });
  const restartWindow = { from: Infinity, to: -Infinity };
  const restart = (async () => {
    if (!RESTART) return;
    while (stored < CONTRIBUTORS / 2) await new Promise((r) => setTimeout(r, 50));
    restartWindow.from = performance.now();
    cluster.stop();
    cluster.start();
    restartWindow.to = performance.now();
  })();
  let approved = 0;
  let conflicts = 0;
  const reviewing = tokens.reviewers.map(async (token) => {
    while (approved < CONTRIBUTORS) {
      const queue = (await ok('queue', token, '/api/v1/queue')) as { id: string; frames: number }[];
      const pick = queue[Math.floor(Math.random() * queue.length)];
      if (!pick) {
        await new Promise((r) => setTimeout(r, 250));
        continue;
      }
      // Another reviewer may decide it first: a 404 or 409 here is that race, not a failure.
      if ((await call('view', token, `/api/v1/sessions/${pick.id}`)).status !== 200) continue;
      for (const seq of [1, Math.ceil(pick.frames / 2), pick.frames]) await call('frame', token, `/api/v1/sessions/${pick.id}/frames/${seq}`);
      const decided = await call('approve', token, `/api/v1/sessions/${pick.id}/approve`, { method: 'POST', body: '{}' });
      if (decided.status === 200) approved++;
      else if (decided.status === 409) conflicts++;
      else throw new Error(`approve ${pick.id}: ${decided.status} ${JSON.stringify(decided.body)}`);
    }
  });
  let uploading = true;
  const pinging = (async () => {
    while (uploading || approved < CONTRIBUTORS) {
      await call('me', tokens.reviewers[0]!, '/api/v1/me');
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  await Promise.all(uploads);
  const uploadSeconds = (performance.now() - t0) / 1000;
  uploading = false;
  await restart;
  await Promise.all([...reviewing, pinging]);
  clearInterval(rssTimer);
  clientDelay.disable();
  const loadAfter = loadavg()[0]!;
  const hwm = kB('VmHWM');

  const check = new pg.Client({ connectionString: cluster.url });
  await check.connect();
  const dbAfter = Number((await check.query('SELECT pg_database_size(current_database()) AS n')).rows[0].n);
  const sessions = (await check.query("SELECT count(*)::int AS n FROM sessions WHERE state = 'approved'")).rows[0].n as number;
  await check.end();
  const size = (dir: string) => filesUnder(dir).reduce((n, f) => n + statSync(f).size, 0);
  const blobBytes = size(join(blobDir, 'blobs'));

  const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))] ?? NaN;
  const inRestart = (s: (typeof samples)[number]) => s.from <= restartWindow.to && s.from + s.ms >= restartWindow.from;
  const mb = (n: number) => (n / 1e6).toFixed(1);
  console.log(`Node ${process.version}, ${CONTRIBUTORS} contributors x 1 recorded hour (${HOUR_FRAMES} frames of ~${FRAME_BYTES / 1000} kB, ${HOUR_EVENTS} events over 3,600 s; bundle ${mb(bundleBytes)} MB), ${REVIEWERS} reviewers; PostgreSQL restarted: ${RESTART ? `yes, for ${((restartWindow.to - restartWindow.from) / 1000).toFixed(1)} s` : 'no'}`);
  console.log(`uploads: ${CONTRIBUTORS} stored in ${uploadSeconds.toFixed(1)} s = ${(CONTRIBUTORS / uploadSeconds).toFixed(2)} uploads/s (${mb((CONTRIBUTORS * bundleBytes) / uploadSeconds)} MB/s); approved ${sessions} (${conflicts} approvals lost a race to another reviewer)`);
  console.log('latency per route class (ms), calls that overlapped the restart counted apart:');
  for (const cls of CLASSES) {
    const outside = samples.filter((s) => s.cls === cls && !inRestart(s)).map((s) => s.ms);
    const during = samples.filter((s) => s.cls === cls && inRestart(s)).map((s) => s.ms);
    console.log(`  ${cls.padEnd(9)} p50 ${pct(outside, 50).toFixed(0).padStart(6)}  p99 ${pct(outside, 99).toFixed(0).padStart(6)}  max ${Math.max(...outside).toFixed(0).padStart(6)}  over ${String(outside.length).padStart(5)} calls; ${during.length} during the restart${during.length ? ` (max ${Math.max(...during).toFixed(0)})` : ''}`);
  }
  // A chunk carries 4 MiB beside 49 others (its time is the bandwidth's share); a completion is a
  // long poll of up to 20 s: neither is an interactive call.
  const api = samples.filter((s) => s.cls !== 'complete' && s.cls !== 'chunk' && !inRestart(s)).map((s) => s.ms);
  console.log(`interactive calls (start, queue, view, frame, approve, me), outside the restart: p50 ${pct(api, 50).toFixed(0)} ms, p99 ${pct(api, 99).toFixed(0)} ms over ${api.length} calls (target p99 < 500 ms)`);
  console.log(`last byte sent to session stored (verify, seal, write, commit, waiting for a worker included): p50 ${(pct(ingestMs, 50) / 1000).toFixed(1)} s, p99 ${(pct(ingestMs, 99) / 1000).toFixed(1)} s`);
  console.log(`machine: load average ${loadBefore.toFixed(1)} at the start, ${loadAfter.toFixed(1)} at the end (2 cores); the bench's own event loop ran late by p99 ${(clientDelay.percentile(99) / 1e6).toFixed(0)} ms`);
  console.log(`requests failed and retried (5xx or connection lost): ${failed}`);
  console.log(`server peak RSS: ${(hwm / 1024).toFixed(0)} MB (sampled every 100 ms: ${(peakRss / 1024).toFixed(0)} MB)`);
  console.log(`per recorded hour: database ${mb((dbAfter - dbBefore) / CONTRIBUTORS)} MB, blobs ${mb(blobBytes / CONTRIBUTORS)} MB (bundle ${mb(bundleBytes)} MB); staged bytes left: ${size(join(blobDir, 'uploads'))}`);
} finally {
  server?.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 500));
  cluster.close();
  rmSync(root, { recursive: true, force: true });
}
