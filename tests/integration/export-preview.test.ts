// The Export screen's preview and the session view's steps, on a real store: for every format the
// preview's records are the first lines (or Parquet rows) of a real export of the same session, its
// images (before each step, and after it where the format carries that) are the exported image
// files byte for byte, and it writes nothing to disk; the steps give
// each action on its frame, with redacted key strokes as a count only. Through the API's one wrapper
// (invoke) as both hosts call it.
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parquetReadObjects } from 'hyparquet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runExport } from '../../src/export/run-export.ts';
import { EXPORT_FORMATS } from '../../src/export/writers/index.ts';
import { createCairnService, type CairnService } from '../../src/host/cairn-service.ts';
import { invoke } from '../../src/host/invoke.ts';
import { redactKeySpan } from '../../src/review/redaction/redact-key-span.ts';
import type { MethodOutput } from '../../src/shared/contract.ts';
import { REDACTED_CHAR } from '../../src/shared/redaction-mark.ts';
import { openStore } from '../../src/store/open-store.ts';
import { applyAction } from '../../src/store/session-repo.ts';
import { SECRET, seedReviewSession } from '../helpers/seed-review.ts';

const ID = 'e1e1e1e1-0000-4000-8000-000000000001';
const TASK = 'Note a greeting in the terminal';
const STEPS = 4;
const root = mkdtempSync(join(tmpdir(), 'cairn-preview-'));
const dataDir = join(root, 'data');
let service: CairnService;
/** sha256 of each stored frame, by seq. */
let frameSha = new Map<number, string>();

async function call<M extends 'export.preview' | 'sessions.steps'>(method: M, input: unknown): Promise<MethodOutput<M>> {
  const r = await invoke(service.handlers, method, input);
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.result as MethodOutput<M>;
}

const filesUnder = (dir: string): string[] => readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name)).sort();

beforeAll(async () => {
  const seeded = await seedReviewSession(dataDir, { id: ID, state: 'recorded', frames: 4, otherEvents: 60, gestures: true, task: TASK });
  frameSha = new Map(seeded.frames.map((f) => [f.seq, f.sha256]));
  const store = openStore(dataDir);
  try {
    // The secret's key strokes are erased: the steps and the previews must not show them.
    redactKeySpan(store, ID, seeded.secretSeqs.fromSeq, seeded.secretSeqs.toSeq, { reason: 'a key' });
    applyAction(store, ID, 'submit', { actor: 'contributor', at: Date.now() });
    applyAction(store, ID, 'approve', { actor: 'reviewer', at: Date.now() });
  } finally {
    store.close();
  }
  service = createCairnService({ dataDir });
}, 60_000);
afterAll(async () => {
  await service?.close();
  rmSync(root, { recursive: true, force: true });
});

describe('the export preview', () => {
  it.each(EXPORT_FORMATS)('of %s is the first steps of a real export of the session, with its very image files', async (format) => {
    const before = filesUnder(root);
    const preview = await call('export.preview', { id: ID, format, steps: STEPS });
    // Nothing written beside the data folder, nor in it (the writer's output stays in memory).
    expect(filesUnder(root)).toEqual(before);

    const out = join(root, `export-${format}`);
    const store = openStore(dataDir);
    try {
      await runExport(store, { sessionIds: [ID], format, outDir: out });
    } finally {
      store.close();
    }
    const exported = await exportedRecords(out, format);
    expect(preview.steps.map((s) => s.index)).toEqual([0, 1, 2, 3]);
    expect(preview.totalSteps).toBeGreaterThan(STEPS);
    expect(preview.instruction).toBe(TASK);
    for (const step of preview.steps) {
      const expected = exported.filter((r) => r.index === step.index);
      expect(step.records.map((r) => r.file)).toEqual(expected.map((r) => r.file));
      expect(step.records.map((r) => JSON.parse(r.text) as unknown)).toEqual(expected.map((r) => r.record));
      expect(step.image).not.toBeNull();
      const image = preview.images[step.image!]!;
      const bytes = Buffer.from(image.base64, 'base64');
      expect(bytes.equals(expected[0]!.image!)).toBe(true);
      // And the very frame the step is paired with, as stored.
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(frameSha.get(Number(/(\d+)\.webp$/.exec(step.image!)![1])));
      expect(image.mime).toBe('image/webp');
      // The observation after the step, where the record names one, is the exported file too.
      const after = expected.find((r) => r.after)?.after ?? null;
      expect(step.afterImage === null ? null : Buffer.from(preview.images[step.afterImage]!.base64, 'base64')).toEqual(after);
    }
    expect(preview.steps.filter((s) => s.afterImage !== null).length).toBeGreaterThan(0);
    expect(preview.files.at(-1)!.path).toBe('manifest.json');
    if (format === 'pyautogui') expect(JSON.parse(preview.envelope!.text)).toMatchObject({ task_id: ID, instruction: TASK });
    // The secret was redacted before approval: no format's preview holds it or its placeholder.
    const all = JSON.stringify(preview.steps);
    expect(all).not.toContain(SECRET.slice(0, 8));
  });

  it('refuses an unknown session and a step count outside 1..20 with a sentence', async () => {
    await expect(call('export.preview', { id: 'e1e1e1e1-0000-4000-8000-00000000ffff', format: 'cairn' })).rejects.toThrow(/^not-found: .*e1e1e1e1-0000-4000-8000-00000000ffff/);
    await expect(call('export.preview', { id: ID, format: 'cairn', steps: 21 })).rejects.toThrow(/^invalid-input: .*steps/);
  });
});

