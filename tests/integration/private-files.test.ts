// Nothing Cairn writes is readable by other users, whatever the umask: the real CLI runs under
// `umask 000` (the widest a person could have) and every folder and file it wrote is checked for
// group and other bits: the data folder (an existing 0755 one is made private, and said so once),
// the store, a backup, an export in every format, a bundle, and the store `cairn repair` rebuilds.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXPORT_FORMATS } from '../../src/export/writers/export-writer.ts';
import { type CliResult, runCairn } from '../helpers/cli.ts';
import { seedReviewSession } from '../helpers/seed-review.ts';

const APPROVED = 'f11e0000-0001-4000-8000-000000000001';
const SUBMITTED = 'f11e0000-0002-4000-8000-000000000002';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-private-'));
const dataDir = path.join(root, 'data');
const env = { ...process.env, CAIRN_DATA_DIR: dataDir, DISPLAY: ':9999' };

/** The real CLI under the widest umask: a file it creates without a mode of its own is 0666, a folder 0777. */
const cairnUnderUmask000 = (args: string[]) => runCairn(args, env, undefined, { umask: '000' });

async function ok(args: string[]): Promise<CliResult> {
  const r = await cairnUnderUmask000(args);
  expect(r.code, `cairn ${args.join(' ')}: ${r.stderr}`).toBe(0);
  return r;
}

/** `p` and every folder and file below it, each with its permission bits. */
function modesUnder(p: string): [string, string][] {
  const mode = (f: string) => `0${(fs.lstatSync(f).mode & 0o777).toString(8)}`;
  if (!fs.lstatSync(p).isDirectory()) return [[p, mode(p)]];
  return [[p, mode(p)], ...fs.readdirSync(p).flatMap((name) => modesUnder(path.join(p, name)))];
}

/** The entries of `modes` that someone other than the owner may read, enter or write. */
const shared = (modes: [string, string][]) => modes.filter(([, m]) => (parseInt(m, 8) & 0o077) !== 0);

beforeAll(async () => {
  await seedReviewSession(dataDir, { id: APPROVED, state: 'approved', otherEvents: 60, findings: 'waived' });
  await seedReviewSession(dataDir, { id: SUBMITTED, state: 'submitted', otherEvents: 30, findings: 'waived' });
  // A data folder as an older Cairn, or a person with `mkdir`, left it: readable by everyone.
  fs.chmodSync(dataDir, 0o755);
}, 30_000);
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('under umask 000', () => {
  it('an existing 0755 data folder is made 0700, said once on stderr and kept in the audit log', async () => {
    const first = await ok(['sessions', '--json']);
    expect(first.stderr).toBe(`cairn: The data folder ${dataDir} could be read by other users (mode 0755), so Cairn made it private to you (mode 0700).\n`);
    expect(fs.statSync(dataDir).mode & 0o777).toBe(0o700);
    const second = await ok(['sessions', '--json']);
    expect(second.stderr).toBe('');
    const db = new Database(path.join(dataDir, 'cairn.db'), { readonly: true });
    expect(db.prepare(`SELECT actor, detail FROM audit WHERE action = 'store.folder-private'`).all()).toEqual([{ actor: 'system', detail: '{"from":"0755","to":"0700"}' }]);
    db.close();
    expect(shared(modesUnder(dataDir))).toEqual([]);
  });

  it('a backup is 0600', async () => {
    const out = path.join(root, 'backups');
    fs.mkdirSync(out);
    await ok(['backup', '--out', path.join(out, 'cairn-backup.db')]);
    expect(modesUnder(path.join(out, 'cairn-backup.db'))).toEqual([[path.join(out, 'cairn-backup.db'), '0600']]);
  });

  it('an export in every format: each folder it made 0700, each file 0600', async () => {
    for (const format of EXPORT_FORMATS) {
      // Two missing levels: the export makes both.
      const out = path.join(root, 'exports', format, 'run');
      const r = await ok(['export', '--out', out, '--format', format, '--json']);
      const files = (JSON.parse(r.stdout) as { files: number }).files;
      const modes = modesUnder(path.join(root, 'exports', format));
      expect(modes.filter(([, m]) => m === '0600')).toHaveLength(files);
      expect(shared(modes), format).toEqual([]);
    }
  }, 120_000);

  it('a bundle is 0600, in a folder it made 0700', async () => {
    const dir = path.join(root, 'bundles', 'to-review');
    await ok(['bundle', 'create', SUBMITTED, '--out', path.join(dir, 'review.cairn')]);
    expect(modesUnder(path.join(root, 'bundles'))).toEqual([
      [path.join(root, 'bundles'), '0700'],
      [dir, '0700'],
      [path.join(dir, 'review.cairn'), '0600'],
    ]);
  });

  it('`cairn repair` rebuilds a corrupt store 0600 and keeps the damaged one in a 0700 folder', async () => {
    const db = path.join(dataDir, 'cairn.db');
    const bytes = fs.readFileSync(db);
    const pageSize = bytes.readUInt16BE(16);
    const pages = bytes.length / pageSize;
    for (let p = Math.floor(pages * 0.5); p < Math.floor(pages * 0.6); p++) bytes.fill(0x5a, p * pageSize, (p + 1) * pageSize);
    fs.writeFileSync(db, bytes);
    const r = await ok(['repair']);
    expect(r.stdout).toMatch(/set the damaged database aside as damaged\/.* and made a new cairn\.db/);
    expect(fs.statSync(db).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.join(dataDir, 'damaged')).mode & 0o777).toBe(0o700);
    await ok(['sessions']);
    expect(shared(modesUnder(dataDir))).toEqual([]);
  });
});
