// Forensics of redaction under a real X server: `cairn record` captures a fake AWS key typed into an
// xterm and echoed on its screen; `cairn redact --auto` (detectors on the typed text, OCR on the
// frames) and `cairn redact --box` (the box of every text pixel, computed here) destroy it; then every
// byte of every file under the data folder is searched for the key, for the stored records of its
// key events, and for the old encoded frames, and each redacted box must be pure black.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isModifierKey } from '../../src/shared/modifiers.ts';
import { type CliResult, runCairn, startRecording } from '../helpers/cli.ts';
import { readyToRecord } from '../helpers/ready-to-record.ts';
import { filesContaining } from '../helpers/disk-bytes.ts';
import { keycodesOf, sleep } from '../helpers/typing.ts';
import { type XvfbDisplay, startXvfb, xdotool, xvfbMissingReason } from '../helpers/xvfb.ts';
import { keyRecordTail } from '../helpers/seed-review.ts';

const missing = xvfbMissingReason();
if (missing) console.warn(`Skipping the redaction forensics test: ${missing}.`);

const SECRET = 'AKIAIOSFODNN7EXAMPLE';

interface Box { x: number; y: number; width: number; height: number }
interface StoredFrame { seq: number; bytes: Buffer }
interface KeyEvent { seq: number; t: number; kind: string; keycode: number | null }

describe.skipIf(missing !== null)('redaction forensics under Xvfb', () => {
  let x: XvfbDisplay;
  let term: ChildProcess;
  let windowId: string;
  let dataDir: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    x = await startXvfb({ width: 1024, height: 640 });
    term = spawn('xterm', ['-class', 'ForensicTerm', '-fa', 'Monospace', '-fs', '20', '-bg', 'white', '-fg', '#1030c0', '-geometry', '60x8+0+0', '-e', 'sh'], { env: x.env, stdio: 'ignore' });
    windowId = (await xdotool(x.env, 'search', '--sync', '--onlyvisible', '--class', 'ForensicTerm')).trim().split('\n')[0]!;
    dataDir = mkdtempSync(join(tmpdir(), 'cairn-forensics-'));
    env = { ...x.env, CAIRN_DATA_DIR: dataDir, PS1: '$ ' };
    readyToRecord(dataDir, [{ app: 'ForensicTerm', screens: 'on' }]);
  }, 60_000);

  afterAll(async () => {
    term?.kill('SIGKILL');
    await x?.stop();
  });

  async function cli(args: string[]): Promise<CliResult> {
    const result = await runCairn(args, env);
    if (result.code !== 0) throw new Error(`cairn ${args.join(' ')} failed (${result.code}): ${result.stderr}`);
    return result;
  }

  function readDb<T>(fn: (db: Database.Database) => T): T {
    const db = new Database(join(dataDir, 'cairn.db'), { readonly: true });
    try {
      return fn(db);
    } finally {
      db.close();
    }
  }

  it('leaves no trace of a typed and displayed key after redact --auto and --box', async () => {
    await xdotool(x.env, 'windowactivate', '--sync', windowId);
    const rec = await startRecording(['--frame-period', '2'], env);
    await sleep(700);
    await xdotool(x.env, 'windowactivate', '--sync', windowId);
    await xdotool(x.env, 'type', '--delay', '40', `echo ${SECRET}`);
    await xdotool(x.env, 'key', 'Return');
    await sleep(2600);
    expect((await rec.stop('SIGINT')).code).toBe(0);
    const id = rec.sessionId;

    // Before: the key is in the typed text, its key events are on disk, and frames show it.
    const before = JSON.parse((await cli(['show', id, '--json'])).stdout);
    const run = before.typedText.find((r: { text: string }) => r.text.includes(SECRET));
    expect(run, JSON.stringify(before.typedText)).toBeDefined();
    const at = run.text.indexOf(SECRET);
    const [fromSeq, toSeq] = [run.seqs[at], run.seqs[at + SECRET.length - 1]];
    const keyEvents = readDb((db) => db.prepare(`SELECT seq, t, kind, keycode FROM events WHERE session_id = ? AND kind IN ('key-down', 'key-up') ORDER BY seq`).all(id) as KeyEvent[]);
    const secretEvents = keyEvents.filter((e) => e.seq >= fromSeq && e.seq <= toSeq);
    const tails = secretEvents.map(keyRecordTail).filter((t): t is Buffer => t !== undefined);
    expect(tails.length).toBeGreaterThan(SECRET.length);
    expect(tails.every((t) => filesContaining(dataDir, t).length > 0)).toBe(true);
    const framesBefore = readDb((db) => db.prepare('SELECT seq, bytes FROM frames WHERE session_id = ? ORDER BY seq').all(id) as StoredFrame[]);
    const boxes = new Map<number, Box>();
    for (const f of framesBefore) {
      const box = await textBox(f.bytes);
      if (box) boxes.set(f.seq, box);
    }
    expect(boxes.size, 'frames showing text').toBeGreaterThan(0);
    // The marker works: slices of the encoded frames are on disk before redaction.
    for (const f of framesBefore) for (const slice of distinctSlices(f.bytes)) expect(filesContaining(dataDir, slice).length).toBeGreaterThan(0);

    // Redact: detectors and OCR first, then the box of every text pixel on every frame.
    const auto = await cli(['redact', id, '--auto']);
    const afterAuto = JSON.parse((await cli(['show', id, '--json'])).stdout);
    const ocrFindings = afterAuto.findings.filter((f: { source: string }) => f.source === 'frame');
    console.log(`redact --auto: ${auto.stdout.trim()} (${ocrFindings.length} frame finding(s) from OCR on ${framesBefore.length} frames)`);
    expect(afterAuto.findings.some((f: { source: string; status: string }) => f.source === 'text' && f.status === 'redacted')).toBe(true);
    for (const [seq, b] of boxes) await cli(['redact', id, '--box', `${seq}:${b.x},${b.y},${b.width},${b.height}`]);

    // After: the typed text shows placeholders, and nothing of the key is in any byte of any file.
    const after = JSON.parse((await cli(['show', id, '--json'])).stdout);
    const text = after.typedText.map((r: { text: string }) => r.text).join('\n');
    expect(text).not.toContain('AKIA');
    expect(text).toContain('█'.repeat(SECRET.length));
    expect(filesContaining(dataDir, SECRET)).toEqual([]);
    expect(filesContaining(dataDir, 'IOSFODNN7')).toEqual([]);
    for (const tail of tails) expect(filesContaining(dataDir, tail)).toEqual([]);
    const codes = readDb((db) => db.prepare(`SELECT keycode FROM events WHERE session_id = ? AND kind = 'key-down' ORDER BY seq`).pluck().all(id) as (number | null)[]);
    const order = codes.filter((c): c is number => c !== null && !isModifierKey(c)).join(',');
    expect(order).not.toContain(keycodesOf('IOSFODNN').join(','));
    expect(order).toContain(keycodesOf('echo').join(','));

    const framesAfter = new Map(readDb((db) => db.prepare('SELECT seq, bytes FROM frames WHERE session_id = ?').all(id) as StoredFrame[]).map((f) => [f.seq, f.bytes]));
    for (const old of framesBefore) {
      const box = boxes.get(old.seq);
      if (!box) continue;
      const { data, info } = await sharp(framesAfter.get(old.seq)!).removeAlpha().raw().toBuffer({ resolveWithObject: true });
      for (let y = box.y; y < box.y + box.height; y++) {
        for (let xx = box.x; xx < box.x + box.width; xx++) {
          const o = (y * info.width + xx) * 3;
          if (data[o] || data[o + 1] || data[o + 2]) throw new Error(`frame ${old.seq}: pixel ${xx},${y} in the redacted box is not black`);
        }
      }
      for (const slice of distinctSlices(old.bytes)) expect(filesContaining(dataDir, slice), `frame ${old.seq}: old encoded bytes`).toEqual([]);
    }
  }, 180_000);
});

