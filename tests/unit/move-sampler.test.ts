import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AppPolicy } from '../../src/core/app-policy.ts';
import { Coalescer, type EventRow } from '../../src/core/coalescer.ts';
import { type InputEvent, type MouseMoveEvent, NO_MODIFIERS } from '../../src/core/input-event.ts';
import { MIN_MOVE_INTERVAL_MS, MoveSampler } from '../../src/core/move-sampler.ts';

const policy: AppPolicy = { app: 'A', allowed: true, keys: 'full', screens: 'on', titles: 'keep' };
const segment = { seq: 1, start: 0, inputElsewhere: false, window: { windowId: '1', app: 'A', title: 't', bounds: { x: 0, y: 0, width: 10_000, height: 100 } } };
const move = (time: number, x: number): MouseMoveEvent => ({ kind: 'mouse-move', time, arrivedAt: time, x, y: 0 });
const click = (time: number): InputEvent => ({ kind: 'mouse-down', time, arrivedAt: time, x: 1, y: 1, button: 1, clicks: 1, mods: NO_MODIFIERS });

/** The rows the coalescer writes for `events`, with or without the sampler in front of it (as the recorder does). */
function rows(events: InputEvent[], sampled: boolean): EventRow[] {
  const out: EventRow[] = [];
  const c = new Coalescer({ clockOrigin: 0, emitWindow: () => undefined, emitEvent: (row) => out.push(row) });
  const pass = (event: InputEvent) => c.push({ event, segment, policy });
  const sampler = new MoveSampler();
  for (const event of events) {
    if (!sampled) pass(event);
    else if (event.kind === 'mouse-move') {
      if (sampler.offer(event)) pass(event);
    } else {
      const held = sampler.take();
      if (held) pass(held);
      pass(event);
    }
  }
  const held = sampled ? sampler.take() : undefined;
  if (held) pass(held);
  c.flushHeldMove();
  return out;
}

describe('move sampler', () => {
  it('passes at most one move per interval, holds the newest of the rest, and counts what it replaced', () => {
    const sampler = new MoveSampler();
    const passed: number[] = [];
    for (let i = 0; i <= 100; i++) if (sampler.offer(move(i * 2.5, i))) passed.push(i * 2.5);
    for (let i = 1; i < passed.length; i++) expect(passed[i]! - passed[i - 1]!).toBeGreaterThanOrEqual(MIN_MOVE_INTERVAL_MS);
    expect(passed.length).toBeLessThan(20);
    expect(sampler.take()).toMatchObject({ x: 100 });
    expect(sampler.take()).toBeUndefined();
    // Every move was passed on, handed back by take(), or thinned: none is lost uncounted.
    expect(passed.length + 1 + sampler.thinned).toBe(101);
  });

  it('forgets the held move on discard', () => {
    const sampler = new MoveSampler();
    expect(sampler.offer(move(0, 0))).toBe(true);
    expect(sampler.offer(move(5, 9))).toBe(false);
    sampler.discard();
    expect(sampler.take()).toBeUndefined();
  });

  it('leaves the coalescer writing the same rows as from every move, clicks between them included', () => {
    const stream = fc.array(fc.record({ gap: fc.integer({ min: 0, max: 40 }), click: fc.boolean() }), { maxLength: 200 });
    fc.assert(
      fc.property(stream, (steps) => {
        let t = 0;
        // Moves 5 px apart: the coalescer thins by time alone, the sampler's one rule.
        const events = steps.map((s, i) => ((t += s.gap), s.click && i % 7 === 0 ? click(t) : move(t, i * 5)));
        expect(rows(events, true)).toEqual(rows(events, false));
      }),
    );
  });
});
