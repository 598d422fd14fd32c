// A submitted session written straight into a real store for the review tests: frames with a
// magenta patch (to black out) and typed text holding a fake secret (to redact), plus clicks.
import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { BUILTIN_US_LAYOUT } from '../../src/shared/keyboard-layout.ts';
import { createSeedSession } from '../helpers/seed-session.ts';
import { openStore } from '../../src/store/open-store.ts';
import { applyAction } from '../../src/store/session-repo.ts';
import { MOD_SHIFT } from '../../src/shared/modifiers.ts';
import { type EventRow, type FrameRow, writeBatch } from '../../src/store/write-batch.ts';

export const FRAME = { width: 640, height: 400 };
/** Where the magenta patch sits on every frame, in frame pixels. */
export const PATCH = { x: 220, y: 140, width: 120, height: 70 };
export const MAGENTA = { r: 255, g: 0, b: 255 };

export interface SeededReview {
  id: string;
  /** Seqs of the key-downs that typed `secret`, and of every key event between them. */
  secretSeqs: { from: number; to: number };
}

const keyOf = new Map<string, { code: number; shift: boolean }>();
for (const [code, [plain, shifted]] of Object.entries(BUILTIN_US_LAYOUT.keys)) {
  if (plain && !keyOf.has(plain)) keyOf.set(plain, { code: Number(code), shift: false });
  if (shifted && !keyOf.has(shifted)) keyOf.set(shifted, { code: Number(code), shift: true });
}

async function frameBytes(background: string): Promise<Buffer> {
  const { width, height } = FRAME;
  const patch = await sharp({ create: { width: PATCH.width, height: PATCH.height, channels: 3, background: MAGENTA } }).png().toBuffer();
  const bar = await sharp({ create: { width, height: 36, channels: 3, background: '#2f5d8a' } }).png().toBuffer();
  return sharp({ create: { width, height, channels: 3, background } })
    .composite([{ input: bar, left: 0, top: 0 }, { input: patch, left: PATCH.x, top: PATCH.y }])
    .webp({ lossless: true })
    .toBuffer();
}

/** Writes a session typing `before + secret + after` and leaves it in `state`. */
export async function seedReviewSession(
  dataDir: string,
  o: { id: string; before: string; secret: string; after: string; state: 'submitted' | 'recorded'; startedAt?: number },
): Promise<SeededReview> {
  const store = openStore(dataDir);
  try {
    const startedAt = o.startedAt ?? Date.now() - 120_000;
    createSeedSession(store, { id: o.id, startedAt, layout: BUILTIN_US_LAYOUT });
    const events: EventRow[] = [];
    let seq = 0;
    let t = 100;
    const click = (x: number, y: number) => {
      events.push({ seq: ++seq, t: (t += 40), kind: 'mouse-down', windowSeq: 1, x, y, button: 1, clicks: 1, mods: 0 });
      events.push({ seq: ++seq, t: (t += 60), kind: 'mouse-up', windowSeq: 1, x, y, button: 1, clicks: 1, mods: 0 });
    };
    const type = (text: string) => {
      const from = seq + 1;
      for (const ch of text) {
        const key = keyOf.get(ch);
        if (!key) throw new Error(`no key types ${JSON.stringify(ch)} on a US keyboard`);
        const mods = key.shift ? MOD_SHIFT : 0;
        events.push({ seq: ++seq, t: (t += 30), kind: 'key-down', windowSeq: 1, keycode: key.code, mods });
        events.push({ seq: ++seq, t: (t += 30), kind: 'key-up', windowSeq: 1, keycode: key.code, mods });
      }
      return { from, to: seq };
    };
    click(150, 90);
    type(o.before);
    const secretSeqs = type(o.secret);
    click(420, 300);
    type(o.after);
    const colours = ['#1d2733', '#22303f', '#263545'];
    const frames: FrameRow[] = [];
    for (let i = 0; i < colours.length; i++) {
      const bytes = await frameBytes(colours[i]!);
      frames.push({ seq: i + 1, t: i === 0 ? 50 : Math.round((t * i) / colours.length), windowSeq: 1, reason: i === 0 ? 'focus' : 'typing', ...FRAME, format: 'webp', sha256: createHash('sha256').update(bytes).digest('hex'), bytes });
    }
    writeBatch(store, o.id, {
      windows: [{ seq: 1, t: 0, app: 'XTerm', title: 'notes — XTerm', x: 0, y: 0, ...FRAME }],
      events,
      frames,
      at: startedAt + 10_000,
    });
    applyAction(store, o.id, 'stop', { actor: 'contributor', at: startedAt + 10_000 });
    if (o.state === 'submitted') applyAction(store, o.id, 'submit', { actor: 'contributor', at: startedAt + 20_000 });
    return { id: o.id, secretSeqs: { from: secretSeqs.from, to: secretSeqs.to } };
  } finally {
    store.close();
  }
}
