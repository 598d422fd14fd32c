// Every export format, written from a seeded approved session with real WebP frames, checked by
// independent means: python3's ast for the pyautogui code, the JSON schemas written from OSWorld's
// and the model APIs' documentation, hyparquet (a separate Parquet reader) and sharp for the
// Parquet shards, and sha256 of every file against the manifest.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILTIN_US_LAYOUT } from '../../src/shared/keyboard-layout.ts';
import type { EventRow, FrameRow } from '../../src/core/stored-rows.ts';
import { deriveActions } from '../../src/export/actions/derive-actions.ts';
import { type ExportSession, loadExportSession } from '../../src/export/export-session.ts';
import { EXPORT_FORMATS, type ExportFormat, type WriteResult, writerFor } from '../../src/export/writers/index.ts';
import type { Action } from '../../src/export/actions/action.ts';
import { recordAcceptance } from '../../src/store/consent-repo.ts';
import { openStore, type Store } from '../../src/store/open-store.ts';
import { applyAction, createSession } from '../../src/store/session-repo.ts';
import { writeBatch } from '../../src/store/write-batch.ts';
import { loadSchema, schemaErrors } from '../helpers/json-schema.ts';

const ID = 'sess-export-formats';
const STARTED = Date.UTC(2025, 0, 2, 9, 0, 0);
const LAYOUT = { name: 'test:us+e-acute', keys: { ...BUILTIN_US_LAYOUT.keys, '26': ['é', 'É'] as [string, string] } };
const US = new Map<string, number>();
for (const [code, [plain]] of Object.entries(BUILTIN_US_LAYOUT.keys)) if (plain && !US.has(plain)) US.set(plain, Number(code));

/** Key events that type `text` on a US keyboard (Shift for capitals and shifted symbols). */
function typing(text: string, t0: number): Omit<EventRow, 'seq'>[] {
  const out: Omit<EventRow, 'seq'>[] = [];
  let t = t0;
  for (const ch of text) {
    const shiftedCode = Object.entries(BUILTIN_US_LAYOUT.keys).find(([, [p, s]]) => s === ch && p !== ch)?.[0];
    const code = US.get(ch) ?? Number(shiftedCode);
    const mods = shiftedCode !== undefined && !US.has(ch) ? 1 : 0;
    if (mods) out.push({ t: t++, kind: 'key-down', windowSeq: 1, keycode: 42, mods: 1 });
    out.push({ t: (t += 40), kind: 'key-down', windowSeq: 1, keycode: code, mods }, { t: (t += 30), kind: 'key-up', windowSeq: 1, keycode: code, mods });
    if (mods) out.push({ t: t++, kind: 'key-up', windowSeq: 1, keycode: 42, mods: 0 });
  }
  return out;
}

function seedEvents(): EventRow[] {
  const e: Omit<EventRow, 'seq'>[] = [
    { t: 500, kind: 'mouse-move', windowSeq: 1, x: 300, y: 200, mods: 0 },
    { t: 600, kind: 'mouse-down', windowSeq: 1, x: 300, y: 200, button: 1, clicks: 1, mods: 0 },
    { t: 680, kind: 'mouse-up', windowSeq: 1, x: 300, y: 200, button: 1, clicks: 1, mods: 0 },
    ...typing(`It's a \\ "test"`, 1000),
    { t: 2600, kind: 'key-down', windowSeq: 1, keycode: 26, mods: 0 },
    { t: 2650, kind: 'key-down', windowSeq: 1, keycode: null, mods: 0 },
    { t: 2700, kind: 'key-down', windowSeq: 1, keycode: 28, mods: 0 },
    { t: 3000, kind: 'key-down', windowSeq: 1, keycode: 29, mods: 2 },
    { t: 3050, kind: 'key-down', windowSeq: 1, keycode: 31, mods: 2 },
    { t: 3100, kind: 'key-up', windowSeq: 1, keycode: 29, mods: 0 },
    { t: 3500, kind: 'mouse-down', windowSeq: 1, x: 400, y: 300, button: 1, clicks: 1, mods: 0 },
    { t: 3550, kind: 'mouse-up', windowSeq: 1, x: 400, y: 300, button: 1, clicks: 1, mods: 0 },
    { t: 3700, kind: 'mouse-down', windowSeq: 1, x: 400, y: 300, button: 1, clicks: 2, mods: 0 },
    { t: 3750, kind: 'mouse-up', windowSeq: 1, x: 400, y: 300, button: 1, clicks: 2, mods: 0 },
    ...[0, 1, 2].map((i) => ({ t: 4200 + i * 80, kind: 'wheel' as const, windowSeq: 1, x: 500, y: 400, rotation: 1, axis: 'vertical' as const, mods: 0 })),
    { t: 5000, kind: 'mouse-down', windowSeq: 1, x: 150, y: 150, button: 1, clicks: 1, mods: 1 },
    ...[1, 2, 3, 4].map((i) => ({ t: 5000 + i * 30, kind: 'mouse-move' as const, windowSeq: 1, x: 150 + i * 40, y: 150 + i * 25, mods: 0 })),
    { t: 5200, kind: 'mouse-up', windowSeq: 1, x: 310, y: 250, button: 1, clicks: 1, mods: 0 },
    { t: 9800, kind: 'mouse-down', windowSeq: 1, x: 600, y: 500, button: 2, clicks: 1, mods: 0 },
    { t: 9850, kind: 'mouse-up', windowSeq: 1, x: 600, y: 500, button: 2, clicks: 1, mods: 0 },
    { t: 10_000, kind: 'key-down', windowSeq: 1, keycode: 57416, mods: 0 },
    { t: 10_100, kind: 'key-down', windowSeq: 1, keycode: 15, mods: 1 },
  ];
  return e.map((row, i) => ({ seq: i + 1, ...row }));
}

