// The element capture's attribution rules, with a fake accessibility tree: an element is stored only
// for the window and event the gate kept (a lookup made for another window, an element whose bounds
// miss the click, a tree read while focus moved: counted, not stored); a lookup that does not answer
// in time is counted as a timeout and never holds anything up; and the gate hears of password fields
// from the focus moves (an app not on the bus says nothing).
import { describe, expect, it } from 'vitest';
import type { AppPolicy } from '../../src/core/app-policy.ts';
import type { KeptEvent } from '../../src/core/consent-gate.ts';
import type { ElementInfo } from '../../src/core/element-info.ts';
import { FocusTimeline } from '../../src/core/focus-timeline.ts';
import { type InputEvent, NO_MODIFIERS } from '../../src/core/input-event.ts';
import type { WindowInfo } from '../../src/core/window-info.ts';
import type { AccessibilitySource, FocusMessage } from '../../src/capture/atspi/accessibility-source.ts';
import type { AtspiAnswer, AtspiRequest } from '../../src/capture/atspi/atspi-protocol.ts';
import { ElementCapture } from '../../src/recorder/element-capture.ts';

const policy: AppPolicy = { app: 'Editor', allowed: true, keys: 'full', screens: 'on', titles: 'keep' };
const win = (id: string, pid: number): WindowInfo => ({ windowId: id, app: 'Editor', title: 'Editor', bounds: { x: 0, y: 0, width: 800, height: 600 }, pid });
const button: ElementInfo = { source: 'atspi', role: 'push button', name: 'Save', states: [], bounds: { x: 100, y: 100, width: 50, height: 20 }, path: [], password: false };
const field = (password: boolean): ElementInfo => ({ ...button, role: password ? 'password text' : 'entry', name: 'Field', password });

