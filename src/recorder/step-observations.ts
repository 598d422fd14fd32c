// Pairs every step with two observations from the ring and stores those, and only those: the one
// read just before the step began (the event arrives here a moment after it happened, so the ring's
// last read before the event's own time), and a settled one after it ended (read once the window has
// stayed the same for a while after the release, or when it never settles, after a longer wait).
// A step's observations are stored only once the consent gate has kept the event that began it, so
// a dropped step (a denied window, a Cairn hotkey, a pause) leaves none; and each one only if the
// window decision held from before its pixels were read until after (frame-verdict.ts). Its stored
// time is the moment its pixels were read.
import type { KeptEvent } from '../core/consent-gate.ts';
import type { FocusTimeline } from '../core/focus-timeline.ts';
import type { InputEvent, Millis } from '../core/input-event.ts';
import type { WindowJudge } from '../core/window-decision.ts';
import type { KeyboardLayout } from '../shared/keyboard-layout.ts';
import { encodeFrame } from '../capture/frame-encoder.ts';
import type { FocusWatcher } from '../capture/focus-watcher.ts';
import { type CapturedFrame, capturedFrame } from './frame-scheduler.ts';
import { frameVerdict, framesAllowed } from './frame-verdict.ts';
import type { Observation, ObservationPick, ObservationRing } from './observation-ring.ts';
import { StepBoundaries, type StepKind } from './step-boundaries.ts';

/** The event clock is read to within this (ms): a read this close to an event may have followed it. */
export const CLOCK_SLACK_MS = 3;
/** A step's settled observation: the window unchanged this long (ms)... */
const QUIET_MS = 100;
/** ...and read at least this long after the step ended (ms): an app may take a while to repaint. */
const SETTLE_MIN_MS: Record<StepKind, Millis> = { press: 200, key: 200, scroll: 200, typing: 700 };
/** A window that keeps changing (an animation) is observed this long after the step, as it is then. */
const SETTLE_MAX_MS = 2000;
/** A copy of the same pixels stored this recently (ms) already stands for them. */
const STORED_RECENTLY_MS = 20;
/** How long a step's beginning waits for the gate's verdict before it is forgotten (ms, local clock). */
const PIN_TTL_MS = 5000;

export interface ObservationCounts {
  /** Observations stored as read just before a step, and as settled after one. */
  before: number;
  after: number;
  /** Kept steps with no observation read before them (the ring was empty: just focused, just resumed). */
  missed: number;
  /** The window decision refused the moment of the read, or focus had moved: not stored. */
  refused: number;
  failed: number;
}

export interface StepObservationsOptions {
  ring: ObservationRing;
  timeline: FocusTimeline;
  focus: Pick<FocusWatcher, 'sync'>;
  judge: Pick<WindowJudge, 'decide'>;
  layout: KeyboardLayout;
  /** Longest a stored observation waits for the window decision (a browser report newer than it). */
  holdMs?: Millis;
  onFrame: (frame: CapturedFrame) => void;
  onError?: (error: Error) => void;
}

/** What a step begun but not yet kept by the gate has been paired with: stored once it is kept. */
interface Pin {
  before: ObservationPick | undefined;
  after?: ObservationPick;
}

/** The step under way, waiting for its settled observation. */
interface Underway {
  start: InputEvent;
  kind: StepKind;
  /** The time of the step's last event so far; undefined while a button or key is still down. */
  endAt: Millis | undefined;
  kept: boolean;
}

export class StepObservations {
  readonly counts: ObservationCounts = { before: 0, after: 0, missed: 0, refused: 0, failed: 0 };
  private readonly steps: StepBoundaries;
  /** Beginnings of steps the gate has not decided yet, with what they were paired with so far. */
  private readonly pins = new Map<InputEvent, Pin>();
  private underway: Underway | undefined;
  /** Stores run one at a time, in the order the steps came. */
  private chain: Promise<void> = Promise.resolve();
  /** Changes at each pause, forget and stop: a store that began before is not finished. */
  private epoch = 0;
  private readonly options: StepObservationsOptions;

  constructor(options: StepObservationsOptions) {
    this.options = options;
    this.steps = new StepBoundaries(options.layout);
  }

  /** A step has ended and waits for its observation after. */
  get awaitingAfter(): boolean {
    return this.underway?.endAt !== undefined;
  }

  /** Every raw input event, before the gate: marks where steps begin and end. */
  onInput(event: InputEvent): void {
    const mark = this.steps.mark(event);
    if (!mark) return;
    const endAt = mark.holds ? undefined : event.time;
    if ('begins' in mark) {
      this.dropStalePins(event.arrivedAt);
      const before = this.options.ring.latestBefore(event.time - CLOCK_SLACK_MS);
      if (before) this.options.ring.hold(before.observation);
      this.pins.set(event, { before });
      // A step begun before the previous one settled: what was read just before it, if it was read
      // after the previous one ended, is that one's observation after.
      const previous = this.underway;
      if (previous?.endAt !== undefined && before && before.readAt > previous.endAt) this.settle(previous, before);
      this.underway = { start: event, kind: mark.begins, endAt, kept: false };
    } else if (this.underway) {
      this.underway.endAt = endAt;
    }
  }

