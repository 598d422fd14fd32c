// Decides when to take a frame (around actions, after focus changes, and at a low periodic rate;
// never as a video stream) and makes sure a frame is kept only if the same allowed window had focus
// from before the grab until after it. While paused it takes none, and a grab that a pause
// overtook is thrown away: pause stores nothing, as if Record had not been pressed.
import type { AppPolicy } from '../core/app-policy.ts';
import type { FocusSegment, FocusTimeline } from '../core/focus-timeline.ts';
import type { InputEvent, Millis } from '../core/input-event.ts';
import type { FrameReason } from '../core/stored-rows.ts';
import type { WindowInfo } from '../core/window-info.ts';
import type { FocusWatcher } from '../capture/focus-watcher.ts';
import { encodeFrame } from '../capture/frame-encoder.ts';
import type { ScreenCapturer } from '../capture/screen-capturer.ts';


export interface CapturedFrame {
  /** Event-clock time the frame stands for. */
  time: Millis;
  reason: FrameReason;
  segment: FocusSegment & { window: WindowInfo };
  policy: AppPolicy;
  bytes: Buffer;
  width: number;
  height: number;
  sha256: string;
  format: string;
}

export interface FrameCounts {
  taken: number;
  duplicates: number;
  /** Focus moved (or the window changed) while the screen was grabbed: the frame was thrown away. */
  focusMoved: number;
  failed: number;
}

export interface FrameSchedulerOptions {
  timeline: FocusTimeline;
  focus: FocusWatcher;
  capturer: ScreenCapturer;
  policyOf: (window: WindowInfo) => AppPolicy;
  isOwnWindow: (window: WindowInfo) => boolean;
  onFrame: (frame: CapturedFrame) => void;
  onError?: (error: Error) => void;
  periodMs?: Millis;
  typingIdleMs?: Millis;
  focusSettleMs?: Millis;
}

export class FrameScheduler {
  readonly counts: FrameCounts = { taken: 0, duplicates: 0, focusMoved: 0, failed: 0 };
  private inFlight: Promise<void> | undefined;
  private queued: { reason: FrameReason; time?: Millis } | undefined;
  private typingTimer: NodeJS.Timeout | undefined;
  private focusTimer: NodeJS.Timeout | undefined;
  private periodic: NodeJS.Timeout | undefined;
  private readonly lastHash = new Map<string, string>();
  private stopped = false;
  private paused = false;
  /** Counts pauses: a grab that began before the latest one is not kept. */
  private pauses = 0;
  private readonly options: FrameSchedulerOptions;

  constructor(options: FrameSchedulerOptions) {
    this.options = options;
  }

  start(): void {
    this.periodic = setInterval(() => this.request('periodic'), this.options.periodMs ?? 10_000);
    this.periodic.unref();
    this.request('focus');
  }

  /** Sees every raw input event (before the gate): cheap, it only arms timers. */
  onInput(event: InputEvent): void {
    if (event.kind === 'mouse-down') this.request('click', event.time);
    else if (event.kind === 'key-down') {
      clearTimeout(this.typingTimer);
      this.typingTimer = setTimeout(() => this.request('typing'), this.options.typingIdleMs ?? 700);
    }
  }

  onFocusChange(): void {
    clearTimeout(this.focusTimer);
    this.focusTimer = setTimeout(() => this.request('focus'), this.options.focusSettleMs ?? 300);
  }

  /** No frame from now on, not even one whose grab has begun, until resume(). */
  pause(): void {
    this.paused = true;
    this.pauses++;
    this.queued = undefined;
    clearTimeout(this.typingTimer);
    clearTimeout(this.focusTimer);
  }

  /** Takes a fresh frame at once: what the screen shows now, even if it looks as before the pause. */
  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    this.lastHash.clear();
    this.request('focus');
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.periodic);
    clearTimeout(this.typingTimer);
    clearTimeout(this.focusTimer);
    this.queued = undefined;
    await this.inFlight;
  }

  private request(reason: FrameReason, time?: Millis): void {
    if (this.stopped || this.paused) return;
    if (this.inFlight) {
      // One grab at a time; a click outranks a timer if several wait.
      if (!this.queued || reason === 'click') this.queued = { reason, time };
      return;
    }
    this.inFlight = this.grab(reason, time)
      .catch((error: Error) => {
        this.counts.failed++;
        this.options.onError?.(error);
      })
      .finally(() => {
        this.inFlight = undefined;
        const next = this.queued;
        this.queued = undefined;
        if (next) this.request(next.reason, next.time);
      });
  }

  private async grab(reason: FrameReason, time?: Millis): Promise<void> {
    const { timeline, focus, capturer, policyOf, isOwnWindow } = this.options;
    const pauses = this.pauses;
    const segment = timeline.current;
    const window = segment?.window;
    if (!segment || !window || segment.inputElsewhere || isOwnWindow(window)) return;
    const policy = policyOf(window);
    if (!policy.allowed || policy.screens !== 'on') return;

    const shot = await capturer.capture(window);
    // Everything before this round trip has been reported: if the segment is still current, the
    // same window had focus, with the same bounds and title, for the whole grab.
    const after = await focus.sync();
    if (timeline.current?.seq !== segment.seq) {
      this.counts.focusMoved++;
      return;
    }
    const key = window.windowId;
    const frame = await encodeFrame({
      screen: shot.image,
      raw: shot.raw,
      originX: shot.originX,
      originY: shot.originY,
      window: window.bounds,
      masks: shot.masks,
      previousHash: this.lastHash.get(key),
    });
    if (!frame) return;
    this.lastHash.set(key, frame.rawHash);
    if ('duplicate' in frame) {
      this.counts.duplicates++;
      return;
    }
    if (this.pauses !== pauses) return; // paused while grabbing or encoding
    this.counts.taken++;
    this.options.onFrame({
      time: time ?? after,
      reason,
      segment: segment as CapturedFrame['segment'],
      policy,
      bytes: frame.bytes,
      width: frame.width,
      height: frame.height,
      sha256: frame.sha256,
      format: frame.format,
    });
  }
}
