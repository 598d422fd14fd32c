// Bundles between machines: a submitted session survives create -> import into a second data dir
// byte for byte (frames, events, windows, audit, redactions, findings, consent receipt); a bundle
// with any byte flipped, truncated, of a foreign version or without a consent receipt is refused
// with one sentence and the target store is left exactly as it was.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BundleRefused } from '../../src/export/bundle/bundle-format.ts';
import { createBundle } from '../../src/export/bundle/create-bundle.ts';
import { importBundle } from '../../src/export/bundle/import-bundle.ts';
import { unpackTar } from '../../src/export/bundle/tar-container.ts';
import { verifyBundle } from '../../src/export/bundle/verify-bundle.ts';
import { consentReceipt } from '../../src/store/consent-receipt.ts';
import { openStore } from '../../src/store/open-store.ts';
import { applyAction } from '../../src/store/session-repo.ts';
import { bundleOrigin, editSession, importRefusal, repackBundle } from '../helpers/bundle-tamper.ts';
import { runCairn } from '../helpers/cli.ts';
import { seedRecordedSession } from '../helpers/seed-session.ts';
import { type SeededReview, seedReviewSession } from '../helpers/seed-review.ts';
import { storeDigest } from '../helpers/store-digest.ts';

const ID = '0b9c6d1e-1111-4a4a-8b8b-000000000001';
const ID2 = '0b9c6d1e-2222-4a4a-8b8b-000000000002';
const TARGET_OWN = '0b9c6d1e-3333-4a4a-8b8b-000000000003';
const root = mkdtempSync(join(tmpdir(), 'cairn-bundle-'));
const source = join(root, 'contributor');
const target = join(root, 'reviewer');
const bundleFile = join(root, 'two.cairnbundle');
let bundle: Buffer;

function rows(dataDir: string, sql: string, ...params: unknown[]): unknown[] {
  const db = new Database(join(dataDir, 'cairn.db'), { readonly: true });
  try {
    return db.prepare(sql).all(...params);
  } finally {
    db.close();
  }
}

const refusalOf = (bytes: Buffer) => importRefusal(bytes, target, root);

let seeded: SeededReview[];