  /** The gate kept `kept`: if it began a step, that step's observations so far are stored. */
  onKept(kept: KeptEvent): void {
    const pin = this.pins.get(kept.event);
    if (!pin) return;
    this.pins.delete(kept.event);
    if (pin.before) this.store(pin.before, 'before');
    else this.counts.missed++;
    if (pin.after) this.store(pin.after, 'after');
    if (this.underway?.start === kept.event) this.underway.kept = true;
  }

  /** A grab was added to the ring (`observation` is its newest entry): the step under way may have settled. */
  onGrab(observation: Observation, readAt: Millis): void {
    this.dropStalePins(performance.now());
    const step = this.underway;
    if (!step || step.endAt === undefined || readAt <= step.endAt) return;
    const quietFor = readAt - Math.max(observation.firstReadAt, step.endAt);
    const settled = quietFor >= QUIET_MS && readAt >= step.endAt + SETTLE_MIN_MS[step.kind];
    if (settled || readAt >= step.endAt + SETTLE_MAX_MS) this.settle(step, { observation, readAt });
  }

  /** Forgets every step not yet stored (pause, forget): nothing begun before is written after. */
  discard(): void {
    this.epoch++;
    for (const pin of this.pins.values()) this.letGo(pin);
    this.pins.clear();
    this.underway = undefined;
    this.steps.reset();
  }

  /** On a normal stop the last step gets what the window shows now; then the stores finish. */
  async stop(mode: 'keep' | 'discard'): Promise<void> {
    const step = this.underway;
    const newest = this.options.ring.newest;
    if (mode === 'keep' && step?.kept && step.endAt !== undefined && newest && newest.reads.at(-1)! > step.endAt) {
      this.settle(step, { observation: newest, readAt: newest.reads.at(-1)! });
    }
    if (mode === 'discard') this.discard();
    this.underway = undefined;
    await this.chain;
  }

  /** `step` has its observation after: stored now if the gate kept the step, else once it does. */
  private settle(step: Underway, after: ObservationPick): void {
    if (this.underway === step) this.underway = undefined;
    const pin = this.pins.get(step.start);
    if (!step.kept && !pin) return;
    this.options.ring.hold(after.observation);
    if (step.kept) this.store(after, 'after');
    else {
      if (pin!.after) this.options.ring.release(pin!.after.observation);
      pin!.after = after;
    }
  }

  private dropStalePins(now: number): void {
    for (const [event, pin] of this.pins) {
      if (now - event.arrivedAt <= PIN_TTL_MS) continue;
      this.letGo(pin);
      this.pins.delete(event);
    }
  }

  /** What a pin held is no longer wanted. */
  private letGo(pin: Pin): void {
    if (pin.before) this.options.ring.release(pin.before.observation);
    if (pin.after) this.options.ring.release(pin.after.observation);
  }

  /** Stores `pick` (whose hold it takes over and ends) after those before it. */
  private store(pick: ObservationPick, reason: 'before' | 'after'): void {
    const epoch = this.epoch;
    this.chain = this.chain
      .then(() => this.keep(pick, reason, epoch))
      .catch((error: Error) => {
        this.counts.failed++;
        this.options.onError?.(error);
      })
      .finally(() => this.options.ring.release(pick.observation));
  }

  private async keep({ observation: o, readAt }: ObservationPick, reason: 'before' | 'after', epoch: number): Promise<void> {
    const { timeline, focus, judge } = this.options;
    const current = () => epoch === this.epoch;
    if (!current()) return;
    if (o.storedAt !== undefined && Math.abs(readAt - o.storedAt) <= STORED_RECENTLY_MS) return;
    // The watcher vouches for every focus change up to just after the read: the same segment (window,
    // title, bounds) was in force from before the first grab of these pixels until then.
    const until = readAt + CLOCK_SLACK_MS;
    if (timeline.watermark < until) await focus.sync();
    if (timeline.at(until)?.seq !== o.segment.seq) {
      this.counts.refused++;
      return;
    }
    const verdict = await frameVerdict(judge, o.segment.window, o.from, until, this.options.holdMs ?? 1000, () => !current());
    if (verdict.kind !== 'record' || !framesAllowed(verdict)) {
      this.counts.refused++;
      return;
    }
    o.encoded ??= encodeFrame({
      screen: o.pixels.image,
      raw: o.pixels.raw,
      originX: o.pixels.originX,
      originY: o.pixels.originY,
      window: o.segment.window.bounds,
      masks: o.pixels.masks,
    }).then((frame) => (frame && !('duplicate' in frame) ? frame : null));
    const frame = await o.encoded;
    if (!frame || !current()) return;
    o.storedAt = readAt;
    this.counts[reason]++;
    this.options.onFrame(capturedFrame(readAt, reason, o.segment, verdict.policy, frame));
  }
}