async function seedFrames(): Promise<FrameRow[]> {
  const frames: FrameRow[] = [];
  for (const [i, t] of [0, 2000, 4000, 8000].entries()) {
    const bytes = await sharp({ create: { width: 800, height: 600, channels: 3, background: { r: 30 * i, g: 80, b: 160 } } }).webp({ lossless: true }).toBuffer();
    frames.push({ seq: i + 1, t, windowSeq: 1, reason: i === 0 ? 'focus' : 'periodic', width: 800, height: 600, format: 'webp', sha256: createHash('sha256').update(bytes).digest('hex'), bytes });
  }
  return frames;
}

function seedApprovedSession(store: Store, frames: FrameRow[]): void {
  const consent = recordAcceptance(store, { version: '3', sha256: 'c'.repeat(64), at: STARTED - 5000 });
  createSession(store, {
    id: ID, startedAt: STARTED, clockOrigin: 0, layout: LAYOUT,
    policies: [{ app: 'XTerm', allowed: true, keys: 'full', screens: 'on', titles: 'keep' }],
    consentId: consent.id, pid: process.pid, host: 'test-host', actor: 'contributor',
  });
  writeBatch(store, ID, {
    windows: [{ seq: 1, t: 0, app: 'XTerm', title: 'Terminal', x: 100, y: 50, width: 800, height: 600 }],
    events: seedEvents(), frames, at: STARTED + 11_000,
  });
  applyAction(store, ID, 'stop', { actor: 'contributor', at: STARTED + 11_000 });
  applyAction(store, ID, 'submit', { actor: 'contributor', at: STARTED + 12_000 });
  applyAction(store, ID, 'approve', { actor: 'reviewer-ann', at: STARTED + 13_000 });
}

const jsonLines = (path: string) => readFileSync(path, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);

