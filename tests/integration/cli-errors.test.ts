// Bad input and unusable surroundings: one clear sentence on stderr, a non-zero exit, and nothing
// already stored lost or changed.
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { beforeEach, describe, expect, it } from 'vitest';
import { loadConsentText } from '../../src/consent/consent-text.ts';
import { exitCodeOf } from '../../src/shared/api-error-codec.ts';
import type { ApiErrorCode } from '../../src/shared/contract.ts';
import { runCairn } from '../helpers/cli.ts';
import { seedSubmitted } from '../helpers/seed-review.ts';
import { seedRecordedSession } from '../helpers/seed-session.ts';

let dataDir: string;
let env: NodeJS.ProcessEnv;
const sha = loadConsentText().sha256;

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'cairn-cli-'));
  env = { ...process.env, CAIRN_DATA_DIR: dataDir, DISPLAY: ':9999' };
  delete env.WAYLAND_DISPLAY;
});

const oneSentence = (stderr: string) => {
  const lines = stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^cairn: [A-Z].*[.]$/);
};

describe('cairn refuses clearly', () => {
  it('to record without consent', async () => {
    const r = await runCairn(['record'], env);
    expect(r.code).toBe(1);
    oneSentence(r.stderr);
    expect(r.stderr).toContain('No consent given yet');
  });

  it('to record with nothing allowed', async () => {
    await runCairn(['consent', 'accept', '--sha256', sha], env);
    const r = await runCairn(['record'], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('No app is allowed yet');
  });

  it('to record without a display', async () => {
    await runCairn(['consent', 'accept', '--sha256', sha], env);
    await runCairn(['apps', 'allow', 'XTerm'], env);
    const noDisplay = { ...env };
    delete noDisplay.DISPLAY;
    const r = await runCairn(['record'], noDisplay);
    expect(r.code).toBe(1);
    oneSentence(r.stderr);
    expect(r.stderr).toContain('No display');
  });

  it('to record screens without ImageMagick', async () => {
    await runCairn(['consent', 'accept', '--sha256', sha], env);
    await runCairn(['apps', 'allow', 'XTerm', '--screens', 'on'], env);
    const emptyBin = mkdtempSync(join(tmpdir(), 'nobin-'));
    const r = await runCairn(['record'], { ...env, PATH: emptyBin });
    expect(r.code).toBe(1);
    oneSentence(r.stderr);
    expect(r.stderr).toContain("ImageMagick's `import` is missing");
  });

  it('to record on an X display that is not there', async () => {
    await runCairn(['consent', 'accept', '--sha256', sha], env);
    await runCairn(['apps', 'allow', 'XTerm', '--screens', 'off'], env);
    const r = await runCairn(['record'], env);
    expect(r.code).toBe(1);
    oneSentence(r.stderr);
    expect(r.stderr).toContain('Cannot connect to the X display :9999');
  });

  it('to accept consent with a wrong hash or without a terminal', async () => {
    const wrong = await runCairn(['consent', 'accept', '--sha256', 'abc'], env);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('does not match consent text version');
    const noTty = await runCairn(['consent', 'accept'], env);
    expect(noTty.code).toBe(1);
    expect(noTty.stderr).toContain('type "I agree"');
    const sessions = JSON.parse((await runCairn(['consent', 'show', '--json'], env)).stdout);
    expect(sessions.accepted).toBeNull();
  });

  it('to allow a sensitive app without two confirmations', async () => {
    const once = await runCairn(['apps', 'allow', 'KeePassXC', '--confirm-sensitive'], env);
    expect(once.code).toBe(1);
    oneSentence(once.stderr);
    expect(once.stderr).toContain('sensitive app (password manager)');
    const twice = await runCairn(['apps', 'allow', 'KeePassXC', '--confirm-sensitive', '--confirm-sensitive'], env);
    expect(twice.code).toBe(0);
    const list = JSON.parse((await runCairn(['apps', 'list', '--json'], env)).stdout);
    expect(list.apps.find((a: { app: string }) => a.app === 'KeePassXC')).toMatchObject({ allowed: true, sensitive: 'password manager' });
  });

  it('with the exit status of the code table for each code a command meets (README: 1 refused or failed, 70 a bug)', async () => {
    const submitted = '5e551011-aaaa-4bbb-8ccc-000000000001';
    const recorded = '5e551011-aaaa-4bbb-8ccc-000000000002';
    const broken = '5e551011-aaaa-4bbb-8ccc-000000000003';
    seedSubmitted(dataDir, { id: submitted, openFinding: true });
    seedRecordedSession(dataDir, { id: recorded });
    // Its keyboard layout is not JSON, which Cairn never writes: reading it fails with an error no
    // layer of Cairn gave a code to.
    seedRecordedSession(dataDir, { id: broken });
    const db = new Database(join(dataDir, 'cairn.db'));
    db.prepare(`UPDATE sessions SET layout_json = '{not json' WHERE id = ?`).run(broken);
    db.close();
    const cases: [ApiErrorCode, string[], number, RegExp][] = [
      ['refused', ['approve', submitted], 1, /has 1 open finding; redact or waive it .* before approving\.$/],
      ['conflict', ['approve', recorded], 1, /A session that is recorded cannot be approved; /],
      ['not-found', ['show', '5e551011-aaaa-4bbb-8ccc-0000000000ff'], 1, /No session with id "5e551011-aaaa-4bbb-8ccc-0000000000ff"; run `cairn sessions`/],
      ['internal', ['show', broken], 70, /^cairn: Unexpected error: .*\. This is a bug in Cairn; please report it with what you did\.$/],
    ];
    for (const [code, args, status, sentence] of cases) {
      const r = await runCairn(args, env);
      expect(exitCodeOf(code)).toBe(status);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(status);
      oneSentence(r.stderr);
      expect(r.stderr.trim()).toMatch(sentence);
    }
  });

  it('to take an invalid option value', async () => {
    const r = await runCairn(['apps', 'allow', 'XTerm', '--keys', 'everything'], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Invalid --keys value: use full, timing or off.');
    const f = await runCairn(['forget', '--last', '-3'], env);
    expect(f.code).toBe(2);
    expect(f.stderr).toContain('--last must be a number of minutes greater than 0');
  });

  it('to open a corrupt database, and leaves it untouched', async () => {
    mkdirSync(dataDir, { recursive: true });
    const garbage = Buffer.from('this is not a database '.repeat(200));
    writeFileSync(join(dataDir, 'cairn.db'), garbage);
    const r = await runCairn(['sessions'], env);
    expect(r.code).toBe(1);
    oneSentence(r.stderr);
    expect(r.stderr).toMatch(/is damaged .* run `cairn repair`/);
    expect(readFileSync(join(dataDir, 'cairn.db')).equals(garbage)).toBe(true);
  });

  it('to use a database another process holds locked, and loses nothing', async () => {
    await runCairn(['apps', 'allow', 'XTerm'], env);
    const db = new Database(join(dataDir, 'cairn.db'));
    db.exec('BEGIN EXCLUSIVE');
    try {
      const r = await runCairn(['apps', 'allow', 'Other'], env);
      expect(r.code).toBe(1);
      oneSentence(r.stderr);
      expect(r.stderr).toMatch(/locked by another/);
    } finally {
      db.exec('ROLLBACK');
      db.close();
    }
    const list = JSON.parse((await runCairn(['apps', 'list', '--json'], env)).stdout);
    expect(list.apps.map((a: { app: string }) => a.app)).toContain('XTerm');
  });
});
