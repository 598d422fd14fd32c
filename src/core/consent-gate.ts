// The consent gate: every input event waits here until the focus timeline proves which window had
// focus at the event's moment, and the window decision (window-decision.ts, the rule frames and
// titles follow too) says that window may be recorded then: for a browser, that a report newer than
// the event names an allowed site. Only such events leave; everything else is dropped and counted by
// reason. A key also waits until the structure of the window (field-timeline.ts) says it did not go
// into a password field. It fails closed: not knowing is a reason to drop.
import type { AppPolicy } from './app-policy.ts';
import { DROP_REASONS, type DropReason } from '../shared/drop-reasons.ts';
import type { FieldVerdict } from './field-timeline.ts';
import { type Hotkey, DEFAULT_HOTKEYS, matchHotkey } from '../shared/hotkeys.ts';
import { MODIFIER_KEYCODES, isModifierKey } from '../shared/modifiers.ts';
import type { FocusSegment, FocusTimeline } from './focus-timeline.ts';
import { type InputEvent, type KeyEvent, type Millis, isKey } from './input-event.ts';
import type { WindowInfo } from './window-info.ts';
import type { WindowJudge, WindowVerdict } from './window-decision.ts';

// The reasons (DROP_REASONS) are listed once, with the words people read for them, in shared/.
export type DropCounts = Record<DropReason, number>;

export interface KeptEvent {
  event: InputEvent;
  segment: FocusSegment & { window: WindowInfo };
  policy: AppPolicy;
}

export interface GateOptions {
  timeline: FocusTimeline;
  /** Whether a window may be recorded at a moment, and under which policy. */
  judge: Pick<WindowJudge, 'decide'>;
  onKept: (kept: KeptEvent) => void;
  /** A change this close after an event (event clock) makes it ambiguous: the window manager
   *  announces focus a moment after the server moved it. */
  transitionGuardMs?: Millis;
  /** Longest an event waits (local clock) for the watcher to vouch for its moment, or for a browser
   *  report newer than it. */
  maxHoldMs?: Millis;
  /** Longest a lone modifier press waits to learn whether it starts a Cairn hotkey. */
  modifierHoldMs?: Millis;
  hotkeys?: readonly Hotkey[];
  onHotkey?: (hotkey: Hotkey) => void;
  /** Whether a key at a moment went into a password field of `window` (none: no structure known). */
  fields?: { keyVerdict(window: WindowInfo, time: Millis): FieldVerdict };
}

interface Pending {
  event: InputEvent;
  drop?: DropReason;
  /** The dropThrough rule in force when it arrived. */
  heardLate?: HeardLate;
}

/** Events stamped at or before `time` (event clock; undefined until it is known) are dropped. */
interface HeardLate {
  time: Millis | undefined;
  reason: DropReason;
}

type Settled = Exclude<WindowVerdict, { kind: 'wait' }> | { kind: 'drop'; reason: DropReason };
/** Where an event stands: dropped, recorded under a policy, or waiting (for a browser report, or
 *  for the window's structure to tell a key's field). */
type Outcome = Settled | { kind: 'wait'; otherwise: Settled };

export function emptyDropCounts(): DropCounts {
  return Object.fromEntries(DROP_REASONS.map((r) => [r, 0])) as DropCounts;
}

export class ConsentGate {
  readonly dropped: DropCounts = emptyDropCounts();
  kept = 0;
  paused = false;
  /** The newest dropThrough rule: every event that arrives from then on is held to it. */
  private heardLate: HeardLate | undefined;
  private readonly queue: Pending[] = [];
  private head = 0;
  /** Keys whose press was a hotkey (or part of one): their releases are dropped too. */
  private readonly swallowUntilRelease = new Set<number>();
  /** Keys pressed into a password field: their releases are dropped too, wherever focus went. */
  private readonly passwordKeysDown = new Set<number>();
  private readonly guard: Millis;
  private readonly maxHold: Millis;
  private readonly modifierHold: Millis;
  private readonly hotkeys: readonly Hotkey[];
  private readonly options: GateOptions;

