// Raw input to steps: clicks (with double and triple clicks), drags with their path, aggregated
// scrolls, typed text, hotkeys, single key presses and waits, each paired with the frame observed
// just before it. One pass over the events in seq order; a pure function of the session, so the
// same session always gives the same steps.
import { DeadKeyComposer, deadKeyOf } from '../../core/dead-keys.ts';
import type { EventRow, WindowRow } from '../../core/stored-rows.ts';
import { CAPS_LOCK, keyName, typedChar } from '../../shared/key-names.ts';
import { isLevelThreeShift, type KeyboardLayout } from '../../shared/keyboard-layout.ts';
import { groupOfMods, MOD_ALT, MOD_SHIFT, type Modifier, modifierOf, modifiersOfMask, SHORTCUT_MODS } from '../../shared/modifiers.ts';
import { REDACTED_CHAR } from '../../shared/redaction-mark.ts';
import type { Action, MouseButton, ScrollDirection } from './action.ts';
import { FramePairing, type PairableFrame } from './frame-pairing.ts';

export interface ActionSource {
  events: readonly EventRow[];
  windows: readonly WindowRow[];
  frames: readonly PairableFrame[];
  layout: KeyboardLayout;
}

export interface DeriveOptions {
  /** A press that moves further than this (px) before its release is a drag, not a click. */
  dragThresholdPx: number;
  /** Clicks of one button this close in time (ms) and space (px) make a double or triple click. */
  multiClickMs: number;
  multiClickPx: number;
  /** Wheel events of one direction with gaps up to this (ms) make one scroll. */
  scrollGapMs: number;
  /** A pause in input longer than this (ms) becomes a wait step. */
  waitMs: number;
}

export const DEFAULT_DERIVE_OPTIONS: DeriveOptions = {
  dragThresholdPx: 6,
  multiClickMs: 500,
  multiClickPx: 5,
  scrollGapMs: 400,
  waitMs: 3000,
};

const BUTTONS: Record<number, MouseButton> = { 1: 'left', 2: 'right', 3: 'middle' };

type Draft = DistributiveOmit<Action, 'index' | 'window' | 'frameSeq' | 'frameNote' | 'afterFrameSeq' | 'point' | 'path'> & {
  windowSeq: number;
  at?: { x: number; y: number };
  pathPoints?: { x: number; y: number }[];
};
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

interface HeldModifier {
  /** Presses (the first and any auto-repeats) not yet attached to a step. */
  pending: number[];
  t: number;
  windowSeq: number;
  usedBy: Draft | undefined;
}

interface Press {
  button: MouseButton;
  seqs: number[];
  t: number;
  endT: number;
  windowSeq: number;
  mods: Modifier[];
  path: { x: number; y: number }[];
  maxDistance: number;
  clicks: number;
  /** Held modifiers this press took: they belong to its step. */
  modifiers: HeldModifier[];
}

export function deriveActions(source: ActionSource, options: Partial<DeriveOptions> = {}): Action[] {
  const o = { ...DEFAULT_DERIVE_OPTIONS, ...options };
  const drafts = new Deriver(source.layout, o).run([...source.events].sort((a, b) => a.seq - b.seq));
  return finish(drafts, source);
}

class Deriver {
  private readonly drafts: Draft[] = [];
  private text: Extract<Draft, { kind: 'type' }> | undefined;
  private scroll: Extract<Draft, { kind: 'scroll' }> | undefined;
  private press: Press | undefined;
  private readonly held = new Map<Modifier, HeldModifier>();
  private capsLock = false;
  private readonly dead = new DeadKeyComposer();
  /** AltGr (the layout's third-level key) is held. */
  private altGr = false;
  private lastActivity: { t: number; windowSeq: number } | undefined;
  private readonly layout: KeyboardLayout;
  private readonly o: DeriveOptions;

  constructor(layout: KeyboardLayout, o: DeriveOptions) {
    this.layout = layout;
    this.o = o;
  }

