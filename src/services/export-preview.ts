// The Export screen's preview: the first steps of a session exactly as a format's consumer will read
// them. It runs the format's real writer (src/export/writers) on those steps into memory, then
// reads back what the writer wrote: the JSON lines (or, for AgentNet's layout, the entries of a
// line's `traj`), or the Parquet rows of `hf`, each with the image it points at and, where the
// format carries one, the image observed after the step. Nothing is written
// to disk and nothing leaves the machine; still, what a consumer would see is shown only of a
// session that may be exported (the egress gate's own check), so the preview never shows more.
import { parquetReadObjects } from 'hyparquet';
import { deriveActions } from '../export/actions/derive-actions.ts';
import type { Action } from '../export/actions/action.ts';
import { assertExportable } from '../export/egress.ts';
import { type ExportSession, loadExportSession } from '../export/export-session.ts';
import { MemoryOutput } from '../export/writers/memory-output.ts';
import { type ExportFormat, writerFor } from '../export/writers/index.ts';
import type { MethodOutput } from '../shared/contract.ts';
import type { Store } from '../store/store.ts';

export type ExportPreview = MethodOutput<'export.preview'>;
type PreviewStep = ExportPreview['steps'][number];
type Json = Record<string, unknown>;

/** One step's record in one file, and the image it names. */
interface FoundRecord {
  file: string;
  index: number;
  kind: string;
  record: Json;
  image: FoundImage | null;
  after: FoundImage | null;
}

/** An image a record names: its path, and its bytes where the record holds them (Parquet). */
interface FoundImage {
  path: string;
  bytes?: Uint8Array;
}

export async function previewExport(store: Store, o: { sessionId: string; format: ExportFormat; steps: number }): Promise<ExportPreview> {
  const session = loadExportSession(store, o.sessionId);
  assertExportable(store, [o.sessionId]);
  const actions = deriveActions(session);
  const first = actions.slice(0, o.steps);
  // The cairn format writes every frame of a session; the preview needs only those its steps show.
  const shown = framesOf(first);
  const limited: ExportSession = { ...session, frames: session.frames.filter((f) => shown.has(f.seq)) };
  const out = new MemoryOutput();
  await writerFor(o.format).writeInto([{ session: limited, actions: first }], out);

  const found = o.format === 'hf' ? await parquetRecords(out) : jsonlRecords(out);
  const images: ExportPreview['images'] = {};
  const steps = new Map<number, PreviewStep>();
  for (const r of found.records) {
    let step = steps.get(r.index);
    if (!step) steps.set(r.index, (step = { index: r.index, kind: r.kind, records: [], image: null, afterImage: null, element: null }));
    step.records.push({ file: r.file, text: recordText(r.record) });
    step.element ??= elementOf(r.record);
    const shown = (image: FoundImage | null): string | null => {
      const bytes = image && (image.bytes ?? out.contents.get(image.path));
      if (!image || !bytes) return null;
      images[image.path] = { mime: mimeOf(image.path), base64: Buffer.from(bytes).toString('base64') };
      return image.path;
    };
    step.image ??= shown(r.image);
    step.afterImage ??= shown(r.after);
  }
  return {
    sessionId: session.id,
    format: o.format,
    instruction: session.task ?? '',
    totalSteps: actions.length,
    files: out.files.map((f) => ({ path: f.path, bytes: f.bytes })),
    envelope: found.envelope,
    steps: [...steps.values()].sort((a, b) => a.index - b.index),
    images,
  };
}

/** Every frame the steps refer to: the one observed before each, and any other frame a step names. */
function framesOf(actions: readonly Action[]): Set<number> {
  const seqs = new Set<number>();
  for (const a of actions) {
    for (const [key, value] of Object.entries(a)) if (/frameSeq$/i.test(key) && typeof value === 'number') seqs.add(value);
  }
  return seqs;
}

/** The records of every JSON Lines file the writer wrote: one per line, or one per entry of a
 *  line's `traj` (AgentNet's layout, whose line is then the envelope around them). */
