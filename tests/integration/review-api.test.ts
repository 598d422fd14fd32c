// The review methods of the API over a real store, called through the one wrapper as both hosts
// call them: the queue, scanning, redaction answering with findings, and the workflow's refusals.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { invoke } from '../../src/host/invoke.ts';
import { type CairnService, createCairnService } from '../../src/host/cairn-service.ts';
import { openStore } from '../../src/store/open-store.ts';
import { readFrameBytes } from '../../src/store/session-content.ts';
import { PATCH, seedReviewSession } from '../helpers/seed-review.ts';

const ID = 'aaaa0000-0000-4000-8000-00000000beef';
let service: CairnService | undefined;
afterEach(async () => {
  await service?.close();
  service = undefined;
});

async function start(): Promise<{ dataDir: string; call: (method: string, input?: unknown) => ReturnType<typeof invoke> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cairn-review-api-'));
  const store = openStore(dataDir);
  await seedReviewSession(store, { id: ID, state: 'recorded', title: 'mail - jane.doe@example.com' });
  store.close();
  const s = createCairnService({ dataDir });
  service = s;
  return { dataDir, call: (method, input = {}) => invoke(s.handlers, method, input) };
}

describe('the review API', () => {
  it('scans (text and titles), refuses approval with open findings, redacts them and approves from the queue', async () => {
    const { call } = await start();
    expect(await call('review.submit', { id: ID })).toMatchObject({ ok: true, result: { state: 'submitted' } });
    expect(await call('review.queue')).toMatchObject({ ok: true, result: [{ id: ID }] });
    await call('review.cutRange', { id: ID, fromMs: 1000, toMs: 1600 }); // frame 1 has no text to OCR
    const scan = await call('review.scan', { id: ID });
    if (!scan.ok) throw new Error(scan.error.message);
    const findings = scan.result as { id: number; source: string; status: string }[];
    expect(findings.map((f) => f.source).sort()).toEqual(expect.arrayContaining(['text', 'title']));

    const refused = await call('review.approve', { id: ID });
    expect(refused).toMatchObject({ ok: false, error: { code: 'refused' } });

    for (const f of findings.filter((f) => f.status === 'open')) {
      const r = await call('review.resolveFinding', { id: ID, findingId: f.id, action: 'redact', reason: 'personal data' });
      expect(r.ok).toBe(true);
    }
    expect(await call('review.approve', { id: ID })).toMatchObject({ ok: true, result: { state: 'approved' } });
    expect(await call('review.queue')).toMatchObject({ ok: true, result: [] });
    const detail = await call('sessions.get', { id: ID });
    expect(detail).toMatchObject({ ok: true, result: { review: { reviewer: 'reviewer' } } });
  }, 60_000);

  it('redactBox blacks out the stored pixels; bad boxes, unknown frames and reasons are refused with a code', async () => {
    const { dataDir, call } = await start();
    expect(await call('review.redactBox', { id: ID, frameSeq: 2, box: PATCH })).toMatchObject({ ok: true, result: [] });
    const store = openStore(dataDir, { readonly: true });
    const { data, info } = await sharp(readFrameBytes(store, ID, 2)!).raw().toBuffer({ resolveWithObject: true });
    store.close();
    const o = ((PATCH.y + 5) * info.width + PATCH.x + 5) * info.channels;
    expect([data[o], data[o + 1], data[o + 2]]).toEqual([0, 0, 0]);
    expect(await call('review.redactBox', { id: ID, frameSeq: 2, box: { x: 9000, y: 0, width: 5, height: 5 } })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(await call('review.redactBox', { id: ID, frameSeq: 99, box: PATCH })).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(await call('review.redactText', { id: ID, fromSeq: 10, toSeq: 2 })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(await call('review.reject', { id: ID, reason: '  ' })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(await call('review.approve', { id: ID })).toMatchObject({ ok: false, error: { code: 'conflict' } });
  }, 60_000);
});