  run(events: readonly EventRow[]): Draft[] {
    for (const e of events) {
      if (e.kind === 'mouse-move') {
        this.onMove(e);
        continue;
      }
      this.noteGap(e);
      switch (e.kind) {
        case 'key-down':
          this.onKeyDown(e);
          break;
        case 'key-up':
          this.onKeyUp(e);
          break;
        case 'mouse-down':
          this.onMouseDown(e);
          break;
        case 'mouse-up':
          this.onMouseUp(e);
          break;
        case 'wheel':
          this.onWheel(e);
          break;
      }
      this.lastActivity = { t: e.t, windowSeq: e.windowSeq };
    }
    if (this.press) this.finishPress();
    this.flushText();
    this.flushScroll();
    for (const modifier of [...this.held.keys()]) this.releaseModifier(modifier);
    return this.drafts;
  }

  /** A pause longer than waitMs (with no button held) becomes a wait step before what follows. */
  private noteGap(e: EventRow): void {
    const last = this.lastActivity;
    if (!last || this.press || e.t - last.t <= this.o.waitMs) return;
    this.flushText();
    this.flushScroll();
    this.drafts.push({ kind: 'wait', t: last.t, endT: e.t, ms: e.t - last.t, seqs: [], windowSeq: last.windowSeq, flags: [] });
  }

  private onKeyDown(e: EventRow): void {
    const keycode = e.keycode ?? null;
    if (keycode === null) {
      // The key was not kept (keys policy "timing", or redacted): a placeholder in typed text.
      const run = this.textRun(e);
      run.text += REDACTED_CHAR;
      run.redacted++;
      if (!run.flags.includes('redacted-keys')) run.flags.push('redacted-keys');
      return;
    }
    if (isLevelThreeShift(this.layout, keycode)) this.altGr = true;
    const modifier = modifierOf(keycode);
    if (modifier) {
      const held = this.held.get(modifier);
      if (held) held.pending.push(e.seq);
      else this.held.set(modifier, { pending: [e.seq], t: e.t, windowSeq: e.windowSeq, usedBy: undefined });
      return;
    }
    const mods = modifiersOfMask(e.mods);
    // A key without a name cannot be replayed: review made a person redact or waive it.
    const name = keyName(this.layout, keycode);
    // uiohook reports AltGr as Alt: held for the third level (@ on Q in de), it makes no shortcut.
    if ((this.altGr ? e.mods & ~MOD_ALT : e.mods) & SHORTCUT_MODS) {
      if (name !== undefined) this.emit({ kind: 'hotkey', t: e.t, endT: e.t, seqs: [e.seq], windowSeq: e.windowSeq, flags: [], keys: [...mods, name] });
      return;
    }
    if (keycode === CAPS_LOCK) {
      this.capsLock = !this.capsLock;
      this.emit({ kind: 'key', t: e.t, endT: e.t, seqs: [e.seq], windowSeq: e.windowSeq, flags: [], key: 'capslock' });
      return;
    }
    const deadKey = deadKeyOf(this.layout, keycode, (e.mods & MOD_SHIFT) !== 0, groupOfMods(e.mods), this.altGr);
    if (deadKey) {
      const run = this.textRun(e);
      run.text += this.dead.press(deadKey);
      return;
    }
    const ch = this.character(keycode, (e.mods & MOD_SHIFT) !== 0, groupOfMods(e.mods));
    if (ch !== undefined) {
      const run = this.textRun(e);
      run.text += this.dead.apply(ch);
      return;
    }
    if (name === undefined) return;
    if (e.mods & MOD_SHIFT) this.emit({ kind: 'hotkey', t: e.t, endT: e.t, seqs: [e.seq], windowSeq: e.windowSeq, flags: [], keys: ['shift', name] });
    else this.emit({ kind: 'key', t: e.t, endT: e.t, seqs: [e.seq], windowSeq: e.windowSeq, flags: [], key: name });
  }

  private character(keycode: number, shift: boolean, group: number): string | undefined {
    const plain = typedChar(this.layout, keycode, false, group, this.altGr);
    if (plain === undefined) return undefined;
    const isLetter = plain.length === 1 && plain.toLowerCase() !== plain.toUpperCase();
    return typedChar(this.layout, keycode, this.capsLock && isLetter ? !shift : shift, group, this.altGr) ?? plain;
  }

  private onKeyUp(e: EventRow): void {
    if (e.keycode != null && isLevelThreeShift(this.layout, e.keycode)) this.altGr = false;
    const modifier = e.keycode == null ? undefined : modifierOf(e.keycode);
    if (modifier) this.releaseModifier(modifier);
  }