  constructor(options: GateOptions) {
    this.options = options;
    this.guard = options.transitionGuardMs ?? 30;
    this.maxHold = options.maxHoldMs ?? 1000;
    this.modifierHold = options.modifierHoldMs ?? 2000;
    this.hotkeys = options.hotkeys ?? DEFAULT_HOTKEYS;
  }

  get pending(): number {
    return this.queue.length - this.head;
  }

  push(event: InputEvent): void {
    const item: Pending = { event };
    // Hotkeys are recognised even while paused: one of them is how a person resumes.
    if (isKey(event)) this.screenControlKeys(item, event);
    if (this.paused && !item.drop) item.drop = 'paused';
    if (this.heardLate && !item.drop) item.heardLate = this.heardLate;
    this.queue.push(item);
  }

  /**
   * From now on, an event stamped at or before a time the caller gives later (event clock: the X
   * server's time of a round trip sent now) is dropped for `reason` whenever it arrives; until that
   * time is given, what arrives waits (and is dropped as stale if it waits longer than maxHoldMs).
   * Input reaches the gate a while after it happened: the X server sends it, the hook's thread reads
   * it (late on a busy machine), and a pause, a resume or a forget can only take what the hook has
   * read. So after a resume, what was typed just before it, while paused, may arrive only then, and
   * after a forget, what was typed just before the request. Returns the function that gives the time.
   */
  dropThrough(reason: DropReason): (time: Millis) => void {
    const rule: HeardLate = { time: undefined, reason };
    this.heardLate = rule;
    return (time) => {
      rule.time = time;
    };
  }

