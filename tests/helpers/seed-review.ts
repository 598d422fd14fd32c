// The one seeded session with a secret, written straight into a real store, for every test of
// review, redaction, bundles, exports and the hosts: a click, then `before`, SECRET and `after` typed
// key by key on the US layout (Shift presses included, every t ending in .5 so SQLite stores it as a
// REAL), another click, and real lossless WebP frames of the window, each with a patch of random
// colours at PATCH on a plain background. Options add what some tests need on top: events of every
// kind in a second window, a drag and a scroll, a task, traces of an earlier review, and the state to
// leave it in (through the one state machine). `keyRecordTail` gives the bytes SQLite stores for a key event, so a test can
// look for them in every file.
import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { blackOutBox } from '../../src/review/redaction/black-out-box.ts';
import { scanSession } from '../../src/review/scan-session.ts';
import { setSessionTask } from '../../src/review/session-task.ts';
import { BUILTIN_US_LAYOUT } from '../../src/shared/keyboard-layout.ts';
import { MOD_SHIFT } from '../../src/shared/modifiers.ts';
import { addFindings, listFindings, markWaived } from '../../src/store/findings-repo.ts';
import { openStore } from '../../src/store/open-store.ts';
import { applyAction } from '../../src/store/session-repo.ts';
import type { Store } from '../../src/store/store.ts';
import { type EventRow, type FrameRow, writeBatch } from '../../src/store/write-batch.ts';
import { createSeedSession } from './seed-session.ts';
import { keycodesOf } from './typing.ts';
import { webpOfAbout } from './webp.ts';

export const SECRET = 'AKIAIOSFODNN7EXAMPLE';
/** Typing with no secret in it, for a session that a detector (the team service's own) must pass. */
export const NO_SECRET = { before: 'hello ', secret: 'there', after: ' bye' };
/** Every frame's size, which is the window's too. */
export const FRAME = { width: 320, height: 200 };
/** Where the patch of random colours sits on every frame, in frame pixels. */
export const PATCH = { x: 40, y: 30, width: 64, height: 24 };
/** The plain background around the patch (grey, all channels). */
export const BACKGROUND = 208;
const SHIFT_KEY = 42;

export interface ReviewSeed {
  id: string;
  /** Where the session is left; submitted and approved go through the state machine. */
  state: 'recorded' | 'submitted' | 'approved';
  startedAt?: number;
  /** The window's title ("bash" unless given). */
  title?: string;
  /** What is typed, in three parts: `secret` is the one to redact ('hello ', SECRET, ' bye'). */
  typed?: { before: string; secret: string; after: string };
  /** Frames, 2 unless given: the first at 1.5 s, then one every 6.5 s. */
  frames?: number;
  /** Bulk instead of a patch: each frame a WebP of random pixels of about this many bytes (written
   *  without sharp, so hundreds are quick), for tests that need a long export. */
  frameBytes?: number;
  /** This many more events of every kind (all six kinds, mods and wheel axes) in a second window
   *  whose title is not kept: what a bundle or an export has to carry faithfully. */
  otherEvents?: number;
  /** The session lasts this long (ms), with the other events and the frames spread evenly over it:
   *  an hour of recording at human rates for the load benchmark. Default: 12 s, events every 7.25 ms. */
  spanMs?: number;
  /** Traces of an earlier review: the patch of the last frame blacked out, the typed text scanned
   *  with every finding waived (so a rescan before approval finds nothing new), and a reviewer's
   *  finding on the first frame's patch, waived too or left open. */
  findings?: 'waived' | 'one-open';
  /** The task the session demonstrates, named before it is submitted (scanned like any task). */
  task?: string;
  /** After the second click, a drag (press, three moves, release) from about 15 s and three wheel
   *  notches down from about 21.5 s, both in window 1: every kind of pointer step an export derives. */
  gestures?: boolean;
}

export interface SeededReview {
  id: string;
  /** The first and last key-down that typed the secret (Shift presses and key-ups lie between). */
  secretSeqs: { fromSeq: number; toSeq: number };
  events: EventRow[];
  frames: FrameRow[];
}

/** Writes the session into `where` (a data folder, or a store already open) and answers what it wrote. */
export async function seedReviewSession(where: string | Store, o: ReviewSeed): Promise<SeededReview> {
  const store = typeof where === 'string' ? openStore(where) : where;
  try {
    return await seed(store, o);
  } finally {
    if (typeof where === 'string') store.close();
  }
}

