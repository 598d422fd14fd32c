// The batched input hook (native/x-input-hook) under Xvfb, side by side with uiohook-napi in the same
// process: both hear the same input from xdotool, and the batched one must report the very events
// uiohook-napi reports (kinds, key codes, modifiers, positions, buttons, wheel axes and notches, X
// server times), in the same order, with the hook's own thinning of moves turned off
// (tests/xvfb/input-move-thinning.test.ts proves that). Then what batching adds: the hook's own
// pacing (moves alone wait longer than a key, a button or the wheel; the rest is told by when input
// was last heard), drain() and stop() hand over at once what a long batch still holds, and nothing
// comes after the stop.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InputEvent } from '../../src/core/input-event.ts';
import { UiohookInputSource } from '../../src/capture/uiohook-input-source.ts';
import { INPUT_REST_MS } from '../../src/capture/input-source.ts';
import { BatchedInputSource, KEYS_BATCH_MS, MOVES_BATCH_MS, batchedInputMissingReason } from '../../src/capture/x11/batched-input-source.ts';
import { openXterm, startXvfb, xdotool, xdotoolScript, xvfbMissingReason, type XvfbDisplay, type Xterm } from '../helpers/xvfb.ts';

const missing = xvfbMissingReason() ?? batchedInputMissingReason();
if (missing) console.warn(`skipping batched input source tests: ${missing}`);

/** All but the times: `arrivedAt` is each hook's own, and `time` is compared apart (below). */
function comparable(e: InputEvent): InputEvent {
  return { ...e, arrivedAt: 0, time: 0 };
}

