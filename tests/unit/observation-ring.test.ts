// The observation ring: identical grabs are one observation whose reads grow, the last read before
// a moment is found even when later grabs came in meanwhile, and it never holds more bytes than its
// budget (but always the newest grab).
import { describe, expect, it } from 'vitest';
import type { FocusSegment } from '../../src/core/focus-timeline.ts';
import type { WindowInfo } from '../../src/core/window-info.ts';
import { type Grab, ObservationRing } from '../../src/recorder/observation-ring.ts';

const window: WindowInfo = { windowId: '7', app: 'App', title: 'A', bounds: { x: 0, y: 0, width: 4, height: 2 } };
const segment = (seq: number): FocusSegment & { window: WindowInfo } => ({ seq, start: 0, window, inputElsewhere: false });

function grab(fill: number, readAt: number, seq = 1, bytes = 24): Grab {
  return { pixels: { image: Buffer.alloc(bytes, fill), raw: { width: 4, height: 2, channels: 3 }, originX: 0, originY: 0, masks: [] }, segment: segment(seq), from: 0, readAt };
}

describe('observation ring', () => {
  it('merges identical grabs of one segment into one observation whose reads grow', () => {
    const ring = new ObservationRing(1000);
    const a = ring.add(grab(1, 10));
    expect(ring.add(grab(1, 60))).toBe(a);
    expect(ring.add(grab(1, 110))).toBe(a);
    expect(a.reads).toEqual([10, 60, 110]);
    expect(a.firstReadAt).toBe(10);
    expect(ring.size).toBe(1);
    // Other pixels, or the same pixels in another focus segment (a retitle), are new observations.
    expect(ring.add(grab(2, 160))).not.toBe(a);
    expect(ring.add(grab(2, 210, 2)).segment.seq).toBe(2);
    expect(ring.size).toBe(3);
  });

  it('finds the last read strictly before a moment, in an older observation when a newer one came after it', () => {
    const ring = new ObservationRing(1000);
    const a = ring.add(grab(1, 10));
    ring.add(grab(1, 60));
    const b = ring.add(grab(2, 110));
    expect(ring.latestBefore(100)).toEqual({ observation: a, readAt: 60 });
    expect(ring.latestBefore(110)).toEqual({ observation: a, readAt: 60 });
    expect(ring.latestBefore(111)).toEqual({ observation: b, readAt: 110 });
    expect(ring.latestBefore(10)).toBeUndefined();
  });

  it('holds no more bytes than its budget, dropping the oldest first and keeping the newest even alone', () => {
    const ring = new ObservationRing(100);
    for (let i = 0; i < 10; i++) ring.add(grab(i, i * 50, 1, 40));
    expect(ring.bytes).toBeLessThanOrEqual(100);
    expect(ring.size).toBe(2);
    expect(ring.latestBefore(1000)?.readAt).toBe(450);
    expect(ring.latestBefore(401)?.readAt).toBe(400);
    expect(ring.latestBefore(400)).toBeUndefined();
    ring.add(grab(99, 500, 1, 500));
    expect(ring.size).toBe(1);
    expect(ring.newest?.bytes).toBe(500);
    ring.clear();
    expect([ring.size, ring.bytes, ring.newest]).toEqual([0, 0, undefined]);
  });

  it('frees the pixels of a repeated grab at once, and of a dropped observation once no step holds it', () => {
    const ring = new ObservationRing(100);
    const first = ring.add(grab(1, 0, 1, 40));
    const again = grab(1, 50, 1, 40);
    ring.add(again);
    expect(again.pixels.image.byteLength, 'the repeated grab').toBe(0);
    expect(first.pixels.image.byteLength).toBe(40);
    ring.hold(first);
    ring.add(grab(2, 100, 1, 40));
    ring.add(grab(3, 150, 1, 40)); // over budget: the first is dropped, but a step holds it
    expect(first.dropped).toBe(true);
    expect(first.pixels.image.byteLength).toBe(40);
    ring.release(first);
    expect(first.pixels.image.byteLength, 'dropped and released').toBe(0);
    const newest = ring.newest!;
    ring.clear();
    expect(newest.pixels.image.byteLength, 'cleared').toBe(0);
  });
});
