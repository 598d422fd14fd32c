// Every export format carries each step's observation after it (the settled frame the observation
// ring stored) in the form its consumer reads, and the last step's as the trajectory's final
// observation: `afterFrame` in Cairn's episodes, `cairn.after_image` and `cairn.final_image` in
// AgentNet's layout, `after_image` on each line of computer_13 and the computer-use vocabularies
// (what OSWorld stores after a step, what a computer tool returns as an action's result), and an
// `after_image` column in the Parquet rows. Each reference is checked against the file written and
// its pixels: the after image shows the page as the step left it.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deriveActions } from '../../src/export/actions/derive-actions.ts';
import { loadExportSession } from '../../src/export/export-session.ts';
import { EXPORT_FORMATS, type ExportFormat, writerFor } from '../../src/export/writers/index.ts';
import { openStore } from '../../src/store/open-store.ts';
import { BAR, type SeededObservation, seedObservedSession, STATE_COLOURS } from '../helpers/seed-observed.ts';

const ID = '0b5e0000-1111-4aaa-8bbb-000000000001';
const root = mkdtempSync(join(tmpdir(), 'cairn-export-after-'));
const out = (format: ExportFormat) => join(root, `out-${format}`);
let seeded: SeededObservation;
const path = (seq: number) => `frames/${ID}/${seq}.webp`;
const jsonLines = (file: string) => readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);

/** How many steps were done in the page an image shows: the bar's colour says. */
async function stateShown(bytes: Buffer | Uint8Array): Promise<number> {
  const { data, info } = await sharp(bytes).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const at = ((BAR.y + BAR.height / 2) * info.width + BAR.x + BAR.width / 2) * info.channels;
  return STATE_COLOURS.findIndex(([r, g, b]) => data[at] === r && data[at + 1] === g && data[at + 2] === b);
}

beforeAll(async () => {
  const store = openStore(join(root, 'data'));
  try {
    seeded = await seedObservedSession(store, { id: ID, state: 'approved' });
    const session = loadExportSession(store, ID);
    const actions = deriveActions(session);
    for (const format of EXPORT_FORMATS) await writerFor(format).write(session, actions, out(format));
  } finally {
    store.close();
  }
}, 60_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('the observation after each step, in every export format', () => {
  it('is the settled frame of each step, whose pixels show the page as the step left it', async () => {
    expect(seeded.steps).toHaveLength(4);
    const lines = jsonLines(join(out('cairn'), 'episodes.jsonl'));
    expect(lines.map((l) => [l.kind, l.frame, l.afterFrame])).toEqual(
      ['click', 'type', 'scroll', 'click'].map((kind, i) => [kind, path(seeded.steps[i]!.before), path(seeded.steps[i]!.after)]),
    );
    for (const [i, line] of lines.entries()) {
      expect(await stateShown(readFileSync(join(out('cairn'), line.frame as string)))).toBe(i);
      expect(await stateShown(readFileSync(join(out('cairn'), line.afterFrame as string)))).toBe(i + 1);
    }
  });

  it('goes under cairn.after_image in AgentNet\'s layout, the last one as the trajectory\'s final image, each file written', () => {
    const [trajectory] = jsonLines(join(out('pyautogui'), 'trajectories.jsonl')) as { traj: { image: string; cairn: { after_image: string } }[]; cairn: { final_image: string } }[];
    expect(trajectory!.traj.map((s) => [s.image, s.cairn.after_image])).toEqual(seeded.steps.map((s) => [path(s.before), path(s.after)]));
    expect(trajectory!.cairn.final_image).toBe(path(seeded.steps.at(-1)!.after));
    for (const s of seeded.steps) expect(readFileSync(join(out('pyautogui'), path(s.after))).length).toBeGreaterThan(0);
  });

  it('is each line\'s after_image in computer_13 and both computer-use vocabularies, the last line\'s the final observation', () => {
    for (const [format, file] of [['computer13', 'computer13.jsonl'], ['computer-use', 'computer-use/anthropic.jsonl'], ['computer-use', 'computer-use/openai.jsonl']] as const) {
      const lines = jsonLines(join(out(format), file));
      expect(lines.map((l) => [l.image, l.after_image]), file).toEqual(seeded.steps.map((s) => [path(s.before), path(s.after)]));
      // The actions come between the observation before and the one after.
      expect(Object.keys(lines[0]!).slice(-2), file).toEqual(['actions', 'after_image']);
      for (const s of seeded.steps) expect(readFileSync(join(out(format), path(s.after))).length, file).toBeGreaterThan(0);
    }
  });

  it('is an after_image column of datasets\' Image feature in the Parquet rows, with the after frame\'s bytes', async () => {
    const shard = join(out('hf'), 'data/train-00000-of-00001.parquet');
    const file = new Uint8Array(readFileSync(shard)).buffer;
    const rows = (await parquetReadObjects({ file, utf8: false })) as { image: { bytes: Uint8Array; path: string }; after_image: { bytes: Uint8Array; path: string } | null }[];
    expect(rows.map((r) => r.after_image?.path)).toEqual(seeded.steps.map((s) => `${ID}/${s.after}.webp`));
    for (const [i, row] of rows.entries()) {
      expect(Buffer.from(row.after_image!.bytes).equals(seeded.frames.find((f) => f.seq === seeded.steps[i]!.after)!.bytes as Buffer)).toBe(true);
      expect(await stateShown(row.after_image!.bytes)).toBe(i + 1);
    }
    const hf = parquetMetadata(file).key_value_metadata?.find((kv) => kv.key === 'huggingface');
    expect(JSON.parse(hf!.value!).info.features.after_image).toEqual({ _type: 'Image' });
    expect(readFileSync(join(out('hf'), 'README.md'), 'utf8')).toContain('  - name: after_image\n    dtype: image');
  });
});