class FakeTree implements AccessibilitySource {
  problem: string | null = null;
  readonly asked: AtspiRequest[] = [];
  private listener: (m: FocusMessage) => void = () => undefined;
  private readonly answer: (r: AtspiRequest) => Promise<AtspiAnswer>;
  constructor(answer: (r: AtspiRequest) => Promise<AtspiAnswer>) {
    this.answer = answer;
  }
  ask(request: AtspiRequest): Promise<AtspiAnswer> {
    this.asked.push(request);
    return this.answer(request);
  }
  onFocus(listener: (m: FocusMessage) => void): void {
    this.listener = listener;
  }
  focus(pid: number, focusId: number, element: ElementInfo, at = performance.timeOrigin + performance.now()): void {
    this.listener({ type: 'focus', pid, focusId, at, initial: false });
    this.listener({ type: 'focus-element', pid, focusId, element, unreadable: false });
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}

function capture(source: FakeTree, timeline = new FocusTimeline()) {
  const elements = new ElementCapture({
    source,
    timeline,
    judge: { decide: () => ({ kind: 'record', policy }) },
    rules: { isBrowser: () => false },
    browser: { historyFrom: () => null },
    // The event clock is the monotonic clock here.
    stamp: (absolute) => absolute - performance.timeOrigin,
    sync: () => Promise.resolve(performance.now()),
  });
  return { elements, timeline };
}

const down = (x: number, y: number): InputEvent => ({ kind: 'mouse-down', time: performance.now(), arrivedAt: performance.now(), x, y, button: 1, clicks: 1, mods: NO_MODIFIERS });
const row = (seq: number, kind: 'mouse-down' | 'key-down') => ({ seq, t: 10, kind, windowSeq: 1, mods: 0 });
const kept = (event: InputEvent, window: WindowInfo): KeptEvent => ({ event, segment: { seq: 1, start: 0, window, inputElsewhere: false }, policy });

describe('element capture', () => {
  /** A click on `button` in an editor window (pid 42), kept by the gate as row 7. */
  function clickInEditor() {
    const tree = new FakeTree(async () => ({ ok: true, element: button }));
    const { elements, timeline } = capture(tree);
    const editor = win('w1', 42);
    timeline.record({ time: 0, window: editor });
    const click = down(110, 105);
    elements.onInput(click);
    elements.onRow(row(7, 'mouse-down'), kept(click, editor));
    return { tree, elements };
  }

  it('stores the element of a kept click in the window it was looked up in', async () => {
    const { tree, elements } = clickInEditor();
    await elements.settle();
    expect(elements.take()).toEqual([expect.objectContaining({ kind: 'click', eventSeq: 7, element: button })]);
    expect(tree.asked[0]).toMatchObject({ type: 'element-at', pid: 42, x: 110, y: 105 });
  });

  it('leaves no timer behind once what was on its way has come: a stopped recording exits at once', async () => {
    const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const before = timers();
    const { elements } = clickInEditor();
    await elements.settle(60_000);
    expect(elements.take()).toHaveLength(1);
    expect(timers()).toBe(before);
  });

  it('stores nothing for a click looked up in another window, or whose element misses it, and says why', async () => {
    const tree = new FakeTree(async () => ({ ok: true, element: button }));
    const { elements, timeline } = capture(tree);
    timeline.record({ time: 0, window: win('w1', 42) });
    const first = down(110, 105);
    elements.onInput(first);
    // The gate found the click in another window than the one focused when it arrived.
    elements.onRow(row(1, 'mouse-down'), kept(first, win('w2', 42)));
    const second = down(400, 400);
    elements.onInput(second);
    elements.onRow(row(2, 'mouse-down'), kept(second, win('w1', 42)));
    await elements.settle();
    expect(elements.take()).toEqual([]);
    expect(elements.counts.missed['other-window']).toBe(2);
  });

  it('counts a lookup the tree does not answer in time as a timeout, and keeps nothing waiting on it', async () => {
    let answer: (a: AtspiAnswer) => void = () => undefined;
    const tree = new FakeTree(() => new Promise((resolve) => (answer = resolve)));
    const { elements, timeline } = capture(tree);
    timeline.record({ time: 0, window: win('w1', 42) });
    const click = down(110, 105);
    elements.onInput(click);
    const started = performance.now();
    elements.onRow(row(1, 'mouse-down'), kept(click, win('w1', 42)));
    // onRow returned at once: the row is the gate's, the element follows when (if) it comes.
    expect(performance.now() - started).toBeLessThan(20);
    answer({ ok: false, miss: 'timeout' });
    await elements.settle();
    expect(elements.take()).toEqual([]);
    expect(elements.counts.missed.timeout).toBe(1);
  });

  it('tells the gate of a password field from the focus moves, and nothing of an app not on the bus', async () => {
    const tree = new FakeTree(async (r) => (r.type === 'barrier' && r.pid === 7 ? { ok: false, miss: 'not-accessible' } : { ok: true }));
    const { elements } = capture(tree);
    // The editor (pid 42): focus moves into a password field, then a key.
    tree.focus(42, 1, field(false), performance.timeOrigin + performance.now() - 500);
    tree.focus(42, 2, field(true), performance.timeOrigin + performance.now() - 200);
    const t = performance.now();
    expect(elements.keyVerdict(win('w1', 42), t)).toBe('wait');
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(elements.keyVerdict(win('w1', 42), t)).toBe('password');
    // A terminal (pid 7) not on the bus: no structure known, the key is judged as before.
    expect(elements.keyVerdict(win('w7', 7), t)).toBe('wait');
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(elements.keyVerdict(win('w7', 7), t)).toBe('clear');
  });

  it('keeps no tree read while the window lost the focus', async () => {
    const timeline = new FocusTimeline();
    const tree = new FakeTree(async () => {
      timeline.record({ time: performance.now(), window: win('w2', 43) });
      return { ok: true, tree: { root: { role: 'frame', name: 'Editor', states: [], bounds: null, children: [] }, nodes: 1, truncated: false } };
    });
    const { elements } = capture(tree, timeline);
    const segment = timeline.record({ time: 0, window: win('w1', 42) }) as KeptEvent['segment'];
    elements.onFrame({ seq: 1, t: 5, windowSeq: 1 }, segment, policy);
    await elements.settle();
    expect(elements.take()).toEqual([]);
    expect(elements.counts.missed['window-changed']).toBe(1);
  });
});