function jsonlRecords(out: MemoryOutput): { records: FoundRecord[]; envelope: ExportPreview['envelope'] } {
  const records: FoundRecord[] = [];
  let envelope: ExportPreview['envelope'] = null;
  for (const { path: file } of out.files) {
    // The element records beside the steps (elements/<session>/*.jsonl) are no step's record.
    if (!file.endsWith('.jsonl') || file.startsWith('elements/')) continue;
    for (const line of out.text(file)!.split('\n')) {
      if (!line) continue;
      const parsed = JSON.parse(line) as Json;
      if (Array.isArray(parsed.traj)) {
        envelope ??= { file, text: recordText({ ...parsed, traj: `[… ${parsed.traj.length} steps, each as below …]` }) };
        for (const entry of parsed.traj as Json[]) records.push(found(file, entry, (entry.cairn as Json | undefined)?.kind));
      } else records.push(found(file, parsed, parsed.kind));
    }
  }
  return { records, envelope };
}

function found(file: string, record: Json, kind: unknown): FoundRecord {
  const named = (...values: unknown[]) => {
    const path = values.find((v): v is string => typeof v === 'string');
    return path ? { path } : null;
  };
  // The observation after: `after_image` on a line, `afterFrame` in Cairn's episodes, under `cairn` in AgentNet's layout.
  const after = named(record.after_image, record.afterFrame, (record.cairn as Json | undefined)?.after_image);
  return { file, index: Number(record.index), kind: String(kind ?? ''), record, image: named(record.image, record.frame), after };
}

/** The rows of the Parquet shards, as the `datasets` library reads them; a row's image is its own bytes. */
async function parquetRecords(out: MemoryOutput): Promise<{ records: FoundRecord[]; envelope: null }> {
  const records: FoundRecord[] = [];
  for (const { path: file } of out.files) {
    if (!file.endsWith('.parquet')) continue;
    const bytes = out.contents.get(file)!;
    // utf8: false keeps the image bytes as bytes; the string columns are declared UTF8 and read as text.
    const rows = (await parquetReadObjects({ file: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer, utf8: false })) as Json[];
    for (const row of rows) {
      const image = row.image as ParquetImage;
      const after = row.after_image as ParquetImage;
      const shown = { ...row, image: imageNote(image, 'the image below'), after_image: imageNote(after, 'the image after it') };
      records.push({ file, index: Number(row.step), kind: String(row.kind), record: shown, image: parquetImage(image), after: parquetImage(after) });
    }
  }
  return { records, envelope: null };
}

type ParquetImage = { bytes?: Uint8Array; path?: string } | null | undefined;

/** A row's image as the preview prints it: its path, and its bytes as a note (they are shown as an image). */
function imageNote(image: ParquetImage, shownAs: string) {
  return image ? { path: image.path, bytes: `<${image.bytes?.length ?? 0} bytes of ${shownAs}>` } : null;
}

function parquetImage(image: ParquetImage): FoundImage | null {
  return image?.bytes && image.path ? { path: image.path, bytes: image.bytes } : null;
}

/** The element record a step carries, where the format has one (at its top, or one level down). */
function elementOf(record: Json): Json | null {
  const candidates = [record, ...Object.values(record).filter((v): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v))];
  for (const c of candidates) if (typeof c.element === 'object' && c.element !== null) return c.element as Json;
  return null;
}

/** The record as JSON, one top-level field a line and each value as compact as in the file, so
 *  that a step reads at a glance and still parses as the very same object. */
function recordText(record: Json): string {
  return `{\n${Object.entries(record)
    .map(([key, value]) => `  ${JSON.stringify(key)}: ${JSON.stringify(value, printable)}`)
    .join(',\n')}\n}`;
}

/** JSON.stringify's replacer for what Parquet reads back: 64-bit integers as numbers. */
function printable(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? Number(value) : value;
}

function mimeOf(path: string): string {
  const ext = path.slice(path.lastIndexOf('.') + 1).toLowerCase();
  return ext === 'jpg' || ext === 'jpeg' ? 'image/jpeg' : `image/${ext}`;
}