  /** A modifier let go: pressed on its own it is a key step; else its repeats join its last step. */
  private releaseModifier(modifier: Modifier): void {
    const held = this.held.get(modifier);
    if (!held) return;
    this.held.delete(modifier);
    if (held.pending.length === 0) return;
    if (held.usedBy) {
      held.usedBy.seqs.push(...held.pending);
      return;
    }
    this.emit({ kind: 'key', t: held.t, endT: held.t, seqs: held.pending, windowSeq: held.windowSeq, flags: [], key: modifier }, false);
  }

  /** The modifiers held for a step join it (their presses are part of what made the step); a press
   *  points them at its step once the release decides what that step is. */
  private consumeModifiers(target: { seqs: number[] }, owner?: Draft): HeldModifier[] {
    const held = [...this.held.values()];
    for (const h of held) {
      target.seqs.push(...h.pending);
      h.pending = [];
      if (owner) h.usedBy = owner;
    }
    return held;
  }

  private onMouseDown(e: EventRow): void {
    this.flushText();
    this.flushScroll();
    if (this.press) this.finishPress();
    const x = e.x ?? 0;
    const y = e.y ?? 0;
    this.press = {
      button: BUTTONS[e.button ?? 1] ?? 'left',
      seqs: [e.seq],
      t: e.t,
      endT: e.t,
      windowSeq: e.windowSeq,
      mods: modifiersOfMask(e.mods),
      path: [{ x, y }],
      maxDistance: 0,
      clicks: e.clicks ?? 1,
      modifiers: [],
    };
    this.press.modifiers = this.consumeModifiers(this.press);
  }

  private onMove(e: EventRow): void {
    const press = this.press;
    if (!press || e.x == null || e.y == null) return;
    addPathPoint(press, e.x, e.y);
    press.seqs.push(e.seq);
    press.endT = e.t;
  }

  private onMouseUp(e: EventRow): void {
    const press = this.press;
    if (!press || BUTTONS[e.button ?? 1] !== press.button) return;
    if (e.x != null && e.y != null) {
      const last = press.path.at(-1)!;
      if (last.x !== e.x || last.y !== e.y) addPathPoint(press, e.x, e.y);
    }
    press.seqs.push(e.seq);
    press.endT = e.t;
    this.finishPress();
  }

  private finishPress(): void {
    const press = this.press!;
    this.press = undefined;
    const start = press.path[0]!;
    let draft: Draft;
    if (press.maxDistance > this.o.dragThresholdPx) {
      draft = { kind: 'drag', t: press.t, endT: press.endT, seqs: press.seqs, windowSeq: press.windowSeq, flags: [], button: press.button, mods: press.mods, at: start, pathPoints: press.path };
      this.drafts.push(draft);
    } else {
      const last = this.drafts.at(-1);
      if (last?.kind === 'click' && last.button === press.button && last.count < 3 && last.at) {
        const near = Math.hypot(last.at.x - start.x, last.at.y - start.y) <= this.o.multiClickPx;
        const soon = press.t - last.endT <= this.o.multiClickMs;
        if ((near && soon) || (press.clicks >= 2 && press.clicks > last.count)) {
          last.count = (last.count + 1) as 2 | 3;
          last.seqs.push(...press.seqs);
          last.endT = press.endT;
          for (const held of press.modifiers) held.usedBy = last;
          return;
        }
      }
      draft = { kind: 'click', t: press.t, endT: press.endT, seqs: press.seqs, windowSeq: press.windowSeq, flags: [], button: press.button, count: 1, mods: press.mods, at: start };
      this.drafts.push(draft);
    }
    for (const held of press.modifiers) held.usedBy = draft;
  }

