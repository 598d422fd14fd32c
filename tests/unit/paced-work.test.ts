// PacedWork (src/recorder/paced-work.ts): the recorder's tick and round trips run on a timer while
// the input source is quiet, and on its batches while they come, with no timer armed for them then.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PacedWork } from '../../src/recorder/paced-work.ts';

describe('PacedWork', () => {
  let runs: number[];
  let work: PacedWork;

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    runs = [];
    work = new PacedWork((now) => runs.push(Math.round(now)));
  });

  afterEach(() => {
    work.stop();
    vi.useRealTimers();
  });

  it('runs on a timer at the time asked while no batch comes, once', () => {
    work.at(performance.now() + 100);
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(99);
    expect(runs).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(runs).toEqual([100]);
    expect(work.asked).toBe(false);
    vi.advanceTimersByTime(1_000);
    expect(runs).toEqual([100]);
  });

  it('arms no timer while batches come, and runs at the first batch once due', () => {
    work.batch(performance.now());
    work.at(performance.now() + 32);
    expect(vi.getTimerCount()).toBe(0);
    for (let i = 0; i < 4; i++) {
      vi.advanceTimersByTime(25);
      work.batch(performance.now());
    }
    expect(runs).toEqual([50]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('runs at the pause when due by then, and otherwise arms a timer from the pause', () => {
    work.batch(performance.now());
    work.at(performance.now() + 32);
    vi.advanceTimersByTime(50);
    work.paused(performance.now());
    expect(runs).toEqual([50]);
    work.batch(performance.now());
    work.at(performance.now() + 200);
    vi.advanceTimersByTime(50);
    work.paused(performance.now());
    expect(runs).toEqual([50]);
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(150);
    expect(runs).toEqual([50, 250]);
  });

  it('leaves an earlier timer in place when asked later, and the early timer arms the next', () => {
    work.at(performance.now() + 100);
    work.at(performance.now() + 300);
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(100);
    expect(runs).toEqual([]);
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(200);
    expect(runs).toEqual([300]);
  });

  it('lets batches take over from a timer armed before they came', () => {
    work.at(performance.now() + 100);
    work.batch(performance.now());
    vi.advanceTimersByTime(60);
    work.batch(performance.now());
    work.at(performance.now() + 200);
    vi.advanceTimersByTime(40);
    // The old timer fired with nothing due and batches coming: it arms none.
    expect(vi.getTimerCount()).toBe(0);
    expect(runs).toEqual([]);
  });

  it('runs a timer up to 2 ms early rather than waking again for it', () => {
    work.batch(performance.now());
    work.at(performance.now() + 52);
    vi.advanceTimersByTime(50);
    work.batch(performance.now());
    expect(runs).toEqual([50]);
  });

  it('never runs once stopped', () => {
    work.at(performance.now() + 10);
    work.stop();
    work.at(performance.now() + 10);
    work.batch(performance.now() + 20);
    vi.advanceTimersByTime(100);
    expect(runs).toEqual([]);
  });
});
