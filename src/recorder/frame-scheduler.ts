// Takes the frames that stand for no step: one after a focus change settles and one at a low
// periodic rate (never a video stream; a step's own observations come from step-observations.ts). A
// frame is kept only if the same allowed window had focus from before the grab until after it, and
// the window decision (frame-verdict.ts, the gate's own rule) holds for the whole grab: for a
// browser, every report from before the grab to one newer than it names an allowed site of a window
// that is not private. While paused it takes none, and a grab that a pause overtook is thrown away:
// pause stores nothing, as if Record had not been pressed.
import type { AppPolicy } from '../core/app-policy.ts';
import type { FocusSegment, FocusTimeline } from '../core/focus-timeline.ts';
import type { Millis } from '../core/input-event.ts';
import type { FrameReason } from '../core/stored-rows.ts';
import type { WindowInfo } from '../core/window-info.ts';
import type { WindowJudge } from '../core/window-decision.ts';
import type { FocusWatcher } from '../capture/focus-watcher.ts';
import { type EncodedFrame, encodeFrame } from '../capture/frame-encoder.ts';
import { type CapturedPixels, type ScreenCapturer, releasePixels } from '../capture/screen-capturer.ts';
import { frameVerdict, framesAllowed } from './frame-verdict.ts';

export interface CapturedFrame {
  /** Event-clock time the frame stands for: when its pixels were read. */
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

/** A frame to store: the encoded pixels, when they were read, why, and under which window and policy. */
export function capturedFrame(
  time: Millis,
  reason: FrameReason,
  segment: CapturedFrame['segment'],
  policy: AppPolicy,
  { bytes, width, height, sha256, format }: EncodedFrame,
): CapturedFrame {
  return { time, reason, segment, policy, bytes, width, height, sha256, format };
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
  /** The event clock at a monotonic moment: a frame's time is when its pixels were read. */
  eventTime?: (monotonic: number) => Millis | undefined;
  periodMs?: Millis;
  focusSettleMs?: Millis;
}

export class FrameScheduler {
  readonly counts: FrameCounts = { taken: 0, duplicates: 0, focusMoved: 0, refused: 0, failed: 0 };
  private inFlight: Promise<void> | undefined;
  private queued: FrameReason | undefined;
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

  onFocusChange(): void {
    clearTimeout(this.focusTimer);
    this.focusTimer = setTimeout(() => this.request('focus'), this.options.focusSettleMs ?? 300);
  }

  /** No frame from now on, not even one whose grab has begun, until resume(). */
  pause(): void {
    this.paused = true;
    this.pauses++;
    this.queued = undefined;
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
    clearTimeout(this.focusTimer);
    this.queued = undefined;
    await this.inFlight;
  }

  private request(reason: FrameReason): void {
    if (this.stopped || this.paused) return;
    if (this.inFlight) {
      // One grab at a time; a focus frame outranks a periodic one if several wait.
      if (!this.queued || reason === 'focus') this.queued = reason;
      return;
    }
    this.inFlight = this.grab(reason)
      .catch((error: Error) => {
        this.counts.failed++;
        this.options.onError?.(error);
      })
      .finally(() => {
        this.inFlight = undefined;
        const next = this.queued;
        this.queued = undefined;
        if (next) this.request(next);
      });
  }

  private async grab(reason: FrameReason): Promise<void> {
    const { timeline, capturer, judge } = this.options;
    const pauses = this.pauses;
    const segment = timeline.current;
    const window = segment?.window;
    if (!segment || !window || segment.inputElsewhere) return;
    // The watermark is a moment the watcher vouched for, so no later than the grab's start.
    const from = timeline.watermark;
    if (!framesAllowed(judge.decide(window, from))) return;

    const shot = await capturer.capture(window);
    const readAt = this.options.eventTime?.(performance.now());
    try {
      await this.keep(reason, shot, segment as CapturedFrame['segment'], from, readAt, pauses);
    } finally {
      // Stored or thrown away: nothing reads these pixels any more.
      releasePixels(shot);
    }
  }

  /** Stores `shot` if the same window had focus throughout and the window decision holds for it. */
  private async keep(reason: FrameReason, shot: CapturedPixels, segment: CapturedFrame['segment'], from: Millis, readAt: Millis | undefined, pauses: number): Promise<void> {
    const { timeline, focus, judge } = this.options;
    const window = segment.window;
    // Everything before this round trip has been reported: if the segment is still current, the
    // same window had focus, with the same bounds and title, for the whole grab.
    const after = await focus.sync();
    if (timeline.current?.seq !== segment.seq) {
      this.counts.focusMoved++;
      return;
    }
    const verdict = await frameVerdict(judge, window, from, after, this.options.holdMs ?? 1000, () => this.stopped);
    if (verdict.kind !== 'record' || !framesAllowed(verdict)) {
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
    this.options.onFrame(capturedFrame(Math.min(readAt ?? after, after), reason, segment, verdict.policy, frame));
  }
}
