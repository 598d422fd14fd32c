// The egress check: a session that is not approved, or approved with an open finding, cannot be
// exported by ANY path — runExport itself, the API over HTTP (the real browser host), or the CLI —
// and a refused export writes no file and changes no row. A successful one writes an export record
// and an audit row per session, which "My data" shows. Destinations are checked too.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExportRefused } from '../../src/export/egress.ts';
import { runExport } from '../../src/export/run-export.ts';
import { type HttpHost, startHttpHost } from '../../src/host/http-host.ts';
import { openStore } from '../../src/store/open-store.ts';
import { runCairn } from '../helpers/cli.ts';
import { filesUnder } from '../helpers/disk-bytes.ts';
import { seedRecordedSession } from '../helpers/seed-session.ts';
import { seedReviewSession } from '../helpers/seed-review.ts';
import { storeDigest } from '../helpers/store-digest.ts';

const APPROVED = 'e0e0e0e0-0001-4000-8000-000000000001';
const SUBMITTED = 'e0e0e0e0-0002-4000-8000-000000000002';
const OPEN_FINDING = 'e0e0e0e0-0003-4000-8000-000000000003';
const RECORDED = 'e0e0e0e0-0004-4000-8000-000000000004';
const BLOCKED: [string, RegExp][] = [
  [SUBMITTED, /it is submitted, and only sessions a reviewer approved may leave this machine/],
  [OPEN_FINDING, /1 finding is still open; redact or waive it first/],
  [RECORDED, /it is recorded, and only sessions a reviewer approved/],
  ['e0e0e0e0-0009-4000-8000-000000000009', /there is no such session/],
];

const root = mkdtempSync(join(tmpdir(), 'cairn-egress-'));
const dataDir = join(root, 'data');
const savedDisplay = process.env.DISPLAY;
let host: HttpHost;
let n = 0;
const freshOut = () => join(root, 'out', `export-${++n}`);

const exportRows = () => {
  const db = new Database(join(dataDir, 'cairn.db'), { readonly: true });
  try {
    return db.prepare('SELECT session_id, format, destination, manifest_sha256 FROM exports ORDER BY id').all() as { session_id: string; format: string; destination: string; manifest_sha256: string }[];
  } finally {
    db.close();
  }
};

