// A session as the observation ring records one, written straight into a real store: four steps (a
// click on a button, typing into a field, a scroll, a click), each with a `before` frame read 40 ms
// before it and an `after` frame read once it settled, and the elements acted on (the button, the
// field) with a window tree at the first observation. The frames draw the page's state: a bar that
// changes colour with every step done, so a frame after step i shows the state a frame before step
// i + 1 shows, and never the one before step i. For exports, bundles and the scrubber's after view.
import { createHash } from 'node:crypto';
import sharp from 'sharp';
import type { ElementInfo, ElementRow } from '../../src/core/element-info.ts';
import { BUILTIN_US_LAYOUT } from '../../src/shared/keyboard-layout.ts';
import { openStore } from '../../src/store/open-store.ts';
import { applyAction } from '../../src/store/session-repo.ts';
import type { Store } from '../../src/store/store.ts';
import { type EventRow, type FrameRow, writeBatch } from '../../src/store/write-batch.ts';
import { createSeedSession } from './seed-session.ts';
import { typingEvents } from './seed-review.ts';

export const OBSERVED_FRAME = { width: 240, height: 160 };
/** The bar's colour after each number of steps done (0..4). */
export const STATE_COLOURS: readonly [number, number, number][] = [
  [200, 40, 40],
  [40, 170, 60],
  [40, 80, 200],
  [220, 180, 30],
  [150, 50, 170],
];
/** Where the bar sits on every frame. */
export const BAR = { x: 20, y: 100, width: 200, height: 40 };

export interface ObservedSeed {
  id: string;
  state: 'recorded' | 'submitted' | 'approved';
  startedAt?: number;
  /** The name of the button the first click acts on ('Save' unless given): a secret here is found
   *  by the detectors like any screen text. */
  buttonName?: string;
}

export interface SeededObservation {
  id: string;
  events: EventRow[];
  frames: FrameRow[];
  elements: ElementRow[];
  /** Each step's before and after frame seq, in step order. */
  steps: { before: number; after: number }[];
}

const element = (role: string, name: string | null, index: number): ElementInfo => ({
  source: 'atspi',
  role,
  name,
  states: ['enabled', 'showing'],
  bounds: { x: 40, y: 30 + index * 20, width: 80, height: 18 },
  path: [{ role: 'frame', index: 0 }, { role, index }],
  password: false,
});

export async function seedObservedSession(where: string | Store, o: ObservedSeed): Promise<SeededObservation> {
  const store = typeof where === 'string' ? openStore(where) : where;
  try {
    return await seed(store, o);
  } finally {
    if (typeof where === 'string') store.close();
  }
}

async function seed(store: Store, o: ObservedSeed): Promise<SeededObservation> {
  const startedAt = o.startedAt ?? Date.now() - 60_000;
  createSeedSession(store, { id: o.id, startedAt, layout: BUILTIN_US_LAYOUT, consentSha: 'c'.repeat(64) });
  const events: EventRow[] = [];
  // Seqs are given as each group is stored.
  const click = (t: number, x: number, y: number): EventRow[] => [
    { seq: 0, t, kind: 'mouse-down', windowSeq: 1, x, y, button: 1, clicks: 1, mods: 0 },
    { seq: 0, t: t + 60, kind: 'mouse-up', windowSeq: 1, x, y, button: 1, clicks: 1, mods: 0 },
  ];
  const wheel = (t: number): EventRow[] => [0, 1].map((i) => ({ seq: 0, t: t + i * 50, kind: 'wheel', windowSeq: 1, x: 120, y: 80, rotation: 1, axis: 'vertical', mods: 0 }));
  // Step 0: the button; step 1: typing into the field; step 2: a scroll; step 3: another click.
  const groups = [click(1000.5, 60, 40), typingEvents('hi', 0, 2000.5), wheel(3000.5), click(4000.5, 180, 120)];
  const frames: FrameRow[] = [];
  const steps: { before: number; after: number }[] = [];
  for (const [i, group] of groups.entries()) {
    events.push(...group.map((e, j) => ({ ...e, seq: events.length + j + 1 })));
    const before = await stateFrame(frames.length + 1, group[0]!.t - 40, 'before', i);
    const after = await stateFrame(frames.length + 2, group.at(-1)!.t + 250, 'after', i + 1);
    frames.push(before, after);
    steps.push({ before: before.seq, after: after.seq });
  }
  const clickDown = events[0]!;
  const firstKey = events.find((e) => e.kind === 'key-down')!;
  const elements: ElementRow[] = [
    { seq: 1, t: clickDown.t, kind: 'click', eventSeq: clickDown.seq, frameSeq: null, windowSeq: 1, element: element('push button', o.buttonName ?? 'Save', 1), tree: null },
    { seq: 2, t: firstKey.t, kind: 'focus', eventSeq: firstKey.seq, frameSeq: null, windowSeq: 1, element: element('entry', 'Search', 2), tree: null },
    {
      seq: 3,
      t: frames[0]!.t,
      kind: 'tree',
      eventSeq: null,
      frameSeq: frames[0]!.seq,
      windowSeq: 1,
      element: element('frame', 'Demo', 0),
      tree: {
        root: { role: 'frame', name: 'Demo', states: [], bounds: null, children: [{ role: 'push button', name: o.buttonName ?? 'Save', states: ['enabled'], bounds: null, children: [] }, { role: 'entry', name: 'Search', states: [], bounds: null, children: [] }] },
        nodes: 3,
        truncated: false,
      },
    },
  ];
  const endMs = 6000;
  writeBatch(store, o.id, {
    windows: [{ seq: 1, t: 0, app: 'XTerm', title: 'Demo', x: 0, y: 0, ...OBSERVED_FRAME }],
    events,
    frames,
    elements,
    elementCounts: { stored: elements.length, missed: { 'no-bus': 0, 'not-accessible': 1, timeout: 0, 'other-window': 0, 'nothing-there': 2, 'window-changed': 0 } },
    at: startedAt + endMs,
  });
  applyAction(store, o.id, 'stop', { actor: 'contributor', at: startedAt + endMs });
  if (o.state !== 'recorded') applyAction(store, o.id, 'submit', { actor: 'contributor', at: startedAt + 90_000 });
  if (o.state === 'approved') applyAction(store, o.id, 'approve', { actor: 'reviewer', at: startedAt + 100_000 });
  return { id: o.id, events, frames, elements, steps };
}

/** A frame of the page after `done` steps: a light background with the bar in that state's colour. */
async function stateFrame(seq: number, t: number, reason: 'before' | 'after', done: number): Promise<FrameRow> {
  const { width, height } = OBSERVED_FRAME;
  const raw = Buffer.alloc(width * height * 3, 236);
  const [r, g, b] = STATE_COLOURS[done]!;
  for (let y = BAR.y; y < BAR.y + BAR.height; y++) {
    for (let x = BAR.x; x < BAR.x + BAR.width; x++) raw.set([r, g, b], (y * width + x) * 3);
  }
  const bytes = await sharp(raw, { raw: { width, height, channels: 3 } }).webp({ lossless: true }).toBuffer();
  return { seq, t, windowSeq: 1, reason, width, height, format: 'webp', sha256: createHash('sha256').update(bytes).digest('hex'), bytes };
}