  /** Releases every event that can be decided now; `now` is the local monotonic clock. */
  pump(now: Millis): void {
    const { timeline } = this.options;
    while (this.head < this.queue.length) {
      const item = this.queue[this.head]!;
      if (!item.drop && this.awaitingHotkey(item.event, now)) break;
      const late = now - item.event.arrivedAt >= this.maxHold;
      const rule = item.heardLate;
      if (!item.drop && rule) {
        if (rule.time === undefined && !late) break;
        if (rule.time === undefined) item.drop = 'focus-stale';
        else if (item.event.time <= rule.time) item.drop = rule.reason;
      }
      let outcome: Outcome;
      if (item.drop) outcome = { kind: 'drop', reason: item.drop };
      else if (timeline.watermark < item.event.time + this.guard) {
        if (!late) break;
        outcome = { kind: 'drop', reason: 'focus-stale' };
      } else outcome = this.verdictFor(item.event);
      // A browser window waits for a report newer than the event; when none comes in time, it is too late.
      if (outcome.kind === 'wait' && !late) break;
      this.head++;
      this.settle(item.event, outcome.kind === 'wait' ? outcome.otherwise : outcome);
    }
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue.splice(0, this.head);
      this.head = 0;
    }
  }

  /** Drops everything still held (used when recording stops or consent is withdrawn). */
  discardPending(reason: DropReason): void {
    while (this.head < this.queue.length) this.count(this.queue[this.head++]!.drop ?? reason);
    this.queue.length = 0;
    this.head = 0;
  }

  /** What the focus timeline and the window decision say of the event's moment (the watcher vouched for it). */
  private verdictFor(event: InputEvent): Outcome {
    const { timeline } = this.options;
    const segment = timeline.at(event.time);
    if (!segment || !segment.window) return { kind: 'drop', reason: 'focus-unknown' };
    if (timeline.changedWithin(event.time, event.time + this.guard)) return { kind: 'drop', reason: 'focus-transition' };
    if (segment.inputElsewhere) return { kind: 'drop', reason: 'input-elsewhere' };
    const verdict = this.options.judge.decide(segment.window, event.time);
    return isKey(event) && verdict.kind !== 'drop' ? this.fieldOutcome(verdict, segment.window, event) : verdict;
  }

  /** A key the window may record, unless it went into a password field (or that cannot be told yet). */
  private fieldOutcome(verdict: Exclude<WindowVerdict, { kind: 'drop' }>, window: WindowInfo, event: KeyEvent): Outcome {
    const released = event.kind === 'key-up' && this.passwordKeysDown.has(event.keycode);
    const field = released ? 'password' : (this.options.fields?.keyVerdict(window, event.time) ?? 'clear');
    if (field === 'password') return { kind: 'drop', reason: 'password-field' };
    const settled = verdict.kind === 'wait' ? verdict.otherwise : verdict;
    if (field === 'clear') return verdict;
    // Waiting on the field: too late, it is dropped as a password's (a browser's own verdict may be worse).
    return { kind: 'wait', otherwise: settled.kind === 'drop' ? settled : { kind: 'drop', reason: 'password-field' } };
  }

  private settle(event: InputEvent, outcome: Settled): void {
    if (outcome.kind === 'drop') {
      if (isKey(event)) this.notePasswordKey(event, outcome.reason === 'password-field');
      return this.count(outcome.reason);
    }
    if (event.kind === 'key-up') this.passwordKeysDown.delete(event.keycode);
    // Recorded only after verdictFor found a window for the event's moment.
    const segment = this.options.timeline.at(event.time) as KeptEvent['segment'];
    const { policy } = outcome;
    if (isKey(event) && policy.keys === 'off') return this.count('keys-off');
    if (!isKey(event) && !inside(event, segment.window)) return this.count('outside-window');
    this.kept++;
    this.options.onKept({ event, segment, policy });
  }

  /** A key-down dropped as a password's makes its release one too; any release ends that. */
  private notePasswordKey(event: KeyEvent, password: boolean): void {
    if (event.kind === 'key-up') this.passwordKeysDown.delete(event.keycode);
    else if (password) this.passwordKeysDown.add(event.keycode);
  }

  private count(reason: DropReason): void {
    this.dropped[reason]++;
  }

  /** A lone modifier press is held until a key tells whether it began a hotkey. */
  private awaitingHotkey(event: InputEvent, now: Millis): boolean {
    if (event.kind !== 'key-down' || !isModifierKey(event.keycode)) return false;
    if (now - event.arrivedAt >= this.modifierHold) return false;
    for (let i = this.head + 1; i < this.queue.length; i++) {
      const later = this.queue[i]!.event;
      if (isKey(later) && !isModifierKey(later.keycode)) return false;
      if (later.kind === 'key-up' && later.keycode === event.keycode) return false;
    }
    return true;
  }

  private screenControlKeys(item: Pending, event: KeyEvent): void {
    if (event.kind === 'key-up') {
      if (this.releaseSwallowed(event.keycode)) item.drop = 'control-key';
      return;
    }
    const hotkey = matchHotkey(event, this.hotkeys);
    if (!hotkey) return;
    item.drop = 'control-key';
    this.swallowUntilRelease.add(event.keycode);
    // The modifier presses that built the hotkey are normally still held here: take them back
    // too. Their releases are swallowed whatever happened to the presses (paused, already gone).
    const held = new Set<string>();
    for (let i = this.head; i < this.queue.length; i++) {
      const earlier = this.queue[i]!;
      if (earlier.event.kind === 'key-down' && isModifierKey(earlier.event.keycode)) {
        if (!earlier.drop || earlier.drop === 'paused') earlier.drop = 'control-key';
        this.swallowUntilRelease.add(earlier.event.keycode);
        held.add(MODIFIER_KEYCODES.get(earlier.event.keycode)!);
      }
    }
    for (const [code, kind] of MODIFIER_KEYCODES) {
      if (event.mods[kind] && !held.has(kind)) this.swallowUntilRelease.add(code);
    }
    this.options.onHotkey?.(hotkey);
  }

  /** True when this release belongs to a swallowed press; forgets every variant of that modifier. */
  private releaseSwallowed(keycode: number): boolean {
    if (!this.swallowUntilRelease.has(keycode)) return false;
    this.swallowUntilRelease.delete(keycode);
    const kind = MODIFIER_KEYCODES.get(keycode);
    if (kind) for (const [code, k] of MODIFIER_KEYCODES) if (k === kind) this.swallowUntilRelease.delete(code);
    return true;
  }
}

function inside(point: { x: number; y: number }, window: WindowInfo): boolean {
  const b = window.bounds;
  return point.x >= b.x && point.y >= b.y && point.x < b.x + b.width && point.y < b.y + b.height;
}