describe('the steps of a session (the scrubber)', () => {
  it('give each action on its frame: click point, drag path, scroll direction, typed text with redacted strokes as a count', async () => {
    const steps = await call('sessions.steps', { id: ID });
    expect(steps[0]).toMatchObject({ kind: 'click', button: 'left', count: 1, point: { x: 150, y: 90 }, frameSeq: 1, app: 'XTerm' });
    const typed = steps.filter((s) => s.kind === 'type').flatMap((s) => s.text);
    expect(typed.slice(0, 3)).toEqual([{ kept: 'hello ' }, { redacted: SECRET.length }, { kept: ' bye' }]);
    const drag = steps.find((s) => s.kind === 'drag')!;
    expect(drag).toMatchObject({ frameSeq: 3, point: { x: 60, y: 150 } });
    expect(drag.path).toEqual([{ x: 60, y: 150 }, { x: 120, y: 160 }, { x: 180, y: 170 }, { x: 200, y: 170 }]);
    expect(steps.find((s) => s.kind === 'scroll')).toMatchObject({ frameSeq: 4, direction: 'down', amount: 3, point: { x: 160, y: 100 } });
    const json = JSON.stringify(steps);
    expect(json).not.toContain(REDACTED_CHAR);
    expect(json).not.toContain(SECRET.slice(0, 8));
  });
});

interface Exported {
  file: string;
  index: number;
  record: unknown;
  image: Buffer | null;
  after: Buffer | null;
}

/** What a consumer reads from the export folder, step by step: the records of its JSONL files (the
 *  traj entries of AgentNet's lines) or its Parquet rows, with the bytes of the image each names. */
async function exportedRecords(out: string, format: string): Promise<Exported[]> {
  const records: Exported[] = [];
  const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as { files: { path: string }[] };
  for (const { path } of manifest.files) {
    if (format === 'hf' && path.endsWith('.parquet')) {
      const bytes = readFileSync(join(out, path));
      const rows = (await parquetReadObjects({ file: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) as ArrayBuffer, utf8: false })) as Record<string, unknown>[];
      for (const row of rows) {
        const image = row.image as { bytes: Uint8Array; path: string };
        // A null image reads back as undefined.
        const after = row.after_image as { bytes: Uint8Array; path: string } | undefined;
        const record = { ...row, image: { path: image.path, bytes: `<${image.bytes.length} bytes of the image below>` }, after_image: after ? { path: after.path, bytes: `<${after.bytes.length} bytes of the image after it>` } : null };
        records.push({ file: path, index: Number(row.step), record, image: Buffer.from(image.bytes), after: after ? Buffer.from(after.bytes) : null });
      }
    }
    if (!path.endsWith('.jsonl')) continue;
    for (const line of readFileSync(join(out, path), 'utf8').trim().split('\n')) {
      const parsed = JSON.parse(line) as Record<string, unknown>;
      for (const record of (parsed.traj as Record<string, unknown>[] | undefined) ?? [parsed]) {
        const image = (record.image ?? record.frame) as string | null;
        const after = (record.after_image ?? record.afterFrame ?? (record.cairn as { after_image?: string } | undefined)?.after_image ?? null) as string | null;
        records.push({ file: path, index: Number(record.index), record, image: image ? readFileSync(join(out, image)) : null, after: after ? readFileSync(join(out, after)) : null });
      }
    }
  }
  return records;
}