beforeAll(async () => {
  seeded = [
    await seedReviewSession(source, { id: ID, state: 'submitted', otherEvents: 600, frames: 4, findings: 'waived' }),
    await seedReviewSession(source, { id: ID2, state: 'submitted', otherEvents: 50, frames: 1, findings: 'one-open' }),
  ];
  seedRecordedSession(target, { id: TARGET_OWN });
  const store = openStore(source);
  try {
    createBundle(store, [ID, ID2], bundleFile, { actor: 'contributor' });
  } finally {
    store.close();
  }
  bundle = readFileSync(bundleFile);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('a bundle that was not changed', () => {
  it('is a plain tar archive whose parts are listed with their sha256', () => {
    const names = unpackTar(bundle).map((e) => e.name);
    expect(names[0]).toBe('bundle.json');
    expect(names.at(-1)).toBe('bundle.sha256');
    expect(names).toContain(`sessions/${ID}/session.json`);
    expect(names).toContain(`sessions/${ID}/events.jsonl`);
    expect(names).toContain(`sessions/${ID}/frames/4.webp`);
  });

  it('imports into a second data dir byte for byte: frames, events, windows; audit, redactions and findings as claims', async () => {
    const before = storeDigest(target);
    const store = openStore(target);
    try {
      const summary = await importBundle(store, bundleFile, { actor: 'reviewer' });
      expect(summary.sessions).toEqual([ID, ID2]);
      expect(summary.events).toBe(seeded[0]!.events.length + seeded[1]!.events.length);
      expect(summary.frames).toBe(5);
    } finally {
      store.close();
    }
    expect(storeDigest(target)).not.toBe(before);
    for (const id of [ID, ID2]) {
      for (const sql of [
        'SELECT seq, t, window_seq, reason, width, height, format, sha256, bytes FROM frames WHERE session_id = ? ORDER BY seq',
        'SELECT * FROM events WHERE session_id = ? ORDER BY seq',
        'SELECT * FROM windows WHERE session_id = ? ORDER BY seq',
        'SELECT kind, target, reason, actor, at FROM redactions WHERE session_id = ? ORDER BY id',
        'SELECT source, detector, preview, location, created_at FROM findings WHERE session_id = ? ORDER BY id',
        'SELECT id, state, started_at, ended_at, clock_origin, layout_json, policies_json, recorder_pid, recorder_host, dropped_json, last_flush_at FROM sessions WHERE id = ?',
      ]) {
        const there = rows(target, sql, id);
        expect(there.length, sql).toBeGreaterThan(0);
        expect(there, sql).toEqual(rows(source, sql, id));
      }
      // The audit trail and redaction records arrive whole, marked as the bundle's claims; the
      // reviewer's machine adds one row of its own saying it was imported.
      const origin = bundleOrigin(bundle);
      const audit = 'SELECT at, actor, action, session_id, detail FROM audit WHERE session_id = ? ORDER BY id';
      const sourceAudit = rows(source, audit, id).filter((a) => (a as { action: string }).action !== 'bundle.create');
      expect(rows(target, `${audit.replace('ORDER', 'AND origin = ? ORDER')}`, id, origin)).toEqual(sourceAudit);
      expect(rows(target, 'SELECT actor, action FROM audit WHERE session_id = ? AND origin IS NULL', id)).toEqual([{ actor: 'reviewer', action: 'bundle.import' }]);
      expect(rows(target, 'SELECT DISTINCT origin FROM redactions WHERE session_id = ?', id)).toEqual([{ origin }]);
      // Every finding arrives open, whatever the bundle says; what it says is kept as the claim.
      const claimed = rows(target, 'SELECT status, reason, resolved_at, claim FROM findings WHERE session_id = ? ORDER BY id', id) as { status: string; reason: null; claim: string }[];
      const said = rows(source, 'SELECT status, reason, actor, resolved_at FROM findings WHERE session_id = ? ORDER BY id', id) as { status: string; reason: string | null; actor: string; resolved_at: number | null }[];
      expect(claimed.map((f) => [f.status, f.reason])).toEqual(said.map(() => ['open', null]));
      expect(claimed.map((f) => JSON.parse(f.claim))).toEqual(said.map((f) => ({ origin, status: f.status, reason: f.reason, actor: f.actor, resolvedAt: f.resolved_at })));
    }
    const frameBytes = (dir: string) => (rows(dir, 'SELECT bytes FROM frames WHERE session_id = ? ORDER BY seq', ID) as { bytes: Buffer }[]).map((f) => f.bytes);
    expect(Buffer.concat(frameBytes(target)).equals(Buffer.concat(frameBytes(source)))).toBe(true);
  });

  it('keeps ids and state submitted, and the consent receipt without making it consent in force here', () => {
    expect(rows(target, 'SELECT state, consent_id FROM sessions WHERE id IN (?, ?)', ID, ID2)).toEqual([
      { state: 'submitted', consent_id: null },
      { state: 'submitted', consent_id: null },
    ]);
    const src = openStore(source);
    const dst = openStore(target);
    try {
      expect(consentReceipt(dst, ID)).toEqual(consentReceipt(src, ID));
      expect(consentReceipt(dst, ID)).toMatchObject({ version: '1', sha256: 'c'.repeat(64) });
      // The reviewer's own consent table is untouched: importing never lets this machine record.
      expect(rows(target, 'SELECT sha256 FROM consent_acceptances')).toEqual([{ sha256: 'a'.repeat(64) }]);
    } finally {
      src.close();
      dst.close();
    }
  });

  it('exports on the reviewer machine with the contributor consent receipt in the manifest', async () => {
    const dst = openStore(target);
    try {
      const { loadExportSession } = await import('../../src/export/export-session.ts');
      expect(loadExportSession(dst, ID).consent).toMatchObject({ version: '1', sha256: 'c'.repeat(64) });
    } finally {
      dst.close();
    }
  });

  it('is refused the second time, changing nothing', async () => {
    const before = storeDigest(target);
    expect(await refusalOf(bundle)).toMatch(new RegExp(`Session ${ID} is already in this store \\(submitted\\): a bundle is imported once`));
    expect(storeDigest(target)).toBe(before);
  });
});

describe('a bundle that was changed is refused with a sentence, the target unchanged', () => {
  let before: string;
  beforeAll(() => {
    // A fresh reviewer store that has not imported the bundle yet.
    rmSync(target, { recursive: true, force: true });
    seedRecordedSession(target, { id: TARGET_OWN });
    before = storeDigest(target);
  });

  const flipped = (at: number, xor: number) => {
    const copy = Buffer.from(bundle);
    copy[at] = copy[at]! ^ xor;
    return copy;
  };

  it('for a byte flipped at the first, last and middle positions and at every 512-byte block boundary', async () => {
    const positions = new Set([0, 1, bundle.length - 1, Math.floor(bundle.length / 2), 148, 257]);
    for (let at = 0; at < bundle.length; at += 512) positions.add(at).add(at + 511).add(at + 124).add(at + 156);
    for (const at of positions) {
      const message = await refusalOf(flipped(at, 0x01));
      expect(message, `byte ${at}`).toMatch(/^The bundle .* nothing was imported\.$/);
    }
    expect(storeDigest(target)).toBe(before);
  });

  it('for every single byte of a small bundle flipped, one at a time (verified before any store is touched)', async () => {
    const dir = join(root, 'small');
    const small = join(root, 'small.cairnbundle');
    await seedReviewSession(dir, { id: ID, state: 'submitted', typed: { before: '', secret: 'pw', after: '' }, frames: 1, findings: 'waived' });
    const store = openStore(dir);
    try {
      createBundle(store, [ID], small, { actor: 'contributor' });
    } finally {
      store.close();
    }
    const bytes = readFileSync(small);
    expect(verifyBundle(bytes, 'The bundle').sessions).toHaveLength(1);
    const accepted: number[] = [];
    for (let at = 0; at < bytes.length; at++) {
      const copy = Buffer.from(bytes);
      copy[at] = copy[at]! ^ 0x01;
      try {
        verifyBundle(copy, 'The bundle');
        accepted.push(at);
      } catch (error) {
        if (!(error instanceof BundleRefused)) throw error;
      }
    }
    expect(bytes.length).toBeGreaterThan(4096);
    expect(accepted).toEqual([]);
  });

  it('for a byte flipped anywhere (fast-check: any position, any bit pattern)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: bundle.length - 1 }), fc.integer({ min: 1, max: 255 }), async (at, xor) => {
        const message = await refusalOf(flipped(at, xor));
        return /nothing was imported\.$/.test(message) && !message.includes('\n');
      }),
      { numRuns: 400 },
    );
    expect(storeDigest(target)).toBe(before);
  });

  it('when truncated at any length', async () => {
    for (const length of [0, 1, 100, 511, 512, 1024, Math.floor(bundle.length / 2), bundle.length - 1024, bundle.length - 512, bundle.length - 1]) {
      expect(await refusalOf(bundle.subarray(0, length)), `length ${length}`).toMatch(/^The bundle .*(truncated|not a Cairn bundle).*nothing was imported\.$/);
    }
    expect(storeDigest(target)).toBe(before);
  });

  it('with bytes appended after its end', async () => {
    expect(await refusalOf(Buffer.concat([bundle, Buffer.from('x')]))).toMatch(/bytes after its end marker/);
    expect(storeDigest(target)).toBe(before);
  });

  it('of a foreign format version, even with every checksum right', async () => {
    expect(await refusalOf(repackBundle(bundle, (h) => (h.version = 4)))).toMatch(/is in bundle format version 4, and this Cairn reads versions 1, 2 and 3 only/);
    expect(await refusalOf(repackBundle(bundle, (h) => (h.format = 'other-tool')))).toMatch(/not a Cairn bundle/);
    expect(storeDigest(target)).toBe(before);
  });

  it('that is not a bundle at all', async () => {
    expect(await refusalOf(Buffer.from('hello, I am a text file\n'))).toMatch(/is not a Cairn bundle/);
    expect(await refusalOf(Buffer.alloc(4096, 7))).toMatch(/is not a Cairn bundle/);
    expect(storeDigest(target)).toBe(before);
  });

  it('whose session carries no consent receipt, even with every checksum right', async () => {
    const noReceipt = repackBundle(bundle, (_h, parts) => editSession(parts, ID2, (session) => (session.consent = null)));
    expect(await refusalOf(noReceipt)).toMatch(new RegExp(`holds session ${ID2} without a consent receipt`));
    expect(storeDigest(target)).toBe(before);
  });

  it('whose session does not match the schema, even with every checksum right', async () => {
    const approved = repackBundle(bundle, (_h, parts) => editSession(parts, ID, (session) => (session.state = 'approved')));
    expect(await refusalOf(approved)).toMatch(/does not match the bundle format: in the session .*state/);
    const badEvent = repackBundle(bundle, (_h, parts) => {
      parts.find((p) => p.name === `sessions/${ID}/events.jsonl`)!.bytes = Buffer.from('[1,0,"explode",1,null,null,null,null,null,0,null,null]\n');
    });
    expect(await refusalOf(badEvent)).toMatch(/invalid event on line 1/);
    expect(storeDigest(target)).toBe(before);
  });

  it('and the unchanged bundle then imports', async () => {
    const store = openStore(target);
    try {
      expect((await importBundle(store, bundleFile, { actor: 'reviewer' })).sessions).toEqual([ID, ID2]);
    } finally {
      store.close();
    }
  });
});