async function seed(store: Store, o: ReviewSeed): Promise<SeededReview> {
  const startedAt = o.startedAt ?? Date.now() - 120_000;
  const { before, secret, after } = o.typed ?? { before: 'hello ', secret: SECRET, after: ' bye' };
  // The contributor's consent receipt ('c'…), unlike the 'a'… of a store's own recordings, so a bundle
  // test can tell the receipt that travelled from the consent in force on the reviewer's machine.
  createSeedSession(store, { id: o.id, startedAt, layout: BUILTIN_US_LAYOUT, consentSha: 'c'.repeat(64), clockOrigin: 1234.5 });

  // Each part starts at its usual moment (the secret at 2 s, `after` at 9 s) or right after the one before.
  const events: EventRow[] = click(1, 10.5, 150, 90);
  const typeFrom = (text: string, at: number) => {
    const rows = typingEvents(text, events.length + 1, Math.max(at, events.at(-1)!.t + 100));
    events.push(...rows);
    return rows;
  };
  typeFrom(before, 100.5);
  const secretRows = typeFrom(secret, 2000.5);
  typeFrom(after, 9000.5);
  events.push(...click(events.length + 1, events.at(-1)!.t + 200, 250, 150));
  if (o.gestures) {
    events.push(...drag(events.length + 1, Math.max(events.at(-1)!.t + 300, 15000.5), [[60, 150], [120, 160], [180, 170], [200, 170]]));
    events.push(...wheel(events.length + 1, Math.max(events.at(-1)!.t + 300, 21500.5), 160, 100, 3));
  }
  const otherAt = events.at(-1)!.t + 500;
  const eventGap = o.spanMs && o.otherEvents ? (o.spanMs - otherAt - 1000) / o.otherEvents : 7.25;
  for (let i = 0; i < (o.otherEvents ?? 0); i++) events.push(otherEvent(events.length + 1, otherAt + i * eventGap, i));

  // 12 s, or a moment after the gestures, so that no step lies after the session's end.
  const endMs = o.spanMs ?? (o.gestures ? Math.max(12_000, Math.ceil(events.at(-1)!.t) + 500) : 12_000);
  const frameGap = o.spanMs && o.frames ? (o.spanMs - 2000) / o.frames : 6500;
  const frames: FrameRow[] = [];
  for (let i = 0; i < (o.frames ?? 2); i++) {
    const [seq, t] = [i + 1, 1500.5 + i * frameGap];
    frames.push(o.frameBytes ? bulkFrame(seq, t, o.frameBytes) : await patchedFrame(seq, t, `${o.id}/${i}`));
  }
  writeBatch(store, o.id, {
    windows: [
      { seq: 1, t: 0, app: 'XTerm', title: o.title ?? 'bash', x: 0, y: 0, ...FRAME },
      ...(o.otherEvents ? [{ seq: 2, t: otherAt, app: 'XTerm', title: null, x: 10, y: 20, width: 640, height: 400 }] : []),
    ],
    events,
    frames,
    dropped: { 'app-denied': 3, 'focus-stale': 1 },
    at: startedAt + endMs,
  });
  applyAction(store, o.id, 'stop', { actor: 'contributor', at: startedAt + endMs });

  const downs = secretRows.filter((e) => e.kind === 'key-down' && e.keycode !== SHIFT_KEY);
  const secretSeqs = { fromSeq: downs[0]!.seq, toSeq: downs.at(-1)!.seq };
  // A bulk frame is a narrow strip: its traces sit in its corner rather than at PATCH.
  const box = o.frameBytes ? { x: 0, y: 0, width: 8, height: 8 } : PATCH;
  if (o.findings) await reviewTraces(store, o.id, frames.length, box, o.findings, startedAt);
  if (o.task !== undefined) await setSessionTask(store, o.id, o.task, { actor: 'contributor', at: startedAt + 88_000 });
  if (o.state !== 'recorded') applyAction(store, o.id, 'submit', { actor: 'contributor', at: startedAt + 90_000 });
  if (o.state === 'approved') applyAction(store, o.id, 'approve', { actor: 'reviewer', at: startedAt + 100_000 });
  return { id: o.id, secretSeqs, events, frames };
}

async function reviewTraces(store: Store, id: string, frames: number, box: typeof PATCH, findings: 'waived' | 'one-open', startedAt: number): Promise<void> {
  if (frames > 0) await blackOutBox(store, id, frames, box, { reason: 'a name', at: startedAt + 70_000 });
  for (const found of await scanSession(store, id, { frames: false })) markWaived(store, found.id, 'made up for a test', startedAt + 80_000);
  if (frames === 0) return;
  addFindings(store, id, [{ source: 'frame', detector: 'card', preview: '•••• 4242', location: { frameSeq: 1, box } }], 'reviewer', startedAt + 85_000);
  const card = listFindings(store, id, 'open')[0]!;
  if (findings === 'waived') markWaived(store, card.id, 'a test card', startedAt + 86_000);
}

function click(seq: number, t: number, x: number, y: number): EventRow[] {
  return [
    { seq, t, kind: 'mouse-down', windowSeq: 1, x, y, button: 1, clicks: 1, mods: 0 },
    { seq: seq + 1, t: t + 60, kind: 'mouse-up', windowSeq: 1, x, y, button: 1, clicks: 1, mods: 0 },
  ];
}