describe('export writers on a seeded approved session', () => {
  let dir: string;
  let store: Store;
  let session: ExportSession;
  let actions: Action[];
  const results = new Map<ExportFormat, { out: string; result: WriteResult; progress: [number, number][] }>();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cairn-export-'));
    store = openStore(join(dir, 'data'));
    seedApprovedSession(store, await seedFrames());
    session = loadExportSession(store, ID);
    actions = deriveActions(session);
    for (const format of EXPORT_FORMATS) {
      const out = join(dir, `out-${format}`);
      const progress: [number, number][] = [];
      const result = await writerFor(format, { tombstones: ['withdrawn-1'], now: () => STARTED + 20_000 }).write(session, actions, out, (d, t) => progress.push([d, t]));
      results.set(format, { out, result, progress });
    }
  });
  afterAll(() => store?.close());

  it('derives the steps that were done, in order', () => {
    expect(actions.map((a) => a.kind)).toEqual(['click', 'type', 'key', 'hotkey', 'click', 'scroll', 'drag', 'wait', 'click', 'key', 'hotkey']);
    expect(actions[1]).toMatchObject({ text: `It's a \\ "test"é\u2588`, redacted: 1 });
    expect(actions[4]).toMatchObject({ kind: 'click', count: 2 });
    expect(actions[5]).toMatchObject({ kind: 'scroll', direction: 'down', amount: 3 });
    expect(actions[6]).toMatchObject({ kind: 'drag', mods: ['shift'] });
    expect(actions[8]).toMatchObject({ kind: 'click', button: 'right', frameSeq: 4 });
  });

  it('lists every written file with its true sha256 in each format\'s manifest, with provenance and tombstones', () => {
    for (const [format, { out, result }] of results) {
      const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
      expect(manifest.exportFormat).toBe(format);
      expect(createHash('sha256').update(readFileSync(join(out, 'manifest.json'))).digest('hex')).toBe(result.manifestSha256);
      expect(manifest.files.length).toBe(result.files.length - 1);
      for (const f of manifest.files) expect(createHash('sha256').update(readFileSync(join(out, f.path))).digest('hex'), f.path).toBe(f.sha256);
      expect(manifest.sessions[0]).toMatchObject({
        id: ID,
        consent: { version: '3', sha256: 'c'.repeat(64), acceptedAt: new Date(STARTED - 5000).toISOString() },
        apps: [{ app: 'XTerm', keys: 'full', screens: 'on', titles: 'keep' }],
        review: { reviewer: 'reviewer-ann', approvedAt: new Date(STARTED + 13_000).toISOString() },
        steps: actions.length,
      });
      expect(manifest.tombstones).toEqual(['withdrawn-1']);
      expect(result.steps).toBe(actions.length);
    }
  });

  it('writes Cairn episodes, one line per step, and every frame as a decodable WebP', async () => {
    const { out } = results.get('cairn')!;
    const lines = jsonLines(join(out, 'episodes.jsonl'));
    expect(lines).toHaveLength(actions.length);
    expect(lines[0]).toMatchObject({ session: ID, index: 0, kind: 'click', frame: `frames/${ID}/1.webp` });
    for (const seq of [1, 2, 3, 4]) expect((await sharp(join(out, `frames/${ID}/${seq}.webp`)).metadata()).width).toBe(800);
  });

  it('writes pyautogui steps in AgentNet\'s traj layout and vocabulary, with normalised coordinates, leaving out with its reason the shift-drag AgentNet cannot spell', () => {
    const { out } = results.get('pyautogui')!;
    const [trajectory] = jsonLines(join(out, 'trajectories.jsonl')) as {
      task_id: string;
      traj: { index: number; image: string; value: { code: string }; cairn: Record<string, unknown> }[];
      cairn: { refused: { index: number; kind: string; reason: string }[] };
    }[];
    expect(trajectory!.task_id).toBe(ID);
    expect(trajectory!.cairn.refused).toEqual([{ index: 6, kind: 'drag', reason: expect.stringContaining('shift was held') }]);
    const code = new Map(trajectory!.traj.map((s) => [s.index, s.value.code]));
    expect(code.size).toBe(actions.length - 1);
    const check = spawnSync('python3', ['-c', 'import ast,json,sys\nfor i, c in enumerate(json.load(sys.stdin)):\n    try: ast.parse(c)\n    except SyntaxError as e: print(i, repr(c), e)'], { input: JSON.stringify([...code.values()]), encoding: 'utf8' });
    expect(check.status, check.stderr).toBe(0);
    expect(check.stdout).toBe('');
    expect(code.get(0)).toBe('pyautogui.click(x=0.2500, y=0.2500)');
    // Python's repr of the kept text: the redacted key stroke is left out, and counted.
    expect(code.get(1)).toBe(`pyautogui.write(message='It\\'s a \\\\ "test"é')`);
    expect(trajectory!.traj.find((s) => s.index === 1)!.cairn.redacted_keys).toBe(1);
    expect(code.get(3)).toBe("pyautogui.hotkey('ctrl', 's')");
    expect(code.get(5)).toBe('pyautogui.moveTo(x=0.5000, y=0.5833)\npyautogui.scroll(-3)');
    expect(code.get(7)).toBe('computer.wait()');
  });

  it('writes computer_13 actions that validate against the schema written from OSWorld\'s ACTION_SPACE', () => {
    const schema = loadSchema('computer13');
    const lines = jsonLines(join(results.get('computer13')!.out, 'computer13.jsonl'));
    expect(lines).toHaveLength(actions.length);
    for (const line of lines) for (const action of line.actions as unknown[]) expect(schemaErrors(schema, action)).toEqual([]);
    expect(lines[8]!.actions).toEqual([{ action_type: 'RIGHT_CLICK', parameters: { x: 500, y: 450 } }]);
  });

  it('writes Anthropic and OpenAI computer-use actions that validate against their schemas', () => {
    const { out } = results.get('computer-use')!;
    for (const [file, name] of [['anthropic', 'anthropic-computer'], ['openai', 'openai-computer']] as const) {
      const schema = loadSchema(name);
      const lines = jsonLines(join(out, `computer-use/${file}.jsonl`));
      expect(lines).toHaveLength(actions.length);
      for (const line of lines) for (const action of line.actions as unknown[]) expect(schemaErrors(schema, action), file).toEqual([]);
    }
    const anthropic = jsonLines(join(out, 'computer-use/anthropic.jsonl'));
    expect(anthropic[5]!.actions).toEqual([{ action: 'scroll', coordinate: [400, 350], scroll_direction: 'down', scroll_amount: 3 }]);
    const openai = jsonLines(join(out, 'computer-use/openai.jsonl'));
    expect(openai[3]!.actions).toEqual([{ type: 'keypress', keys: ['Control', 's'] }]);
    // Chromium's 120 px a notch, and the shift held through the drag stays with it.
    expect(openai[5]!.actions).toEqual([{ type: 'scroll', x: 400, y: 350, scroll_x: 0, scroll_y: 360 }]);
    expect(openai[6]!.actions).toEqual([expect.objectContaining({ type: 'drag', keys: ['Shift'] })]);
  });

  it('never types a redacted key stroke\'s placeholder in a runnable format: the kept text is typed, the redacted run is dropped', () => {
    const typed = (file: string, text: (a: Record<string, unknown>) => unknown) =>
      jsonLines(file).flatMap((line) => (line.actions as Record<string, unknown>[]).map(text)).filter((t) => typeof t === 'string') as string[];
    const runnable = [
      ...typed(join(results.get('computer13')!.out, 'computer13.jsonl'), (a) => (a.parameters as { text?: string } | undefined)?.text),
      ...typed(join(results.get('computer-use')!.out, 'computer-use/anthropic.jsonl'), (a) => a.text),
      ...typed(join(results.get('computer-use')!.out, 'computer-use/openai.jsonl'), (a) => a.text),
    ];
    expect(runnable).toContain(`It's a \\ "test"é`);
    expect(runnable.filter((t) => t.includes('\u2588'))).toEqual([]);
    const [trajectory] = jsonLines(join(results.get('pyautogui')!.out, 'trajectories.jsonl')) as { traj: { value: { code: string; action: string } }[] }[];
    const code = trajectory!.traj.map((s) => `${s.value.code}\n${s.value.action}`).join('\n');
    expect(code).not.toMatch(/\u2588|\\u2588/);
  });

  it('the schema check itself rejects malformed actions', () => {
    const schema = loadSchema('computer13');
    expect(schemaErrors(schema, { action_type: 'CLICK', parameters: { button: 'left', num_clicks: 4 } })).not.toEqual([]);
    expect(schemaErrors(schema, { action_type: 'PRESS', parameters: { key: 'Return' } })).not.toEqual([]);
    expect(schemaErrors(loadSchema('anthropic-computer'), { action: 'scroll', coordinate: [1, 2] })).not.toEqual([]);
  });

  it('writes Parquet that an independent reader reads back, one row per step, with images that decode', async () => {
    const { out, result } = results.get('hf')!;
    const shard = result.files.find((f) => f.endsWith('.parquet'))!;
    const file = new Uint8Array(readFileSync(join(out, shard))).buffer;
    const rows = (await parquetReadObjects({ file, utf8: false })) as Record<string, unknown>[];
    expect(rows).toHaveLength(actions.length);
    const text = (v: unknown) => (typeof v === 'string' ? v : new TextDecoder().decode(v as Uint8Array));
    expect(rows.map((r) => text(r.kind))).toEqual(actions.map((a) => a.kind));
    for (const row of rows) {
      const image = row.image as { bytes: Uint8Array; path: string };
      expect(image.bytes).toBeInstanceOf(Uint8Array);
      const meta = await sharp(image.bytes).metadata();
      expect([meta.format, meta.width, meta.height]).toEqual(['webp', 800, 600]);
    }
    const hf = parquetMetadata(file).key_value_metadata?.find((kv) => kv.key === 'huggingface');
    expect(JSON.parse(hf!.value!).info.features.image).toEqual({ _type: 'Image' });
    expect(readFileSync(join(out, 'README.md'), 'utf8')).toContain('path: data/train-*.parquet');
  });

  it('reports progress up to the number of steps', () => {
    for (const { progress } of results.values()) expect(progress.at(-1)).toEqual([actions.length, actions.length]);
  });
});
