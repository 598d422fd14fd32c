// A realistic session for the review tests, written straight into a real store: text typed key by
// key on the US layout (Shift presses and releases included), a window with a title, and real WebP
// frames with a distinctive colour patch. Also the exact bytes SQLite stores for a key event, so a
// test can look for them in every file.
import sharp from 'sharp';
import { createHash } from 'node:crypto';
import { BUILTIN_US_LAYOUT } from '../../src/shared/keyboard-layout.ts';
import { applyAction } from '../../src/store/session-repo.ts';
import type { Store } from '../../src/store/store.ts';
import { type EventRow, type FrameRow, writeBatch } from '../../src/store/write-batch.ts';
import { createSeedSession } from '../helpers/seed-session.ts';
import { keycodesOf } from '../helpers/typing.ts';

export const SECRET = 'AKIAIOSFODNN7EXAMPLE';
export const PATCH = { x: 40, y: 30, width: 64, height: 24 };
const SHIFT = 42;

/** Key events typing `text`: Shift around capitals, every t ends in .5 (an integral REAL would be stored as an integer). */
export function typingEvents(text: string, firstSeq: number, firstT: number): EventRow[] {
  const rows: EventRow[] = [];
  let seq = firstSeq;
  let t = firstT;
  const push = (kind: 'key-down' | 'key-up', keycode: number, mods: number) => rows.push({ seq: seq++, t: (t += 31), kind, windowSeq: 1, keycode, mods });
  const codes = keycodesOf(text);
  Array.from(text).forEach((ch, i) => {
    const shifted = ch !== ch.toLowerCase() || '!@#$%^&*()_+{}|:"~<>?'.includes(ch);
    if (shifted) push('key-down', SHIFT, 1);
    push('key-down', codes[i]!, shifted ? 1 : 0);
    push('key-up', codes[i]!, shifted ? 1 : 0);
    if (shifted) push('key-up', SHIFT, 0);
  });
  return rows;
}

/** A frame with a noisy background and a patch of random colours at PATCH, losslessly encoded. */
export async function patchedFrame(seq: number, t: number, seed: number): Promise<{ row: FrameRow; patchPixels: Buffer }> {
  const width = 320;
  const height = 200;
  const raw = Buffer.alloc(width * height * 3);
  let s = seed;
  const rand = () => ((s = (s * 1103515245 + 12345) >>> 0) >>> 16) & 0xff;
  for (let i = 0; i < raw.length; i += 3) raw[i] = raw[i + 1] = raw[i + 2] = 200 + (rand() % 16);
  const patchPixels = Buffer.alloc(PATCH.width * PATCH.height * 3);
  for (let y = 0; y < PATCH.height; y++) {
    for (let x = 0; x < PATCH.width; x++) {
      const o = ((PATCH.y + y) * width + PATCH.x + x) * 3;
      for (let c = 0; c < 3; c++) raw[o + c] = patchPixels[(y * PATCH.width + x) * 3 + c] = 1 + (rand() % 254);
    }
  }
  const bytes = await sharp(raw, { raw: { width, height, channels: 3 } }).webp({ lossless: true }).toBuffer();
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  return { row: { seq, t, windowSeq: 1, reason: 'typing', width, height, format: 'webp', sha256, bytes }, patchPixels };
}

export interface ReviewSession {
  id: string;
  secretSeqs: { fromSeq: number; toSeq: number };
  events: EventRow[];
  frames: FrameRow[];
}

/** A recorded session: "hello " then SECRET then " bye" typed in an xterm titled `title`, and two frames. */
export async function seedReviewSession(store: Store, id: string, options: { title?: string; state?: 'recorded' | 'submitted' } = {}): Promise<ReviewSession> {
  const startedAt = Date.now() - 120_000;
  createSeedSession(store, { id, startedAt, layout: BUILTIN_US_LAYOUT });
  const before = typingEvents('hello ', 1, 100.5);
  const secret = typingEvents(SECRET, before.length + 1, 2000.5);
  const after = typingEvents(' bye', before.length + secret.length + 1, 9000.5);
  const events = [...before, ...secret, ...after];
  const frames = [(await patchedFrame(1, 1500.5, 7)).row, (await patchedFrame(2, 8000.5, 11)).row];
  writeBatch(store, id, {
    windows: [{ seq: 1, t: 0, app: 'XTerm', title: options.title ?? 'bash', x: 0, y: 0, width: 320, height: 200 }],
    events,
    frames,
    at: startedAt + 12_000,
  });
  applyAction(store, id, 'stop', { actor: 'contributor', at: startedAt + 12_000 });
  if (options.state === 'submitted') applyAction(store, id, 'submit', { actor: 'contributor' });
  const downs = secret.filter((e) => e.kind === 'key-down' && e.keycode !== SHIFT);
  return { id, secretSeqs: { fromSeq: downs[0]!.seq, toSeq: downs.at(-1)!.seq }, events, frames };
}

/** The bytes SQLite writes for a key event's record from its time on: t, the kind, then the key
 *  code (window 1, null mouse fields and mods 0/1 take no bytes). A REAL with no fractional part is
 *  written as the smallest integer that holds it; 0 and 1 take no bytes, so no marker then. */
export function keyRecordTail(e: { t: number; kind: string; keycode?: number | null }): Buffer | undefined {
  if (e.keycode === null || e.keycode === undefined || e.keycode > 127 || e.t === 0 || e.t === 1) return undefined;
  let t: Buffer;
  if (!Number.isInteger(e.t)) {
    t = Buffer.alloc(8);
    t.writeDoubleBE(e.t);
  } else {
    const size = [1, 2, 3, 4, 6].find((n) => Math.abs(e.t) < 2 ** (8 * n - 1)) ?? 8;
    t = Buffer.alloc(size);
    if (size === 8) t.writeBigInt64BE(BigInt(e.t));
    else t.writeIntBE(e.t, 0, size);
  }
  return Buffer.concat([t, Buffer.from(e.kind, 'latin1'), Buffer.from([e.keycode])]);
}
