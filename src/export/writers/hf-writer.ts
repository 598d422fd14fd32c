// A layout the Hugging Face `datasets` library loads: Parquet shards under data/ with one row per
// step, the frame observed before it in an `image` column and the one observed after it settled in
// `after_image` (so a row holds observation, action and next observation, the last row's being the
// final one), each stored as datasets' Image feature stores it (a struct of `bytes` and `path`), the
// features recorded in the Parquet metadata under "huggingface" as `datasets` writes them, and a
// README.md dataset card whose `configs` point at the shards.
import { parquetWriteBuffer } from 'hyparquet-writer';
import type { Action } from '../actions/action.ts';
import type { ExportSession } from '../export-session.ts';
import { defineWriter } from './define-writer.ts';
import type { ExportItem, ExportWriter, OutputDir, WriterOptions } from './export-writer.ts';
import { pyautoguiCode } from './pyautogui-code.ts';
import { isRefusal } from './refusal.ts';

/** Rows per Parquet file: bounds the memory a shard takes (each row carries its frame's bytes). */
export const ROWS_PER_SHARD = 2000;

type Row = { session: ExportSession; step: Action };

const STRING = { type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' } as const;
const COLUMNS = [
  { name: 'session_id', schema: STRING, feature: 'string', value: (r: Row) => r.session.id },
  { name: 'instruction', schema: STRING, feature: 'string', value: (r: Row) => r.session.task ?? '' },
  { name: 'step', schema: { type: 'INT32', repetition_type: 'REQUIRED' }, feature: 'int32', value: (r: Row) => r.step.index },
  { name: 't_ms', schema: { type: 'DOUBLE', repetition_type: 'REQUIRED' }, feature: 'float64', value: (r: Row) => r.step.t },
  { name: 'kind', schema: STRING, feature: 'string', value: (r: Row) => r.step.kind },
  { name: 'app', schema: STRING, feature: 'string', value: (r: Row) => r.step.window?.app ?? null },
  { name: 'x', schema: { type: 'DOUBLE', repetition_type: 'OPTIONAL' }, feature: 'float64', value: (r: Row) => r.step.point?.xNorm ?? null },
  { name: 'y', schema: { type: 'DOUBLE', repetition_type: 'OPTIONAL' }, feature: 'float64', value: (r: Row) => r.step.point?.yNorm ?? null },
  { name: 'text', schema: STRING, feature: 'string', value: (r: Row) => (r.step.kind === 'type' ? r.step.text : null) },
  { name: 'pyautogui', schema: STRING, feature: 'string', value: (r: Row) => nullIfRefused(pyautoguiCode(r.step)) },
  { name: 'action', schema: STRING, feature: 'string', value: (r: Row) => JSON.stringify(r.step) },
] as const;

export function hfWriter(options: WriterOptions = {}): ExportWriter {
  return defineWriter('hf', options, async (items, out, steps) => {
    const rows: Row[] = items.flatMap(({ session, actions }) => actions.map((step) => ({ session, step })));
    const shards = Math.max(1, Math.ceil(rows.length / ROWS_PER_SHARD));
    for (let i = 0; i < shards; i++) {
      const shard = rows.slice(i * ROWS_PER_SHARD, (i + 1) * ROWS_PER_SHARD);
      await out.write(`data/train-${pad(i)}-of-${pad(shards)}.parquet`, shardBytes(shard));
      for (let j = 0; j < shard.length; j++) steps.step();
    }
    await out.write('README.md', datasetCard(items, rows.length, out));
  });
}

/** The frame columns, in datasets' Image feature. */
const IMAGES = ['image', 'after_image'] as const;

function shardBytes(rows: Row[]): Uint8Array {
  const formats = new Map<ExportSession, Map<number, string>>();
  const imageOf = (session: ExportSession, seq: number | null) => {
    if (seq === null) return null;
    if (!formats.has(session)) formats.set(session, new Map(session.frames.map((f) => [f.seq, f.format])));
    return { bytes: session.frameBytes(seq), path: `${session.id}/${seq}.${formats.get(session)!.get(seq) ?? 'webp'}` };
  };
  const images = {
    image: rows.map(({ session, step }) => imageOf(session, step.frameSeq)),
    after_image: rows.map(({ session, step }) => imageOf(session, step.afterFrameSeq)),
  };
  const features: Record<string, unknown> = {};
  for (const c of COLUMNS) features[c.name] = { dtype: c.feature, _type: 'Value' };
  for (const name of IMAGES) features[name] = { _type: 'Image' };
  const buffer = parquetWriteBuffer({
    columnData: [...COLUMNS.map((c) => ({ name: c.name, data: rows.map((r): unknown => c.value(r)) })), ...IMAGES.map((name) => ({ name, data: images[name] }))],
    schema: [
      { name: 'root', num_children: COLUMNS.length + IMAGES.length },
      ...COLUMNS.map((c) => ({ name: c.name, ...c.schema })),
      ...IMAGES.flatMap((name) => [
        { name, repetition_type: 'OPTIONAL', num_children: 2 },
        { name: 'bytes', type: 'BYTE_ARRAY', repetition_type: 'OPTIONAL' },
        { name: 'path', ...STRING },
      ] as const),
    ],
    rowGroupSize: 500,
    kvMetadata: [{ key: 'huggingface', value: JSON.stringify({ info: { features } }) }],
  });
  return new Uint8Array(buffer);
}

function datasetCard(items: readonly ExportItem[], rows: number, out: OutputDir): string {
  const features = [...COLUMNS.map((c) => `  - name: ${c.name}\n    dtype: ${c.feature}`), ...IMAGES.map((name) => `  - name: ${name}\n    dtype: image`)];
  const sessions = items.map(({ session }) => {
    const consent = session.consent ? `consent text v${session.consent.version} (sha256 ${session.consent.sha256})` : 'no consent record';
    return `- \`${session.id}\`: ${consent}; apps ${session.policies.map((p) => p.app).join(', ') || 'none'}; approved by ${session.review.reviewer ?? 'unknown'}`;
  });
  return [
    '---',
    'configs:',
    '- config_name: default',
    '  data_files:',
    '  - split: train',
    '    path: data/train-*.parquet',
    'dataset_info:',
    '  features:',
    ...features,
    '  splits:',
    '  - name: train',
    `    num_examples: ${rows}`,
    'tags:',
    '- computer-use',
    '- trajectories',
    '---',
    '',
    '# Cairn trajectories',
    '',
    'Task demonstrations recorded with Cairn, with the consent of the person recorded, reviewed and',
    "approved before export. One row per step: the session's task as `instruction`, `kind` (click,",
    'drag, scroll, type, hotkey, key, wait),',
    '`x`/`y` normalised to the frame in `image` (the screen observed just before the step), the step',
    'as pyautogui code (AgentNet\'s; null for a step it cannot spell), the whole step as JSON in `action`,',
    'and `after_image`, the screen observed once the step settled (null when none was; the last row\'s',
    'is the final observation of its session).',
    '',
    '```python',
    'from datasets import load_dataset',
    'ds = load_dataset("path/to/this/folder", split="train")',
    '```',
    '',
    '## Provenance',
    '',
    ...sessions,
    '',
    `manifest.json lists the sha256 of every file (${out.files.length + 2} files with this card and the manifest).`,
    '',
  ].join('\n');
}

/** A step AgentNet's code cannot spell has no code (the reason is in the pyautogui format). */
function nullIfRefused(code: ReturnType<typeof pyautoguiCode>): string | null {
  return isRefusal(code) ? null : code;
}

function pad(n: number): string {
  return String(n).padStart(5, '0');
}