async function api(method: string, input: unknown): Promise<{ status: number; body: { result?: Record<string, unknown>; error?: { code: string; message: string } } }> {
  const res = await fetch(`http://127.0.0.1:${host.port}/api/${method}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${host.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(input),
  });
  return { status: res.status, body: (await res.json()) as never };
}

beforeAll(async () => {
  delete process.env.DISPLAY;
  await seedReviewSession(dataDir, { id: APPROVED, state: 'approved', otherEvents: 120, frames: 3, findings: 'waived' });
  await seedReviewSession(dataDir, { id: SUBMITTED, state: 'submitted', findings: 'waived' });
  await seedReviewSession(dataDir, { id: OPEN_FINDING, state: 'approved', findings: 'one-open' });
  seedRecordedSession(dataDir, { id: RECORDED });
  const rendererDir = join(root, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>test</title>');
  host = await startHttpHost({ dataDir, rendererDir });
});
afterAll(async () => {
  await host?.close();
  if (savedDisplay !== undefined) process.env.DISPLAY = savedDisplay;
  rmSync(root, { recursive: true, force: true });
});

describe('an export that is refused', () => {
  it('by runExport itself: each blocked session, alone or beside an approved one, with one sentence and nothing written', async () => {
    const before = storeDigest(dataDir);
    for (const [id, why] of BLOCKED) {
      for (const ids of [[id], [APPROVED, id]]) {
        const out = freshOut();
        const store = openStore(dataDir);
        try {
          const attempt = runExport(store, { sessionIds: ids, format: 'cairn', outDir: out });
          await expect(attempt).rejects.toThrow(ExportRefused);
          await expect(attempt).rejects.toThrow(why);
          await expect(attempt).rejects.toThrow(new RegExp(`^Session ${id} cannot be exported: [^\\n]+\\.$`));
        } finally {
          store.close();
        }
        expect(existsSync(out), `${ids.join('+')} left a folder`).toBe(false);
      }
    }
    expect(storeDigest(dataDir)).toBe(before);
  });

  it('over HTTP by the browser host (403 with the same sentence), in every format', async () => {
    const before = storeDigest(dataDir);
    for (const format of ['cairn', 'pyautogui', 'computer13', 'computer-use', 'hf']) {
      for (const [id, why] of BLOCKED) {
        const out = freshOut();
        const r = await api('export.run', { sessionIds: [APPROVED, id], format, outDir: out });
        expect(r.status).toBe(403);
        expect(r.body.error?.code).toBe('refused');
        expect(r.body.error?.message).toMatch(why);
        expect(existsSync(out)).toBe(false);
      }
    }
    expect(storeDigest(dataDir)).toBe(before);
  });

  it('by the CLI (exit 1, one line on stderr), and the CLI\'s default choice skips every blocked session', async () => {
    const before = storeDigest(dataDir);
    for (const [id, why] of BLOCKED.slice(0, 3)) {
      const out = freshOut();
      const r = await runCairn(['--data-dir', dataDir, 'export', '--out', out, '--session', APPROVED, '--session', id], process.env);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(why);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(existsSync(out)).toBe(false);
    }
    expect(storeDigest(dataDir)).toBe(before);

    const out = freshOut();
    const r = await runCairn(['--data-dir', dataDir, 'export', '--out', out, '--format', 'computer13', '--json'], process.env);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as { sessionIds: string[] };
    expect(manifest.sessionIds).toEqual([APPROVED]);
    expect(JSON.parse(r.stdout)).toMatchObject({ outDir: out, files: filesUnder(out).length });
    expect(exportRows().at(-1)).toMatchObject({ session_id: APPROVED, format: 'computer13', destination: out });
  }, 60_000);

  it('for a destination that is relative, has "..", lies in the data folder (also through a symlink), is a file, or is not empty', async () => {
    const before = storeDigest(dataDir);
    const full = join(root, 'full');
    mkdirSync(full);
    writeFileSync(join(full, 'keep.txt'), 'mine');
    const link = join(root, 'link-to-data');
    symlinkSync(dataDir, link);
    const cases: [string, RegExp][] = [
      // The API is given what the person typed, and the host's working folder means nothing to them.
      ['relative/out', /^The output folder must be an absolute path \(like \/home\/you\/exports\), not "relative\/out": the app cannot tell which folder a relative one starts from\.$/],
      [`${root}/out/../escape`, /contains "\.\."/],
      [join(dataDir, 'inside'), /inside Cairn's data folder/],
      [join(link, 'inside'), /inside Cairn's data folder/],
      [join(full, 'keep.txt'), /is a file, not a folder/],
      [full, /is not empty/],
    ];
    for (const [outDir, why] of cases) {
      const r = await api('export.run', { sessionIds: [APPROVED], format: 'cairn', outDir });
      expect(r.status, outDir).toBe(403);
      expect(r.body.error?.message).toMatch(why);
    }
    expect(readdirSync(full)).toEqual(['keep.txt']);
    expect(existsSync(join(dataDir, 'inside'))).toBe(false);
    expect(storeDigest(dataDir)).toBe(before);
  });
});

describe('an export that is allowed', () => {
  it('writes the files, an export record and an audit row per session, shown in My data and export.list', async () => {
    const out = freshOut();
    const r = await api('export.run', { sessionIds: [APPROVED], format: 'cairn', outDir: out });
    expect(r.status).toBe(200);
    const result = r.body.result as { outDir: string; files: number; steps: number; bytes: number; manifestSha256: string };
    expect(result.outDir).toBe(out);
    expect(result.files).toBe(filesUnder(out).length);
    expect(result.steps).toBeGreaterThan(0);
    expect(result.manifestSha256).toMatch(/^[0-9a-f]{64}$/);

    const record = exportRows().at(-1);
    expect(record).toEqual({ session_id: APPROVED, format: 'cairn', destination: out, manifest_sha256: result.manifestSha256 });
    const data = await api('data.get', {});
    const exports = (data.body.result as { exports: { sessionId: string; destination: string }[] }).exports;
    expect(exports.at(-1)).toMatchObject({ sessionId: APPROVED, destination: out, format: 'cairn', manifestSha256: result.manifestSha256 });
    const audit = (data.body.result as { audit: { action: string; sessionId: string; detail: Record<string, unknown> }[] }).audit;
    expect(audit.at(-1)).toMatchObject({ action: 'session.export', sessionId: APPROVED, detail: { format: 'cairn', destination: out, manifestSha256: result.manifestSha256, steps: result.steps } });
    expect((await api('export.list', {})).body.result).toEqual(exports);
    // What was recorded is what is on disk: the manifest's own sha256.
    expect(createHash('sha256').update(readFileSync(join(out, 'manifest.json'))).digest('hex')).toBe(result.manifestSha256);
  });
});

describe('a relative --out on the command line', () => {
  it('is taken from the working folder, and the CLI says the absolute folder it wrote', async () => {
    const cwd = join(root, 'shell-here');
    mkdirSync(cwd);
    const r = await runCairn(['--data-dir', dataDir, 'export', '--out', 'rel/run', '--session', APPROVED], process.env, undefined, { cwd });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = join(cwd, 'rel', 'run');
    expect(r.stdout.split('\n')[0]).toMatch(new RegExp(`^Exported \\d+ steps as cairn into ${out}: \\d+ files, `));
    expect(existsSync(join(out, 'manifest.json'))).toBe(true);
    expect(exportRows().at(-1)).toMatchObject({ session_id: APPROVED, destination: out });
  });
});

describe('the one gate', () => {
  it('is the only way to a writer: only run-export.ts, the preview (behind the same check) and a pull of sessions the team service approved call writerFor or writeMany', () => {
    const callers = filesUnder('src')
      .filter((f) => f.endsWith('.ts') && !f.startsWith(join('src', 'export', 'writers')))
      .filter((f) => /\b(writerFor|writeMany)\(/.test(readFileSync(f, 'utf8')));
    const preview = join('src', 'services', 'export-preview.ts');
    // A pull writes what the service approved, each session verified as `bundle import` verifies it.
    const pull = join('src', 'remote', 'pull-dataset.ts');
    expect(callers.sort()).toEqual([join('src', 'export', 'run-export.ts'), pull, preview].sort());
    expect(readFileSync(join('src', 'export', 'run-export.ts'), 'utf8')).toMatch(/assertExportable\(store, sessionIds\);\n\s+const writer =/);
    expect(readFileSync(preview, 'utf8')).toMatch(/const session = loadExportSession\(store, o\.sessionId\);\n\s+assertExportable\(store, \[o\.sessionId\]\);/);
    expect(readFileSync(pull, 'utf8')).toMatch(/verifyBundleBytes\(bytes/);
  });
});
