// The team service under load (issue 14, item 8): CONTRIBUTORS simulated contributors upload one
// "hour" each at once (HOUR_FRAMES frames of ~FRAME_BYTES and HOUR_EVENTS events: an hour at one
// frame every 6 s and 10 kept events a second), while REVIEWERS reviewers work the queue (list,
// view, approve). Halfway through, PostgreSQL is restarted: the service must recover by itself
// (clients retry what failed, as `cairn remote submit` does when run again). Prints uploads/s,
// API latency (p50/p99, chunk PUTs apart), requests failed during the restart, and database and
// blob bytes per recorded hour. Scale with CONTRIBUTORS=50 REVIEWERS=10 (the figures).
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
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
const HOUR_FRAMES = Number(process.env.HOUR_FRAMES ?? 600);
const FRAME_BYTES = Number(process.env.FRAME_BYTES ?? 30_000);
const HOUR_EVENTS = Number(process.env.HOUR_EVENTS ?? 36_000);
const CHUNK = 4 * 1024 * 1024;

const root = mkdtempSync(join(tmpdir(), 'cairn-load-'));
const cluster = startPostgres({ fsync: true });
const latencies: Record<'api' | 'put', number[]> = { api: [], put: [] };
let failed = 0;
let server: ReturnType<typeof spawn> | undefined;