  private onWheel(e: EventRow): void {
    this.flushText();
    const axis = e.axis ?? 'vertical';
    const rotation = e.rotation ?? 0;
    const direction: ScrollDirection = axis === 'horizontal' ? (rotation > 0 ? 'right' : 'left') : rotation > 0 ? 'down' : 'up';
    const run = this.scroll;
    if (!run || run.direction !== direction || run.windowSeq !== e.windowSeq || e.t - run.endT > this.o.scrollGapMs) {
      this.flushScroll();
      const draft: Draft = {
        kind: 'scroll', t: e.t, endT: e.t, seqs: [e.seq], windowSeq: e.windowSeq, flags: [],
        direction, amount: 0, dx: 0, dy: 0, mods: modifiersOfMask(e.mods), at: { x: e.x ?? 0, y: e.y ?? 0 },
      };
      this.consumeModifiers(draft, draft);
      this.scroll = draft;
    } else {
      run.seqs.push(e.seq);
      run.endT = e.t;
      this.consumeModifiers(run, run);
    }
    const current = this.scroll!;
    current.amount += Math.abs(rotation);
    if (axis === 'horizontal') current.dx += rotation;
    else current.dy += rotation;
  }

  private textRun(e: EventRow): Extract<Draft, { kind: 'type' }> {
    this.flushScroll();
    if (this.text && this.text.windowSeq !== e.windowSeq) this.flushText();
    if (!this.text) this.text = { kind: 'type', t: e.t, endT: e.t, seqs: [], windowSeq: e.windowSeq, flags: [], text: '', redacted: 0 };
    this.text.seqs.push(e.seq);
    this.text.endT = e.t;
    this.consumeModifiers(this.text, this.text);
    return this.text;
  }

  private flushText(): void {
    if (this.text) this.drafts.push(this.text);
    this.text = undefined;
    this.dead.cancel();
  }

  private flushScroll(): void {
    if (this.scroll) this.drafts.push(this.scroll);
    this.scroll = undefined;
  }

  /** Emits a key or hotkey step: it ends any text or scroll run and takes the held modifiers. */
  private emit(draft: Draft, takeModifiers = true): void {
    this.flushText();
    this.flushScroll();
    if (takeModifiers) this.consumeModifiers(draft, draft);
    this.drafts.push(draft);
  }
}

function addPathPoint(press: Press, x: number, y: number): void {
  const start = press.path[0]!;
  press.path.push({ x, y });
  press.maxDistance = Math.max(press.maxDistance, Math.hypot(x - start.x, y - start.y));
}

/** Orders the drafts by time, numbers them, and pairs each with its window and its frames before and after. */
function finish(drafts: Draft[], source: ActionSource): Action[] {
  const pairing = new FramePairing(source.frames, source.windows);
  const windows = new Map(source.windows.map((w) => [w.seq, w]));
  const firstSeq = (d: Draft) => (d.seqs.length === 0 ? Infinity : Math.min(...d.seqs));
  const ordered = drafts
    .map((d) => ({ d, first: firstSeq(d) }))
    .sort((a, b) => a.d.t - b.d.t || a.first - b.first);
  // When the next step that acts begins (a wait does not act): an observation after it shows that step's work too.
  const nextActsAt: (number | undefined)[] = [];
  for (let i = ordered.length - 1, next: number | undefined; i >= 0; i--) {
    nextActsAt[i] = next;
    if (ordered[i]!.d.kind !== 'wait') next = ordered[i]!.d.t;
  }
  return ordered.map(({ d }, index) => {
    const { windowSeq, at, pathPoints, ...rest } = d;
    const w = windows.get(windowSeq);
    const pick = pairing.pick(d.t, d.kind === 'click' || d.kind === 'drag');
    const frame = pairing.frame(pick.frameSeq);
    const flags = [...d.flags];
    const place = (p: { x: number; y: number }) => {
      const placed = pairing.place(p.x, p.y, frame);
      if (placed.outside && frame && !flags.includes('outside-frame')) flags.push('outside-frame');
      return placed.point;
    };
    const point = at ? place(at) : null;
    const step = {
      ...rest,
      seqs: [...d.seqs].sort((a, b) => a - b),
      index,
      window: w ? { app: w.app, title: w.title, bounds: { x: w.x, y: w.y, width: w.width, height: w.height } } : null,
      frameSeq: pick.frameSeq,
      ...(pick.frameNote ? { frameNote: pick.frameNote } : {}),
      afterFrameSeq: pairing.pickAfter(d.endT, nextActsAt[index]),
      point,
      flags,
    } as Action;
    if (step.kind === 'drag') step.path = (pathPoints ?? []).map(place);
    return step;
  });
}
