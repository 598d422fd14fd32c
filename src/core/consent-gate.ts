// The consent gate: every input event waits here until the focus timeline proves which window had
// focus at the event's moment. Only events proven to belong to an allowed app leave; everything
// else is dropped and counted by reason. It fails closed: not knowing is a reason to drop.
import type { AppPolicy } from './app-policy.ts';
import { type Hotkey, DEFAULT_HOTKEYS, matchHotkey } from '../shared/hotkeys.ts';
import { MODIFIER_KEYCODES, isModifierKey } from '../shared/modifiers.ts';
import type { FocusSegment, FocusTimeline } from './focus-timeline.ts';
import { type InputEvent, type KeyEvent, type Millis, isKey } from './input-event.ts';
import type { WindowInfo } from './window-info.ts';

export const DROP_REASONS = [
  'app-denied',
  'focus-unknown',
  'focus-stale',
  'focus-transition',
  'input-elsewhere',
  'outside-window',
  'cairn-window',
  'control-key',
  'keys-off',
  'paused',
  'forgotten',
] as const;
export type DropReason = (typeof DROP_REASONS)[number];
export type DropCounts = Record<DropReason, number>;

export interface KeptEvent {
  event: InputEvent;
  segment: FocusSegment & { window: WindowInfo };
  policy: AppPolicy;
}

export interface GateOptions {
  timeline: FocusTimeline;
  /** The policy in force for a window (its app's, or denied for a private browser window). */
  policyOf: (window: WindowInfo) => AppPolicy;
  /** Cairn's own windows (its UI, the terminal running `cairn record`). */
  isOwnWindow: (window: WindowInfo) => boolean;
  onKept: (kept: KeptEvent) => void;
  /** A change this close after an event (event clock) makes it ambiguous: the window manager
   *  announces focus a moment after the server moved it. */
  transitionGuardMs?: Millis;
  /** Longest an event waits (local clock) for the watcher to vouch for its moment. */
  maxHoldMs?: Millis;
  /** Longest a lone modifier press waits to learn whether it starts a Cairn hotkey. */
  modifierHoldMs?: Millis;
  hotkeys?: readonly Hotkey[];
  onHotkey?: (hotkey: Hotkey) => void;
}

interface Pending {
  event: InputEvent;
  drop?: DropReason;
}

export function emptyDropCounts(): DropCounts {
  return Object.fromEntries(DROP_REASONS.map((r) => [r, 0])) as DropCounts;
}

export class ConsentGate {
  readonly dropped: DropCounts = emptyDropCounts();
  kept = 0;
  paused = false;
  private readonly queue: Pending[] = [];
  private head = 0;
  /** Keys whose press was a hotkey (or part of one): their releases are dropped too. */
  private readonly swallowUntilRelease = new Set<number>();
  private readonly guard: Millis;
  private readonly maxHold: Millis;
  private readonly modifierHold: Millis;
  private readonly hotkeys: readonly Hotkey[];
  private decidedFor: FocusSegment | undefined;
  private segmentIsOwn = false;
  private segmentPolicy: AppPolicy | undefined;

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
    this.queue.push(item);
  }

  /** Releases every event that can be decided now; `now` is the local monotonic clock. */
  pump(now: Millis): void {
    const { timeline } = this.options;
    while (this.head < this.queue.length) {
      const item = this.queue[this.head]!;
      if (!item.drop && this.awaitingHotkey(item.event, now)) break;
      if (!item.drop && timeline.watermark < item.event.time + this.guard) {
        if (now - item.event.arrivedAt < this.maxHold) break;
        item.drop = 'focus-stale';
      }
      this.head++;
      this.decide(item);
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

  private decide(item: Pending): void {
    if (item.drop) return this.count(item.drop);
    const { event } = item;
    const { timeline, policyOf, isOwnWindow } = this.options;
    const segment = timeline.at(event.time);
    if (!segment || !segment.window) return this.count('focus-unknown');
    if (timeline.changedWithin(event.time, event.time + this.guard)) return this.count('focus-transition');
    if (segment.inputElsewhere) return this.count('input-elsewhere');
    const window = segment.window;
    // Policy and ownership are decided once per focus segment, not per event (moves come by hundreds).
    if (this.decidedFor !== segment) {
      this.decidedFor = segment;
      this.segmentIsOwn = isOwnWindow(window);
      this.segmentPolicy = policyOf(window);
    }
    if (this.segmentIsOwn) return this.count('cairn-window');
    const policy = this.segmentPolicy!;
    if (!policy.allowed) return this.count('app-denied');
    if (isKey(event) && policy.keys === 'off') return this.count('keys-off');
    if (!isKey(event) && !inside(event, window)) {
      return this.count('outside-window');
    }
    this.kept++;
    this.options.onKept({ event, segment: segment as KeptEvent['segment'], policy });
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
