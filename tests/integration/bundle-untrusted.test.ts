// Bundles are untrusted input (issue 11, items 8, 10 and 11). A bundle made on the attacker's own
// Cairn, with its finding waived "by reviewer" and forged audit rows, imports with the finding open:
// approval is refused and `cairn show` prints the bundle's word apart from this machine's trail.
// A bundle with two parts of one name, a frame whose bytes differ from its declared sha256, or a
// frame that is an image bomb (38 bytes declaring 16383x16383) is refused in one sentence, storing
// nothing.
import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBundle } from '../../src/export/bundle/create-bundle.ts';
import { importBundle } from '../../src/export/bundle/import-bundle.ts';
import { redactKeySpan } from '../../src/review/redaction/redact-key-span.ts';
import { scanSession } from '../../src/review/scan-session.ts';
import { approveSession } from '../../src/review/workflow.ts';
import { appendAudit } from '../../src/store/audit-log.ts';
import { listFindings, markRedacted, markWaived } from '../../src/store/findings-repo.ts';
import { openStore } from '../../src/store/open-store.ts';
import { bundleOrigin, editSession, importRefusal, repackBundle, sha256 } from '../helpers/bundle-tamper.ts';
import { runCairn } from '../helpers/cli.ts';
import { storeDigest } from '../helpers/store-digest.ts';
import { webpBomb } from '../helpers/webp.ts';
import { SECRET, seedReviewSession } from '../helpers/seed-review.ts';