async function until<T>(what: string, probe: () => T | undefined, ms = 5_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe.skipIf(missing !== null)('BatchedInputSource under Xvfb', () => {
  let x: XvfbDisplay;
  let term: Xterm;
  const savedDisplay = process.env.DISPLAY;

  beforeAll(async () => {
    x = await startXvfb({ width: 1024, height: 768 });
    term = await openXterm(x.env, { cls: 'CairnBatched', geometry: '80x24+0+0' });
    await xdotool(x.env, 'windowactivate', '--sync', term.windowId);
    // Both libuiohooks open the display named by DISPLAY as they load.
    process.env.DISPLAY = x.display;
  });

  afterAll(async () => {
    term?.kill();
    await x?.stop({ untilExit: true });
    if (savedDisplay === undefined) delete process.env.DISPLAY;
    else process.env.DISPLAY = savedDisplay;
  });

  it('reports exactly the events uiohook-napi reports, in order, each heard before it was handed over', async () => {
    const reference: InputEvent[] = [];
    const batched: InputEvent[] = [];
    const handedOverAt: number[] = [];
    const plain = new UiohookInputSource();
    const source = new BatchedInputSource();
    plain.start((e) => reference.push(e));
    source.start((e) => {
      batched.push(e);
      handedOverAt.push(performance.now());
    });
    // Every move, as uiohook-napi reports them (the hook's thinning: input-move-thinning.test.ts).
    source.thinMoves(false);
    await new Promise((r) => setTimeout(r, 300)); // both hook threads attach asynchronously
    try {
      await xdotool(x.env, 'mousemove', '--sync', '100', '120');
      await xdotool(x.env, 'type', '--delay', '15', 'aB1;');
      await xdotool(x.env, 'key', 'ctrl+shift+Left', 'alt+F2', 'super+e', 'Return');
      await xdotool(x.env, 'click', '1');
      await xdotool(x.env, 'keydown', 'shift', 'click', '3', 'keyup', 'shift');
      await xdotool(x.env, 'click', '--repeat', '2', '--delay', '40', '1');
      for (const button of ['5', '4', '6', '7']) await xdotool(x.env, 'click', button);
      for (let i = 0; i < 40; i++) await xdotool(x.env, 'mousemove', String(200 + i * 7), String(300 - i * 3));
      await xdotool(x.env, 'mousedown', '1', 'mousemove', '600', '500', 'mouseup', '1');
      await xdotool(x.env, 'key', 'Escape');
      const lastEscapeUp = (events: InputEvent[]) => events.findLast((e) => e.kind === 'key-up' && e.keycode === 1);
      await until('the last key reaching both hooks', () => (lastEscapeUp(reference) && lastEscapeUp(batched) ? true : undefined));
    } finally {
      plain.stop();
      source.stop();
    }
    expect(batched.map(comparable)).toEqual(reference.map(comparable));
    // The X server's clock in ms, as RECORD stamps each context's copy of an event when it records
    // it: two hooks are two contexts, and a millisecond can turn between them (CI saw 88295199
    // against 88295200).
    const apart = batched.map((e, i) => Math.abs(e.time - reference[i]!.time));
    expect(Math.max(...apart)).toBeLessThanOrEqual(1);
    const kinds = new Set(batched.map((e) => e.kind));
    expect([...kinds].sort()).toEqual(['key-down', 'key-up', 'mouse-down', 'mouse-move', 'mouse-up', 'wheel']);
    expect(batched.filter((e) => e.kind === 'wheel').map((e) => e.kind === 'wheel' && `${e.axis} ${Math.sign(e.rotation)}`)).toEqual(['vertical 1', 'vertical -1', 'horizontal -1', 'horizontal 1']);
    // X's button 3 (right) is uiohook's button 2.
    expect(batched.some((e) => e.kind === 'mouse-down' && e.button === 2 && e.mods.shift)).toBe(true);
    expect(batched.some((e) => e.kind === 'mouse-down' && e.clicks === 2)).toBe(true);
    // arrivedAt is when the hook's thread heard the event: never after JavaScript got it, never
    // going back, and within a batch's length (plus a loaded machine's slack) of it.
    batched.forEach((e, i) => {
      expect(e.arrivedAt).toBeLessThanOrEqual(handedOverAt[i]! + 0.5);
      if (i > 0) expect(e.arrivedAt).toBeGreaterThanOrEqual(batched[i - 1]!.arrivedAt);
    });
  });

  it('hands over moves alone every MOVES_BATCH_MS, a key among them within KEYS_BATCH_MS, and tells the rest when input was last heard', async () => {
    const got: { event: InputEvent; handedAt: number }[] = [];
    const rests: { lastHeardAt: number; toldAt: number; handedBefore: number }[] = [];
    let batches = 0;
    const source = new BatchedInputSource();
    source.onPace({ batch: () => batches++, paused: (lastHeardAt) => rests.push({ lastHeardAt, toldAt: performance.now(), handedBefore: got.length }) });
    source.start((event) => got.push({ event, handedAt: performance.now() }));
    await new Promise((r) => setTimeout(r, 300));
    try {
      // A pointer sweeping for ~1.5 s (a move every ~4 ms), with one key pressed in the middle.
      const sweep = Array.from({ length: 360 }, (_, i) => [`mousemove ${100 + (i % 300)} ${200 + (i % 7)}`, 'sleep 0.004', ...(i === 180 ? ['key x'] : [])]);
      await xdotoolScript(x.env, sweep.flat());
      await until('the rest after the sweep', () => (rests.length > 0 ? true : undefined));
      await new Promise((r) => setTimeout(r, 200));
    } finally {
      source.stop();
    }
    const moves = got.filter((g) => g.event.kind === 'mouse-move');
    expect(moves.length).toBeGreaterThan(40);
    // Moves waited up to MOVES_BATCH_MS (200) before they were handed over, in batches: far fewer
    // moments than with 50 ms batches (~30 in 1.5 s), and none held much longer than a batch.
    expect(batches).toBeLessThanOrEqual(20);
    const waited = moves.map((g) => g.handedAt - g.event.arrivedAt);
    expect(Math.max(...waited)).toBeGreaterThan(100);
    expect(Math.max(...waited)).toBeLessThan(MOVES_BATCH_MS + 150);
    // The key among the moves waited at most KEYS_BATCH_MS (and a loaded machine's slack).
    const key = got.find((g) => g.event.kind === 'key-down')!;
    expect(key.handedAt - key.event.arrivedAt).toBeLessThan(KEYS_BATCH_MS + 60);
    // The rest after the sweep (a loaded machine may stall xdotool into one before), told
    // INPUT_REST_MS after the last event heard, once everything was handed over (but a last move the
    // thinning held back, which the stop hands over: the recorder drains it at its rest).
    const rest = rests.at(-1)!;
    const handed = got.slice(0, rest.handedBefore);
    const last = handed.at(-1)!;
    expect(got.length - handed.length).toBeLessThanOrEqual(1);
    expect(rest.lastHeardAt).toBeGreaterThanOrEqual(last.event.arrivedAt - 0.5);
    expect(rest.toldAt - rest.lastHeardAt).toBeGreaterThanOrEqual(INPUT_REST_MS - 1);
    expect(rest.toldAt - rest.lastHeardAt).toBeLessThan(INPUT_REST_MS + 60);
  });

  it('hands over a key within KEYS_BATCH_MS while nothing else comes, not at the next key or the rest', async () => {
    const got: { event: InputEvent; handedAt: number }[] = [];
    const source = new BatchedInputSource();
    source.start((event) => got.push({ event, handedAt: performance.now() }));
    await new Promise((r) => setTimeout(r, 300));
    try {
      // Keys 150 ms apart, no pointer: no event comes between a key's release and the next press.
      await xdotool(x.env, 'type', '--delay', '150', 'qwertyuiop');
      await new Promise((r) => setTimeout(r, 400));
    } finally {
      source.stop();
    }
    const presses = got.filter((g) => g.event.kind === 'key-down').slice(1);
    expect(presses).toHaveLength(9);
    const waited = presses.map((g) => g.handedAt - g.event.arrivedAt).sort((a, b) => a - b);
    // Held until the next press, a key would wait ~150 ms; until the rest, ~90 ms.
    expect(waited[4]!).toBeLessThan(KEYS_BATCH_MS + 25);
    expect(waited[8]!).toBeLessThan(150);
  });

  it('hands over the first event after a quiet spell at once, the rest at drain() and at stop(), and nothing after the stop', async () => {
    const got: InputEvent[] = [];
    // No batch nor rest comes within the test: only the wake, drain() and stop() hand over.
    const source = new BatchedInputSource({ keysMs: 10_000, movesMs: 10_000, restMs: 10_000 });
    source.start((e) => got.push(e));
    await new Promise((r) => setTimeout(r, 300));
    try {
      await xdotool(x.env, 'key', 'q');
      // The first event woke JavaScript (with whatever waited by then: the press, maybe the release).
      await new Promise((r) => setTimeout(r, 150));
      const woken = got.length;
      expect(got[0]).toMatchObject({ kind: 'key-down', keycode: 16 });
      expect(woken).toBeLessThanOrEqual(2);
      // From then on what comes waits for the next take, a second away.
      await xdotool(x.env, 'key', 'w');
      await new Promise((r) => setTimeout(r, 150));
      expect(got).toHaveLength(woken);
      source.drain();
      expect(got.map((e) => e.kind)).toEqual(['key-down', 'key-up', 'key-down', 'key-up']);
    } finally {
      source.stop();
    }
    expect(got.map((e) => e.kind === 'key-down' && e.keycode)).toEqual([16, false, 17, false]);
    await xdotool(x.env, 'type', 'zz');
    await new Promise((r) => setTimeout(r, 300));
    expect(got).toHaveLength(4);
  });

  it('stops taking when input stops, and the next event wakes JavaScript at once rather than waiting for a take', async () => {
    const got: { event: InputEvent; handedAt: number }[] = [];
    const source = new BatchedInputSource({ keysMs: 1_000, movesMs: 1_000, restMs: 300 });
    source.start((event) => got.push({ event, handedAt: performance.now() }));
    await new Promise((r) => setTimeout(r, 300));
    try {
      // Keys 30 ms apart: the first wakes JavaScript, the rest wait for the rest, 300 ms after the last.
      await xdotool(x.env, 'type', '--delay', '30', 'qwerty');
      await new Promise((r) => setTimeout(r, 1_000));
      expect(got).toHaveLength(12);
      // Each press after 0.7 s of quiet (a rest was told) is handed over as soon as it is heard.
      // Were batches still timed, it would wait for its own: a second, against 400 ms here (room for
      // a loaded machine).
      for (let i = 0; i < 6; i++) {
        const before = got.length;
        await xdotool(x.env, 'key', 'a');
        await new Promise((r) => setTimeout(r, 700));
        const press = got[before]!;
        expect(press.event).toMatchObject({ kind: 'key-down', keycode: 30 });
        expect(press.handedAt - press.event.arrivedAt).toBeLessThan(400);
      }
    } finally {
      source.stop();
    }
  });
});