/** A left-button drag through `points` (press at the first, release at the last), 40 ms apart. */
function drag(seq: number, t: number, points: [number, number][]): EventRow[] {
  return points.map(([x, y], i) => {
    const kind = i === 0 ? 'mouse-down' : i === points.length - 1 ? 'mouse-up' : 'mouse-move';
    return { seq: seq + i, t: t + i * 40, kind, windowSeq: 1, x, y, ...(kind === 'mouse-move' ? {} : { button: 1, clicks: 1 }), mods: 0 };
  });
}

/** `notches` wheel notches down at (x, y), 50 ms apart. */
function wheel(seq: number, t: number, x: number, y: number, notches: number): EventRow[] {
  return Array.from({ length: notches }, (_, i) => ({ seq: seq + i, t: t + i * 50, kind: 'wheel' as const, windowSeq: 1, x, y, rotation: 1, axis: 'vertical' as const, mods: 0 }));
}

/** Key events typing `text` in window 1 from seq `firstSeq` and time `firstT`: Shift pressed around
 *  capitals and shifted symbols, one event every 31 ms. */
export function typingEvents(text: string, firstSeq: number, firstT: number): EventRow[] {
  const rows: EventRow[] = [];
  let seq = firstSeq;
  let t = firstT - 31;
  const push = (kind: 'key-down' | 'key-up', keycode: number, mods: number) => rows.push({ seq: seq++, t: (t += 31), kind, windowSeq: 1, keycode, mods });
  const codes = keycodesOf(text);
  Array.from(text).forEach((ch, i) => {
    const shifted = BUILTIN_US_LAYOUT.keys[String(codes[i])]?.[0] !== ch;
    if (shifted) push('key-down', SHIFT_KEY, MOD_SHIFT);
    push('key-down', codes[i]!, shifted ? MOD_SHIFT : 0);
    push('key-up', codes[i]!, shifted ? MOD_SHIFT : 0);
    if (shifted) push('key-up', SHIFT_KEY, 0);
  });
  return rows;
}

const KINDS = ['key-down', 'key-up', 'mouse-down', 'mouse-up', 'mouse-move', 'wheel'] as const;

/** One of the second window's events: every kind in turn, with all modifier masks and both wheel axes. */
function otherEvent(seq: number, t: number, i: number): EventRow {
  const kind = KINDS[i % KINDS.length]!;
  const at = t + (i % 3) / 3; // not only halves: any fraction must survive as a REAL
  if (kind === 'key-down' || kind === 'key-up') return { seq, t: at, kind, windowSeq: 2, keycode: 30 + (i % 20), mods: i % 16 };
  if (kind === 'wheel') return { seq, t: at, kind, windowSeq: 2, x: 100 + (i % 300), y: 200, rotation: i % 2 ? 1 : -1, axis: i % 4 ? 'vertical' : 'horizontal', mods: 0 };
  if (kind === 'mouse-move') return { seq, t: at, kind, windowSeq: 2, x: i % 640, y: (i * 3) % 400, mods: 0 };
  return { seq, t: at, kind, windowSeq: 2, x: 50 + (i % 500), y: 60 + (i % 300), button: 1 + (i % 3), clicks: 1 + (i % 2), mods: 0 };
}

const REASONS = ['focus', 'typing', 'click', 'periodic'] as const;

/** A frame: the plain background with a patch of colours drawn from `seed`, losslessly encoded. */
async function patchedFrame(seq: number, t: number, seed: string): Promise<FrameRow> {
  const { width, height } = FRAME;
  const raw = Buffer.alloc(width * height * 3, BACKGROUND);
  const random = createHash('sha256').update(seed).digest();
  let s = random.readUInt32LE(0);
  const next = () => ((s = (s * 1103515245 + 12345) >>> 0) >>> 16) & 0xff;
  for (let y = 0; y < PATCH.height; y++) {
    for (let x = 0; x < PATCH.width; x++) {
      const o = ((PATCH.y + y) * width + PATCH.x + x) * 3;
      // 1..254: never the background, never pure black (what a black-out writes).
      for (let c = 0; c < 3; c++) raw[o + c] = 1 + (next() % 254);
    }
  }
  const bytes = await sharp(raw, { raw: { width, height, channels: 3 } }).webp({ lossless: true }).toBuffer();
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  return { seq, t, windowSeq: 1, reason: REASONS[(seq - 1) % REASONS.length]!, width, height, format: 'webp', sha256, bytes };
}

function bulkFrame(seq: number, t: number, bytes: number): FrameRow {
  const image = webpOfAbout(bytes);
  const sha256 = createHash('sha256').update(image.bytes).digest('hex');
  return { seq, t, windowSeq: 1, reason: REASONS[(seq - 1) % REASONS.length]!, width: image.width, height: image.height, format: 'webp', sha256, bytes: image.bytes };
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
