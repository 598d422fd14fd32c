// The keyboard group a key was typed in (a keymap of two layouts, such as ru,us): the timeline of
// switches read from XKB, and the recorder's stamp, which holds keys until the watcher has caught up.
import { describe, expect, it } from 'vitest';
import type { AppPolicy } from '../../src/core/app-policy.ts';
import type { KeptEvent } from '../../src/core/consent-gate.ts';
import { type InputEvent, NO_MODIFIERS } from '../../src/core/input-event.ts';
import { KeyboardGroupTimeline } from '../../src/core/keyboard-group-timeline.ts';
import { KeyboardGroupStamp } from '../../src/recorder/keyboard-group-stamp.ts';

describe('KeyboardGroupTimeline', () => {
  it('gives the group of the last switch at or before a key, and the first group before any', () => {
    const timeline = new KeyboardGroupTimeline(0);
    timeline.note(1000, 1);
    timeline.note(3000, 0);
    expect([500, 1000, 2999, 3000, 5000].map((t) => timeline.groupAt(t))).toEqual([0, 1, 1, 0, 0]);
  });

  it('gives a key in the millisecond of a switch undone at once the group in between (xdotool\'s lock, key, lock back)', () => {
    const timeline = new KeyboardGroupTimeline(0);
    // Key 1 at 100: lock 1 and back in the same millisecond; key 2 at 111: back at 112; key 3 at 121, after its pair.
    for (const [t, g] of [[100, 1], [100, 0], [111, 1], [112, 0], [121, 1], [121, 0]] as const) timeline.note(t, g);
    expect([100, 111, 112, 121, 130].map((t) => timeline.groupAt(t))).toEqual([1, 1, 1, 1, 0]);
  });

  it('does not pair the lock back of one key with the lock for the next (pairs are read left to right)', () => {
    const timeline = new KeyboardGroupTimeline(0);
    for (const [t, g] of [[217, 1], [217, 0], [227, 1], [228, 0]] as const) timeline.note(t, g);
    expect(timeline.groupAt(227)).toBe(1);
    expect(timeline.groupAt(228)).toBe(1);
    expect(timeline.groupAt(240)).toBe(0);
  });

  it('keeps a person\'s switch: toggled and toggled back slowly, a key at the second toggle is in the new group', () => {
    const timeline = new KeyboardGroupTimeline(0);
    timeline.note(1000, 1);
    timeline.note(1500, 0);
    expect(timeline.groupAt(1500)).toBe(0);
  });
});

describe('KeyboardGroupStamp', () => {
  const policy: AppPolicy = { app: 'A', allowed: true, keys: 'full', screens: 'on', titles: 'keep' };
  const segment = { seq: 1, start: 0, inputElsewhere: false, window: { windowId: '1', app: 'A', title: 't', bounds: { x: 0, y: 0, width: 10, height: 10 } } };
  const key = (time: number, arrivedAt: number): KeptEvent => ({ event: { kind: 'key-down', time, arrivedAt, keycode: 30, mods: NO_MODIFIERS }, segment, policy });
  const click = (time: number, arrivedAt: number): KeptEvent => ({ event: { kind: 'mouse-down', time, arrivedAt, x: 1, y: 1, button: 1, clicks: 1, mods: NO_MODIFIERS }, segment, policy });

  /** A watcher whose switch event is read only when the round trip after it completes. */
  function slowSource() {
    const timeline = new KeyboardGroupTimeline(0);
    const unread: [number, number][] = [];
    let syncs = 0;
    return {
      switchAt: (time: number, group: number) => unread.push([time, group]),
      get syncs() {
        return syncs;
      },
      source: {
        groupAt: (t: number) => timeline.groupAt(t),
        sync: async () => {
          syncs++;
          await Promise.resolve();
          for (const [t, g] of unread.splice(0)) timeline.note(t, g);
        },
        close: async () => undefined,
      },
    };
  }

  it('stamps a key only after a round trip sent after it arrived, with the switch made before it, in order', async () => {
    const watcher = slowSource();
    const out: InputEvent[] = [];
    const stamp = new KeyboardGroupStamp(watcher.source, (kept) => out.push(kept.event));
    watcher.switchAt(100, 1);
    stamp.push(key(101, performance.now() - 1));
    stamp.push(click(102, performance.now() - 1));
    expect(out).toEqual([]);
    await stamp.flush();
    expect(out.map((e) => [e.kind, e.kind === 'key-down' ? e.group : null])).toEqual([['key-down', 1], ['mouse-down', null]]);
    expect(watcher.syncs).toBeGreaterThanOrEqual(1);
  });

  it('lets anything but keys through at once while no key waits', () => {
    const watcher = slowSource();
    const out: InputEvent[] = [];
    new KeyboardGroupStamp(watcher.source, (kept) => out.push(kept.event)).push(click(5, 0));
    expect(out).toHaveLength(1);
    expect(watcher.syncs).toBe(0);
  });
});