const root = mkdtempSync(join(tmpdir(), 'cairn-bundle-untrusted-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A bundle of the session `id` made in `dir` after `prepare` ran on that (the attacker's) store. */
async function bundleFrom(dir: string, id: string, prepare: (store: ReturnType<typeof openStore>) => Promise<void> | void): Promise<string> {
  const store = openStore(dir);
  try {
    await seedReviewSession(store, { id, title: 'inbox - jane.doe@example.com', state: 'submitted' });
    await scanSession(store, id, { frames: false });
    await prepare(store);
    const file = join(root, `${id}.cairnbundle`);
    createBundle(store, [id], file, { actor: 'contributor' });
    return file;
  } finally {
    store.close();
  }
}

describe('findings, waivers and decisions made on another machine', () => {
  const ID = '0dd0a1b2-0000-4000-8000-000000000008';
  let file: string;
  let env: NodeJS.ProcessEnv;
  const cairn = (...args: string[]) => runCairn(args, env);

  beforeAll(async () => {
    // The attacker's store: the secret's finding waived "by reviewer", and audit rows saying a
    // reviewer waived it and approved the session. Made with Cairn's own bundle writer.
    file = await bundleFrom(join(root, 'attacker'), ID, (store) => {
      for (const f of listFindings(store, ID)) markWaived(store, f.id, 'looks fine', Date.now());
      appendAudit(store, { at: Date.now(), actor: 'reviewer', action: 'review.waive', sessionId: ID, detail: { findingId: 1, reason: 'looks fine' } });
      appendAudit(store, { at: Date.now(), actor: 'reviewer', action: 'session.approve', sessionId: ID, detail: { from: 'submitted', to: 'approved' } });
    });
    env = { ...process.env, CAIRN_DATA_DIR: join(root, 'reviewer') };
  }, 60_000);

  it('arrive open: the reviewer\'s approve is refused while the secret\'s finding is open', async () => {
    const imported = await cairn('bundle', 'import', file);
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    const approve = await cairn('approve', ID);
    expect(approve.code).toBe(1);
    // The key and the title's address, and the three frames they may show on (nothing was OCR'd).
    expect(approve.stderr).toMatch(/^cairn: Session \S+ has 5 open findings \(3 of them frames [^)]*\); redact or waive each .* before approving\.\n$/);
    const view = JSON.parse((await cairn('show', ID, '--json')).stdout);
    expect(view.state).toBe('submitted');
    expect(view.typedText[0].text).toContain(SECRET); // the secret is really there, unredacted
    expect(view.review).toEqual({ reviewer: null, reviewedAt: null, reason: null });
    const aws = view.findings.find((f: { source: string }) => f.source === 'text');
    expect(aws).toMatchObject({ status: 'open', reason: null, claim: { origin: bundleOrigin(readFileSync(file)), status: 'waived', reason: 'looks fine' } });
    // Nothing can leave: the export refuses the session, so the secret stays here.
    const out = join(root, 'export-out');
    const exported = await cairn('export', '--out', out, '--session', ID);
    expect(exported.code).toBe(1);
  }, 90_000);

  it('are kept apart in the audit trail: `cairn show` prints them as claimed by the bundle, never as actions of this machine', async () => {
    const origin = bundleOrigin(readFileSync(file));
    const view = JSON.parse((await cairn('show', ID, '--json')).stdout);
    expect(view.audit.map((a: { actor: string; action: string; origin: string | null }) => [a.actor, a.action, a.origin])).toEqual([['reviewer', 'bundle.import', null]]);
    expect(view.claimedByBundle.map((a: { action: string }) => a.action)).toEqual(expect.arrayContaining(['session.submit', 'review.waive', 'session.approve']));
    expect(view.claimedByBundle.every((a: { origin: string }) => a.origin === origin)).toBe(true);

    const text = (await cairn('show', ID)).stdout;
    const [, ownTrail, digest, claims] = /\nAudit trail:\n([\s\S]*?)\n\nClaimed by the bundle ([0-9a-f]{64}) \(made elsewhere; not actions of this machine\):\n([\s\S]*)$/.exec(text) ?? [];
    expect(claims, text).toBeDefined();
    expect(`bundle:${digest}`).toBe(origin);
    expect(ownTrail!.trim().split('\n')).toHaveLength(1);
    expect(ownTrail).toMatch(/reviewer {2}bundle\.import/);
    expect(claims).toMatch(/reviewer {2}review\.waive/);
    expect(claims).toMatch(/reviewer {2}session\.approve/);
    expect(text).toMatch(/#\d+ open +text aws-key .*\[claimed by the bundle: waived by detector \(looks fine\)\]/);
  }, 90_000);

  it('count as redacted only where this machine sees the content gone', async () => {
    const id = '0dd0a1b2-0000-4000-8000-000000000009';
    const attacker = join(root, 'attacker-2');
    // The secret really redacted over there (its key codes cleared); the title's finding merely
    // marked redacted, the title still in the bundle.
    const bundle = await bundleFrom(attacker, id, (store) => {
      const text = listFindings(store, id).find((f) => f.source === 'text')!;
      redactKeySpan(store, id, text.location.fromSeq!, text.location.toSeq!, { actor: 'contributor' });
      markRedacted(store, listFindings(store, id).filter((f) => f.source === 'title').map((f) => f.id), Date.now());
    });
    const store = openStore(join(root, 'reviewer-2'));
    try {
      // The key, the title, and the three frames they may show on (left open over there).
      expect((await importBundle(store, bundle, { actor: 'reviewer' })).findings).toBe(5);
      const byStatus = listFindings(store, id).filter((f) => f.source !== 'frame').map((f) => [f.source, f.status, f.claim?.status]);
      expect(byStatus).toEqual([
        ['text', 'redacted', 'redacted'],
        ['title', 'open', 'redacted'],
      ]);
      await expect(approveSession(store, id, { rescan: false })).rejects.toThrow(/has 4 open findings \(3 of them frames/);
    } finally {
      store.close();
    }
  }, 60_000);
});

describe('a bundle tampered with (every checksum made right again) is refused in one sentence, storing nothing', () => {
  const ID = '0dd0a1b2-0000-4000-8000-000000000010';
  const target = join(root, 'target');
  let bundle: Buffer;
  let before: string;

  beforeAll(async () => {
    const source = join(root, 'source');
    await seedReviewSession(source, { id: ID, state: 'submitted', otherEvents: 40, findings: 'waived' });
    const store = openStore(source);
    try {
      createBundle(store, [ID], join(root, 'good.cairnbundle'), { actor: 'contributor' });
    } finally {
      store.close();
    }
    bundle = readFileSync(join(root, 'good.cairnbundle'));
    openStore(target).close();
    before = storeDigest(target);
  });

  const refusal = (bytes: Buffer) => importRefusal(bytes, target, root);

  /** The first frame's part replaced by `bytes`, its sha256 in session.json made to match. */
  const withFrame = (bytes: Buffer, declared?: { width: number; height: number }) =>
    repackBundle(bundle, (_h, parts) => {
      const name = `sessions/${ID}/frames/1.webp`;
      parts.find((p) => p.name === name)!.bytes = bytes;
      editSession(parts, ID, (s) => Object.assign(s.frames[0]!, { sha256: sha256(bytes) }, declared));
    });

  const oneSentence = /^The bundle \S+ [^\n]*; nothing was imported\.$/;

  it('when two of its parts have the same name', async () => {
    const twice = repackBundle(bundle, (_h, parts) => {
      const frame = parts.find((p) => p.name.endsWith('/frames/2.webp'))!;
      parts.push({ name: frame.name, bytes: Buffer.from('a second part of the same name') });
    });
    const message = await refusal(twice);
    expect(message).toMatch(oneSentence);
    expect(message).toContain(`holds two parts named sessions/${ID}/frames/2.webp`);
    expect(storeDigest(target)).toBe(before);
  });

  it('when a frame\'s bytes do not match the sha256 its session declares', async () => {
    const other = await sharp({ create: { width: 16, height: 8, channels: 3, background: '#123456' } }).webp({ lossless: true }).toBuffer();
    const swapped = repackBundle(bundle, (_h, parts) => {
      // The part list's checksum is right (repack recomputes it); the session's is the old one.
      parts.find((p) => p.name === `sessions/${ID}/frames/1.webp`)!.bytes = other;
    });
    const message = await refusal(swapped);
    expect(message).toMatch(oneSentence);
    expect(message).toContain(`holds frame 1 of session ${ID} whose bytes do not match the sha256 the session declares for it`);
    expect(storeDigest(target)).toBe(before);
  });

  it('when a frame is the 38-byte WebP that decodes to 16383x16383 (declared 484x394)', async () => {
    const bomb = webpBomb();
    expect(bomb.length).toBe(38);
    expect(await sharp(bomb).metadata()).toMatchObject({ format: 'webp', width: 16383, height: 16383 });
    const started = Date.now();
    const message = await refusal(withFrame(bomb, { width: 484, height: 394 }));
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(message).toMatch(oneSentence);
    expect(message).toContain(`holds frame 1 of session ${ID}, which decodes to 16383x16383 pixels, more than the 66,355,200 a frame may have`);
    expect(storeDigest(target)).toBe(before);
  });

  it('when a frame decodes to another size than declared, or is not a WebP image', async () => {
    const small = await sharp({ create: { width: 20, height: 10, channels: 3, background: '#808080' } }).webp({ lossless: true }).toBuffer();
    expect(await refusal(withFrame(small, { width: 484, height: 394 }))).toContain('which decodes to 20x10 pixels where the session declares 484x394');
    const png = await sharp({ create: { width: 20, height: 10, channels: 3, background: '#808080' } }).png().toBuffer();
    expect(await refusal(withFrame(png, { width: 20, height: 10 }))).toContain(`holds frame 1 of session ${ID} as png, and Cairn keeps frames as webp only`);
    expect(await refusal(withFrame(Buffer.from('not an image at all'), { width: 20, height: 10 }))).toContain('which is not an image');
    expect(storeDigest(target)).toBe(before);
  });

  it('when a frame is listed under another part than its own, or a session field is not what the store reads back', async () => {
    // Frames 1 and 2 swap parts: each part is still taken once, but a frame must be in its own.
    const crossed = repackBundle(bundle, (_h, parts) =>
      editSession(parts, ID, (s) => ([s.frames[0]!.part, s.frames[1]!.part] = [s.frames[1]!.part, s.frames[0]!.part])),
    );
    expect(await refusal(crossed)).toContain(`lists frame 1 of session ${ID} under the part sessions/${ID}/frames/2.webp, which is not its own`);
    const policies = repackBundle(bundle, (_h, parts) => editSession(parts, ID, (s) => (s.policiesJson = '{"not":"a list"}')));
    expect(await refusal(policies)).toMatch(/in the session \S+, policiesJson is not JSON of the expected shape/);
    const location = repackBundle(bundle, (_h, parts) => editSession(parts, ID, (s) => (s.findings![0]!.location = 'garbage')));
    expect(await refusal(location)).toMatch(/findings\.0\.location is not JSON of the expected shape/);
    expect(storeDigest(target)).toBe(before);
  });

  it('when the file is larger than a bundle may be (a sparse 3 GB file, refused before it is read)', async () => {
    const huge = join(root, 'huge.cairnbundle');
    writeFileSync(huge, bundle);
    truncateSync(huge, 3 * 1024 ** 3);
    const store = openStore(target);
    try {
      await expect(importBundle(store, huge, { actor: 'reviewer' })).rejects.toThrow(/is 3\.0 GB, more than the 2\.0 GB a bundle may hold/);
    } finally {
      store.close();
      rmSync(huge);
    }
    expect(storeDigest(target)).toBe(before);
  });

  it('and the untouched bundle imports', async () => {
    const store = openStore(target);
    try {
      expect((await importBundle(store, join(root, 'good.cairnbundle'), { actor: 'reviewer' })).sessions).toEqual([ID]);
    } finally {
      store.close();
    }
  });
});
