// Everything a recording does with the screen, behind one face for the recorder: the observation
// ring kept fresh by the grabber, the step observations paired from it, and the scheduler's focus
// and periodic frames. Pause, forget, withdrawal and focus loss reach each part from here.
import type { KeptEvent } from '../core/consent-gate.ts';
import type { FocusSegment, FocusTimeline } from '../core/focus-timeline.ts';
import type { InputEvent, Millis } from '../core/input-event.ts';
import type { WindowJudge } from '../core/window-decision.ts';
import type { KeyboardLayout } from '../shared/keyboard-layout.ts';
import type { FocusWatcher } from '../capture/focus-watcher.ts';
import type { ScreenCapturer } from '../capture/screen-capturer.ts';
import { type CapturedFrame, type FrameCounts, FrameScheduler } from './frame-scheduler.ts';
import { type GrabCounts, ObservationGrabber } from './observation-grabber.ts';
import { ObservationRing } from './observation-ring.ts';
import { type ObservationCounts, StepObservations } from './step-observations.ts';

/** Most bytes of pixels the ring holds: two grabs of a 1920x1080 window and the newest. */
export const RING_BUDGET_BYTES = 16 * 1024 * 1024;

export interface FrameCaptureOptions {
  timeline: FocusTimeline;
  focus: FocusWatcher;
  capturer: ScreenCapturer;
  judge: Pick<WindowJudge, 'decide'>;
  layout: KeyboardLayout;
  eventTime: (monotonic: number) => Millis | undefined;
  holdMs?: Millis;
  periodMs?: Millis;
  /** The input source tells when input pauses (onInputPaused): the grabber then sets no timer to find out. */
  inputTellsPauses?: boolean;
  onFrame: (frame: CapturedFrame) => void;
  onError: (error: Error) => void;
}

export interface ScreenCounts extends FrameCounts {
  observations: ObservationCounts & GrabCounts & { ringBytes: number };
}

export class FrameCapture {
  private readonly ring = new ObservationRing(RING_BUDGET_BYTES);
  private readonly scheduler: FrameScheduler;
  private readonly grabber: ObservationGrabber;
  private readonly steps: StepObservations;
  private lastSegment: FocusSegment | undefined;

  constructor(o: FrameCaptureOptions) {
    this.scheduler = new FrameScheduler({ ...o, onError: o.onError });
    this.steps = new StepObservations({ ...o, ring: this.ring });
    this.grabber = new ObservationGrabber({
      ...o,
      ring: this.ring,
      onGrab: (observation, readAt) => this.steps.onGrab(observation, readAt),
      awaited: () => this.steps.awaitingAfter,
    });
  }

  start(): void {
    this.scheduler.start();
    this.grabber.start();
  }

  /** Every raw input event (the hook's callback: only bookkeeping here). */
  onInput(event: InputEvent): void {
    if (event.kind !== 'mouse-move') this.steps.onInput(event);
    this.grabber.noteInput(event);
  }

  /** The input source told that input paused, last heard at `lastHeardAt` (a source that tells: see inputTellsPauses). */
  onInputPaused(lastHeardAt: number): void {
    this.grabber.inputPaused(lastHeardAt);
  }

  onKept(kept: KeptEvent): void {
    this.steps.onKept(kept);
  }

  onFocusChange(segment: FocusSegment): void {
    const last = this.lastSegment;
    this.lastSegment = segment;
    this.scheduler.onFocusChange();
    // A retitle, move or resize of the same window keeps what the ring holds; anything else drops it.
    const same = last?.window && segment.window && last.window.windowId === segment.window.windowId && last.inputElsewhere === segment.inputElsewhere;
    if (!same) this.grabber.focusLost();
  }

  pause(): void {
    this.scheduler.pause();
    this.grabber.pause();
    this.steps.discard();
  }

  resume(): void {
    this.scheduler.resume();
    this.grabber.resume();
  }

  /** The recent past is being erased: what is held in memory goes with it. */
  forget(): void {
    this.steps.discard();
    this.grabber.focusLost();
  }

  /** On a normal stop the last step still gets its observation after; then the ring is emptied. */
  async stop(mode: 'keep' | 'discard'): Promise<void> {
    await this.scheduler.stop();
    await this.steps.stop(mode);
    await this.grabber.stop();
  }

  get counts(): ScreenCounts {
    return { ...this.scheduler.counts, observations: { ...this.steps.counts, ...this.grabber.counts, ringBytes: this.ring.bytes } };
  }
}