try {
  // One real hour-sized bundle, then one copy per contributor under its own session id.
  const template = '00000000-0000-4000-8000-000000000000';
  const dataDir = join(root, 'seed');
  // Nothing secret typed: the service's own detectors find nothing, so each session is approved once they checked it.
  await seedReviewSession(dataDir, { id: template, state: 'submitted', frames: HOUR_FRAMES, frameBytes: FRAME_BYTES, otherEvents: HOUR_EVENTS, typed: NO_SECRET });
  const store = openStore(dataDir);
  const made = createBundle(store, [template], join(root, 'template.cairnbundle'), { actor: 'bench' });
  store.close();
  const entries = unpackTar(readFileSync(made.file));
  const bundleFor = (i: number) => {
    const id = `00000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`;
    const parts = entries.slice(1, -1).map((e) => ({ name: e.name.replace(template, id), bytes: e.name === sessionPartName(template) ? Buffer.from(e.bytes.toString().replaceAll(template, id)) : e.bytes }));
    return { id, bytes: Buffer.concat(packBundle([id], parts, Date.now()).chunks) };
  };

  const urlFile = join(root, 'url');
  writeFileSync(urlFile, cluster.url);
  const cairn = (args: string[]) => new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, [CAIRN_BIN, ...args], { env: { ...process.env, CAIRN_DATA_DIR: join(root, 'cli') }, stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('close', (code) => (code === 0 ? resolve(out.trim()) : reject(new Error(`cairn ${args.join(' ')} exited ${code}`))));
  });
  const blobDir = join(root, 'blobs');
  server = spawn(process.execPath, [CAIRN_BIN, 'server', 'start', '--database-url-file', urlFile, '--blob-dir', blobDir], { env: { ...process.env, CAIRN_DATA_DIR: join(root, 'srv') }, stdio: ['ignore', 'pipe', 'ignore'] });
  const url = await new Promise<string>((resolve) => server!.stdout!.on('data', (d: Buffer) => /running at (\S+)/.exec(d.toString()) && resolve(/running at (\S+)/.exec(d.toString())![1]!)));
  const tokens = {
    contributors: await Promise.all(Array.from({ length: CONTRIBUTORS }, (_, i) => cairn(['server', 'add-user', `c${i}`, '--role', 'contributor', '--database-url-file', urlFile]))),
    reviewers: await Promise.all(Array.from({ length: REVIEWERS }, (_, i) => cairn(['server', 'add-user', `r${i}`, '--role', 'reviewer', '--database-url-file', urlFile]))),
  };
  const db = new pg.Client({ connectionString: cluster.url });
  await db.connect();
  const dbBefore = Number((await db.query('SELECT pg_database_size(current_database()) AS n')).rows[0].n);
  await db.end();

  /** One call, timed; a failure is counted and retried after a pause, until it succeeds. */
  const call = async (kind: 'api' | 'put', token: string, path: string, init: RequestInit = {}): Promise<unknown> => {
    for (;;) {
      const t0 = performance.now();
      try {
        const res = await fetch(new URL(path, url), { ...init, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', ...init.headers } });
        const body: unknown = res.headers.get('content-type')?.startsWith('application/json') ? await res.json() : await res.arrayBuffer();
        latencies[kind].push(performance.now() - t0);
        if (res.ok) return body;
        if (res.status === 409 && kind === 'put') return null;
        if (res.status < 500) throw new Error(`${path}: ${JSON.stringify(body)}`);
      } catch (error) {
        if (error instanceof Error && error.message.startsWith('/')) throw error;
      }
      failed++;
      await new Promise((r) => setTimeout(r, 200));
    }
  };

  const t0 = performance.now();
  let stored = 0;
  const uploads = tokens.contributors.map(async (token, i) => {
    const { bytes } = bundleFor(i);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    let status = (await call('api', token, '/api/v1/uploads', { method: 'POST', body: JSON.stringify({ size: bytes.length, sha256 }) })) as { id: string; offset: number };
    while (status.offset < bytes.length) {
      const put = (await call('put', token, `/api/v1/uploads/${status.id}?offset=${status.offset}`, { method: 'PUT', body: bytes.subarray(status.offset, status.offset + CHUNK), headers: { 'Content-Type': 'application/octet-stream' } })) as typeof status | null;
      status = put ?? ((await call('api', token, `/api/v1/uploads/${status.id}`)) as typeof status);
    }
    await call('api', token, `/api/v1/uploads/${status.id}/complete`, { method: 'POST', body: '{}' });
    stored++;
  });
  let restarted = false;
  const restart = (async () => {
    while (stored < CONTRIBUTORS / 2) await new Promise((r) => setTimeout(r, 50));
    cluster.stop();
    cluster.start();
    restarted = true;
  })();
  let approved = 0;
  const reviewing = tokens.reviewers.map(async (token) => {
    while (approved < CONTRIBUTORS) {
      const queue = (await call('api', token, '/api/v1/queue')) as { id: string }[];
      const pick = queue[Math.floor(Math.random() * queue.length)];
      if (!pick) {
        await new Promise((r) => setTimeout(r, 100));
        continue;
      }
      await call('api', token, `/api/v1/sessions/${pick.id}`);
      await call('api', token, `/api/v1/sessions/${pick.id}/frames/1`);
      const res = await fetch(new URL(`/api/v1/sessions/${pick.id}/approve`, url), { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: '{}' }).catch(() => null);
      if (res?.ok) approved++;
    }
  });
  await Promise.all(uploads);
  const uploadSeconds = (performance.now() - t0) / 1000;
  await restart;
  await Promise.all(reviewing);

  const check = new pg.Client({ connectionString: cluster.url });
  await check.connect();
  const dbAfter = Number((await check.query('SELECT pg_database_size(current_database()) AS n')).rows[0].n);
  const sessions = (await check.query("SELECT count(*)::int AS n FROM sessions WHERE state = 'approved'")).rows[0].n as number;
  await check.end();
  const blobBytes = filesUnder(join(blobDir, 'blobs')).reduce((n, f) => n + statSync(f).size, 0);
  const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))] ?? NaN;
  console.log(`${CONTRIBUTORS} contributors x 1 hour (${HOUR_FRAMES} frames of ~${FRAME_BYTES / 1000} kB, ${HOUR_EVENTS} events; bundle ${(bundleFor(0).bytes.length / 1e6).toFixed(1)} MB), ${REVIEWERS} reviewers, PostgreSQL restarted: ${restarted}`);
  console.log(`uploads: ${CONTRIBUTORS} stored in ${uploadSeconds.toFixed(1)} s = ${(CONTRIBUTORS / uploadSeconds).toFixed(2)} uploads/s (${((CONTRIBUTORS * bundleFor(0).bytes.length) / 1e6 / uploadSeconds).toFixed(1)} MB/s); approved ${sessions}`);
  console.log(`API latency (queue, view, frame, start, complete): p50 ${pct(latencies.api, 50).toFixed(0)} ms, p99 ${pct(latencies.api, 99).toFixed(0)} ms over ${latencies.api.length} calls`);
  console.log(`chunk PUT (4 MiB): p50 ${pct(latencies.put, 50).toFixed(0)} ms, p99 ${pct(latencies.put, 99).toFixed(0)} ms over ${latencies.put.length}`);
  console.log(`requests failed and retried (PostgreSQL restart included): ${failed}`);
  console.log(`per recorded hour: database ${((dbAfter - dbBefore) / CONTRIBUTORS / 1e6).toFixed(2)} MB, blobs ${(blobBytes / CONTRIBUTORS / 1e6).toFixed(1)} MB`);
} finally {
  server?.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 500));
  cluster.close();
  rmSync(root, { recursive: true, force: true });
}