describe('creating a bundle', () => {
  it('is refused for a session that is not submitted, with a sentence, writing no file', () => {
    const dir = join(root, 'states');
    const recorded = '0b9c6d1e-4444-4a4a-8b8b-000000000004';
    seedRecordedSession(dir, { id: recorded });
    const store = openStore(dir);
    try {
      const out = join(root, 'refused.cairnbundle');
      expect(() => createBundle(store, [recorded], out, { actor: 'contributor' })).toThrow(/is recorded, and only submitted sessions travel in bundles/);
      applyAction(store, recorded, 'submit', { actor: 'contributor' });
      applyAction(store, recorded, 'approve', { actor: 'reviewer' });
      expect(() => createBundle(store, [recorded], out, { actor: 'contributor' })).toThrow(/is approved, and only submitted sessions/);
      expect(() => readFileSync(out)).toThrow();
    } finally {
      store.close();
    }
  });

  it('refuses to overwrite an existing file', () => {
    const store = openStore(source);
    try {
      expect(() => createBundle(store, [ID], bundleFile, { actor: 'contributor' })).toThrow(/already exists/);
    } finally {
      store.close();
    }
  });
});

describe('the CLI', () => {
  it('creates and imports a bundle, and refuses a damaged one with one line on stderr and exit 1', async () => {
    const cliSource = join(root, 'cli-source');
    const cliTarget = join(root, 'cli-target');
    const id = '0b9c6d1e-5555-4a4a-8b8b-000000000005';
    const { events } = await seedReviewSession(cliSource, { id, state: 'submitted', frames: 2, findings: 'waived' });
    const file = join(root, 'cli.cairnbundle');
    const created = await runCairn(['--data-dir', cliSource, 'bundle', 'create', id.slice(0, 13), '--out', file], process.env);
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(new RegExp(`Bundled 1 session, ${events.length} events and 2 frames into`));

    const damaged = join(root, 'cli-damaged.cairnbundle');
    const bytes = readFileSync(file);
    bytes[bytes.length - 2000] = bytes[bytes.length - 2000]! ^ 0x40;
    writeFileSync(damaged, bytes);
    const refused = await runCairn(['--data-dir', cliTarget, 'bundle', 'import', damaged], process.env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^cairn: The bundle .* nothing was imported\.\n$/);

    const imported = await runCairn(['--data-dir', cliTarget, 'bundle', 'import', file, '--json'], process.env);
    expect(imported.code).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ sessions: [id], events: events.length, frames: 2 });
    const again = await runCairn(['--data-dir', cliTarget, 'bundle', 'import', file], process.env);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already in this store/);
  }, 60_000);
});
