// The full collections a recording asks for (lean-process.ts): one per period, concurrent, and none
// once stopped or where the process has no gc() (run without --expose-gc); native memory trimmed
// just before each.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { collectGarbagePeriodically } from '../../src/core/lean-process.ts';

describe('collectGarbagePeriodically', () => {
  const saved = globalThis.gc;
  afterEach(() => {
    vi.useRealTimers();
    globalThis.gc = saved;
  });

  it('asks for a concurrent full collection once per period until stopped', () => {
    vi.useFakeTimers();
    const calls: unknown[] = [];
    globalThis.gc = ((options: unknown) => {
      calls.push(options);
      return Promise.resolve();
    }) as NodeJS.GCFunction;
    const stop = collectGarbagePeriodically(1_000);
    vi.advanceTimersByTime(999);
    expect(calls).toEqual([]);
    vi.advanceTimersByTime(2_001);
    expect(calls).toEqual([
      { type: 'major', execution: 'async' },
      { type: 'major', execution: 'async' },
      { type: 'major', execution: 'async' },
    ]);
    stop();
    vi.advanceTimersByTime(10_000);
    expect(calls).toHaveLength(3);
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
