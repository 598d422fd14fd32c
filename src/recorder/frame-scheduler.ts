// Decides when to take a frame (around actions, after focus changes, and at a low periodic rate;
// never as a video stream) and makes sure a frame is kept only if the same allowed window had focus
// from before the grab until after it, and the window decision (window-decision.ts, the gate's own
// rule) holds for the whole grab: for a browser, every report from before the grab to one newer than
// it names an allowed site of a window that is not private. While paused it takes none, and a grab
// that a pause overtook is thrown away: pause stores nothing, as if Record had not been pressed.
import type { AppPolicy } from '../core/app-policy.ts';
import type { FocusSegment, FocusTimeline } from '../core/focus-timeline.ts';
import type { InputEvent, Millis } from '../core/input-event.ts';
import type { FrameReason } from '../core/stored-rows.ts';
import type { WindowInfo } from '../core/window-info.ts';
import type { WindowJudge, WindowVerdict } from '../core/window-decision.ts';
import type { FocusWatcher } from '../capture/focus-watcher.ts';
import { encodeFrame } from '../capture/frame-encoder.ts';
import type { ScreenCapturer } from '../capture/screen-capturer.ts';


/** How often a grab waiting for a browser report looks again. */
const REPORT_POLL_MS = 50;

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
  /** The window decision refused the grab's moment (another site, a private window, no report in time): thrown away. */
  refused: number;
  failed: number;
}

export interface FrameSchedulerOptions {
  timeline: FocusTimeline;
  focus: FocusWatcher;
  capturer: ScreenCapturer;
  judge: Pick<WindowJudge, 'decide'>;
  /** Longest a grab waits for the window decision (a browser report newer than it) before it is refused. */
  holdMs?: Millis;
  onFrame: (frame: CapturedFrame) => void;
  onError?: (error: Error) => void;
  periodMs?: Millis;
  typingIdleMs?: Millis;
  focusSettleMs?: Millis;
}

export class FrameScheduler {
  readonly counts: FrameCounts = { taken: 0, duplicates: 0, focusMoved: 0, refused: 0, failed: 0 };
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
    const { timeline, focus, capturer, judge } = this.options;
    const pauses = this.pauses;
    const segment = timeline.current;
    const window = segment?.window;
    if (!segment || !window || segment.inputElsewhere) return;
    // The watermark is a moment the watcher vouched for, so no later than the grab's start.
    const from = timeline.watermark;
    const before = judge.decide(window, from);
    if (before.kind === 'drop' || before.policy.screens !== 'on') return;

    const shot = await capturer.capture(window);
    // Everything before this round trip has been reported: if the segment is still current, the
    // same window had focus, with the same bounds and title, for the whole grab.
    const after = await focus.sync();
    if (timeline.current?.seq !== segment.seq) {
      this.counts.focusMoved++;
      return;
    }
    const verdict = await this.settle(window, from, after);
    if (verdict.kind !== 'record' || verdict.policy.screens !== 'on') {
      this.counts.refused++;
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
      policy: verdict.policy,
      bytes: frame.bytes,
      width: frame.width,
      height: frame.height,
      sha256: frame.sha256,
      format: frame.format,
    });
  }

  /** The window decision for the grab, once a browser report newer than it has come or the hold has passed. */
  private async settle(window: WindowInfo, from: Millis, to: Millis): Promise<Exclude<WindowVerdict, { kind: 'wait' }>> {
    const giveUpAt = performance.now() + (this.options.holdMs ?? 1000);
    for (;;) {
      const verdict = this.options.judge.decide(window, from, to);
      if (verdict.kind !== 'wait') return verdict;
      if (this.stopped || performance.now() >= giveUpAt) return verdict.otherwise;
      await new Promise((resolve) => setTimeout(resolve, REPORT_POLL_MS));
    }
  }
}