/** The bounding box of every text pixel (the foreground colour, anti-aliased or not) on a frame. */
async function textBox(bytes: Buffer): Promise<Box | undefined> {
  const { data, info } = await sharp(bytes).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  let [left, top, right, bottom] = [Infinity, Infinity, -1, -1];
  for (let y = 0; y < info.height; y++) {
    for (let x = 0; x < info.width; x++) {
      const o = (y * info.width + x) * 3;
      const [r, g, b] = [data[o]!, data[o + 1]!, data[o + 2]!];
      // White is the background; the foreground is blue (b well above r and g), pure black is a box.
      const text = b - r > 40 && b - g > 20 && !(r === 0 && g === 0 && b === 0);
      if (!text) continue;
      left = Math.min(left, x);
      top = Math.min(top, y);
      right = Math.max(right, x);
      bottom = Math.max(bottom, y);
    }
  }
  if (right < 0) return undefined;
  const pad = 4;
  const x = Math.max(0, left - pad);
  const y = Math.max(0, top - pad);
  return { x, y, width: Math.min(info.width, right + pad + 1) - x, height: Math.min(info.height, bottom + pad + 1) - y };
}

/** Up to three 64-byte slices of an encoded image that could only come from it. Lossless WebP of a
 *  mostly blank screen is mostly zero bytes, which every file has, so each slice must be varied;
 *  the first 32 bytes (RIFF header, size, dimensions) are skipped. */
function distinctSlices(bytes: Buffer): Buffer[] {
  const slices: Buffer[] = [];
  for (let start = 32; start + 64 <= bytes.length && slices.length < 3; start += 8) {
    const slice = bytes.subarray(start, start + 64);
    if (new Set(slice).size < 24) continue;
    slices.push(slice);
    start += 56;
  }
  if (slices.length === 0) throw new Error('no varied 64-byte slice in a frame');
  return slices;
}
