// How a step is paired with the ring's observations (step-observations.ts), with the ring, the focus
// timeline and the window decision real and grabs made by hand: the read just before the step is
// stored once the gate keeps the step, with the time it was read; a settled read after it too; a
// step the gate never keeps, a pause, or a read from another focus segment stores nothing.
import { describe, expect, it } from 'vitest';
import type { AppPolicy } from '../../src/core/app-policy.ts';
import type { KeptEvent } from '../../src/core/consent-gate.ts';
import { FocusTimeline } from '../../src/core/focus-timeline.ts';
import { type InputEvent, NO_MODIFIERS } from '../../src/core/input-event.ts';
import { WindowJudge } from '../../src/core/window-decision.ts';
import type { WindowInfo } from '../../src/core/window-info.ts';
import type { CapturedFrame } from '../../src/recorder/frame-scheduler.ts';
import { ObservationRing } from '../../src/recorder/observation-ring.ts';
import { StepObservations } from '../../src/recorder/step-observations.ts';
import { BUILTIN_US_LAYOUT } from '../../src/shared/keyboard-layout.ts';

const policy: AppPolicy = { app: 'App', allowed: true, keys: 'full', screens: 'on', titles: 'keep' };
const window: WindowInfo = { windowId: '7', app: 'App', title: 'App', bounds: { x: 0, y: 0, width: 8, height: 4 } };
const other: WindowInfo = { ...window, windowId: '8', title: 'Other' };

function setup() {
  const timeline = new FocusTimeline();
  timeline.record({ time: 0, window });
  timeline.advance(100_000);
  const ring = new ObservationRing(1 << 20);
  const frames: CapturedFrame[] = [];
  const steps = new StepObservations({
    ring,
    timeline,
    focus: { sync: async () => timeline.watermark },
    judge: new WindowJudge({ rules: { policyOf: () => policy, isBrowser: () => false, isPrivateTitle: () => false }, isOwnWindow: () => false }),
    layout: BUILTIN_US_LAYOUT,
    onFrame: (f) => frames.push(f),
  });
  /** A grab of the window painted `shade`, read at `readAt`, handed to the steps as the grabber does. */
  const grab = (shade: number, readAt: number) => {
    const segment = timeline.at(readAt)! as KeptEvent['segment'];
    const observation = ring.add({ pixels: { image: Buffer.alloc(8 * 4 * 3, shade), raw: { width: 8, height: 4, channels: 3 }, originX: 0, originY: 0, masks: [] }, segment, from: segment.start, readAt });
    steps.onGrab(observation, readAt);
  };
  const kept = (event: InputEvent) => steps.onKept({ event, segment: timeline.at(event.time)! as KeptEvent['segment'], policy });
  return { timeline, steps, frames, grab, kept, stored: async () => (await steps.stop('keep'), frames.map((f) => [f.reason, f.time])) };
}

// Arrived now (local clock): a step's beginning waits for the gate's verdict a few seconds at most.
const press = (kind: 'mouse-down' | 'mouse-up', time: number): InputEvent => ({ kind, x: 2, y: 2, button: 1, clicks: 1, time, arrivedAt: performance.now(), mods: NO_MODIFIERS });
const key = (kind: 'key-down' | 'key-up', keycode: number, time: number, ctrl = false): InputEvent => ({ kind, keycode, time, arrivedAt: performance.now(), mods: { ...NO_MODIFIERS, ctrl } });

describe('pairing steps with observations', () => {
  it('stores the last read before the press (not one read after it) and a read once the window stayed the same 100 ms, 200 ms after the release', async () => {
    const { steps, grab, kept, stored } = setup();
    grab(1, 950);
    grab(1, 1000);
    const down = press('mouse-down', 1010);
    grab(2, 1012); // read after the press: arrived before the press did
    steps.onInput(down);
    const up = press('mouse-up', 1120);
    steps.onInput(up);
    kept(down);
    kept(up);
    for (const t of [1170, 1220, 1270, 1320]) grab(3, t);
    expect(await stored()).toEqual([
      ['before', 1000],
      ['after', 1320],
    ]);
  });

  it('stores nothing for a step the gate never keeps (a Cairn hotkey, a denied window), and gives the step before it what was read just before', async () => {
    const { steps, grab, kept, stored } = setup();
    grab(1, 1000);
    const down = press('mouse-down', 1010);
    steps.onInput(down);
    steps.onInput(press('mouse-up', 1120));
    kept(down);
    grab(2, 1150);
    steps.onInput(key('key-down', 25, 1160, true)); // ctrl+p: never kept
    for (const t of [1200, 1400, 1600, 3000]) grab(4, t);
    expect(await stored()).toEqual([
      ['before', 1000],
      ['after', 1150],
    ]);
  });

  it('stores nothing begun before a pause once it came: not the settled read after a step kept just before', async () => {
    const { steps, grab, kept, stored } = setup();
    grab(1, 1000);
    const down = press('mouse-down', 1010);
    steps.onInput(down);
    steps.onInput(press('mouse-up', 1120));
    steps.discard(); // the pause, before the gate kept the press
    kept(down);
    for (const t of [1200, 1400, 1600]) grab(2, t);
    expect(await stored()).toEqual([]);
  });

  it('refuses a read whose focus segment was no longer in force at its moment (focus moved before the read)', async () => {
    const { timeline, steps, grab, kept, frames } = setup();
    grab(1, 1000);
    // The watcher reports late that focus had gone to another window at 990, before that read.
    timeline.record({ time: 990, window: other });
    const down = press('mouse-down', 1010);
    steps.onInput(down);
    kept(down);
    await steps.stop('keep');
    expect(frames).toEqual([]);
    expect(steps.counts.refused).toBe(1);
  });
});
