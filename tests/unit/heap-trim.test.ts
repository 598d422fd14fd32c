// The full collections a recording asks for (lean-process.ts): one per period, concurrent, every
// MEMORY_REDUCING_EVERY-th one also giving back V8's spare pages, and none once stopped or where the
// process has no gc() (run without --expose-gc); native memory trimmed just before each.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { collectGarbagePeriodically, MEMORY_REDUCING_EVERY } from '../../src/core/lean-process.ts';

describe('collectGarbagePeriodically', () => {
  const saved = globalThis.gc;
  afterEach(() => {
    vi.useRealTimers();
    globalThis.gc = saved;
  });

  it('asks for a full collection once per period until stopped, every MEMORY_REDUCING_EVERY-th a memory-reducing one', () => {
    vi.useFakeTimers();
    const calls: unknown[] = [];
    globalThis.gc = ((options: unknown) => {
      calls.push(options);
      return Promise.resolve();
    }) as NodeJS.GCFunction;
    const stop = collectGarbagePeriodically(1_000);
    vi.advanceTimersByTime(999);
    expect(calls).toEqual([]);
    const periods = 2 * MEMORY_REDUCING_EVERY + 1;
    vi.advanceTimersByTime(periods * 1_000 - 999);
    const regular = { type: 'major', execution: 'async', flavor: 'regular' };
    const reducing = { type: 'major', execution: 'async', flavor: 'last-resort' };
    expect(calls).toEqual(Array.from({ length: periods }, (_, i) => ((i + 1) % MEMORY_REDUCING_EVERY === 0 ? reducing : regular)));
    stop();
    vi.advanceTimersByTime(10_000);
    expect(calls).toHaveLength(periods);
  });

  it('trims native memory just before each collection, and not once stopped', () => {
    vi.useFakeTimers();
    const order: string[] = [];
    globalThis.gc = (() => {
      order.push('gc');
      return Promise.resolve();
    }) as NodeJS.GCFunction;
    const stop = collectGarbagePeriodically(1_000, () => order.push('trim'));
    vi.advanceTimersByTime(2_000);
    expect(order).toEqual(['trim', 'gc', 'trim', 'gc']);
    stop();
    vi.advanceTimersByTime(5_000);
    expect(order).toHaveLength(4);
  });

  it('does nothing without gc()', () => {
    vi.useFakeTimers();
    globalThis.gc = undefined;
    const stop = collectGarbagePeriodically(1_000);
    expect(vi.getTimerCount()).toBe(0);
    stop();
  });
});
