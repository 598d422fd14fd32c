// Keeps the observation ring fresh: grabs the focused window while it may be recorded with screens
// on, most often when a step is likely. A person rests the pointer on its target before pressing or
// turning the wheel, and pauses between keys: once input has paused for REST_MS the window is grabbed,
// then every POINTER_REST_PERIOD_MS while the pointer rests (KEY_REST_PERIOD_MS after a key, which
// mostly continues typing), so the ring's last read before a step is about one period old. While
// input streams without a pause (the pointer sweeping) a grab every STREAMING_PERIOD_MS is enough,
// and every IDLE_PERIOD_MS when nothing comes. Each grab costs a few ms of CPU, so this is what keeps
// the ring cheap. Nothing is grabbed while paused, while the keyboard is elsewhere, or of a window
// the decision refuses; a grab that a pause or a focus loss overtook is thrown away. Each grab's time
// is when its pixels were read, on the event clock. Where the capturer can tell that the window
// shows what the ring's newest observation already holds (captureIfChanged), a grab reads no pixels
// and only adds a read time to it: most grabs while the pointer sweeps over a still window.
import type { FocusTimeline } from '../core/focus-timeline.ts';
import type { InputEvent, Millis } from '../core/input-event.ts';
import type { WindowJudge } from '../core/window-decision.ts';
import { INPUT_REST_MS } from '../capture/input-source.ts';
import { type CapturedPixels, type ScreenCapturer, releasePixels } from '../capture/screen-capturer.ts';
import { framesAllowed } from './frame-verdict.ts';
import type { Observation, ObservationRing } from './observation-ring.ts';
import { TIMER_SLACK_MS } from './paced-work.ts';

/** Nothing heard for this long (ms): input paused, and a step may come now. A source that tells
 *  pauses times it by when it heard the input; otherwise a timer looks for it. */
const REST_MS = INPUT_REST_MS;
/** Between grabs while the pointer rests (ms): the freshness of an observation before a click. */
export const POINTER_REST_PERIOD_MS = 50;
/** Between grabs while the keyboard rests after a key (ms). */
const KEY_REST_PERIOD_MS = 200;
/** How long into a rest the grabs stay that frequent (ms). */
const RESTING_FOR_MS = 2000;
/** Between grabs while input streams without a pause of REST_MS: a person about to act rests first
 *  (the rest's grabs are what a step is paired with), so these only keep a step that comes without
 *  one from an observation older than this. 250 ms grabbed twice as often under a pointer sweeping
 *  over a changing window, for ~4% of the recorder's CPU (recorder-load, side by side). */
export const STREAMING_PERIOD_MS = 500;
/** Between grabs once the rest is over. */
const IDLE_PERIOD_MS = 500;
/** A capturer that is not in-process (a process per shot) grabs at most this often, and only within
 *  this long of input. */
const SLOW_PERIOD_MS = 2000;
const SLOW_FOR_MS = 3000;

export interface GrabCounts {
  /** Grabs taken, and how many of them differed from the one before. */
  grabs: number;
  distinct: number;
  /** Grabs the capturer answered with "unchanged", reading no pixels. */
  unread: number;
  grabsFailed: number;
}

export interface ObservationGrabberOptions {
  timeline: FocusTimeline;
  capturer: ScreenCapturer;
  judge: Pick<WindowJudge, 'decide'>;
  ring: ObservationRing;
  /** The event clock at a monotonic moment (performance.now()); undefined before the watcher answered. */
  eventTime: (monotonic: number) => Millis | undefined;
  onGrab: (observation: Observation, readAt: Millis) => void;
  /** Whether a step waits for its observation after: grabs go on for it when input has stopped. */
  awaited?: () => boolean;
  /** The input source tells when input pauses (inputPaused). Without, a timer looks for the rest
   *  while input streams: Node arms one system timer for all of its timers and does not put it back
   *  when a timer is cleared or pushed back, so such a timer woke the main thread after every batch
   *  (~20 times a second under a sweeping pointer, strace of recorder-load) even when refreshed. */
  inputTellsPauses?: boolean;
  onError?: (error: Error) => void;
}

export class ObservationGrabber {
  readonly counts: GrabCounts = { grabs: 0, distinct: 0, unread: 0, grabsFailed: 0 };
  private timer: NodeJS.Timeout | undefined;
  /** When the timer fires (local clock); Infinity when none is set. */
  private timerAt = Number.POSITIVE_INFINITY;
  private inFlight: Promise<void> | undefined;
  /** When input was last handed over (local clock). */
  private lastInputAt = Number.NEGATIVE_INFINITY;
  private lastInputWasKey = false;
  /** The source told that input paused, and nothing came since. */
  private pauseTold = false;
  /** When the last grab began (local clock). */
  private lastGrabAt = Number.NEGATIVE_INFINITY;
  /** Grab at the next tick whatever the cadence says: the focus changed, or the recording resumed. */
  private urgent = true;
  private running = false;
  /** Changes at each pause and focus loss: a grab that began before is thrown away. */
  private epoch = 0;
  private readonly options: ObservationGrabberOptions;
  private readonly inProcess: boolean;
  /** The last full grab's pixels (maybe freed already: the capturer knows them by identity) and the
   *  observation they joined: while that is the ring's newest, a grab asks the capturer what changed. */
  private last: { pixels: CapturedPixels; observation: Observation } | undefined;

  constructor(options: ObservationGrabberOptions) {
    this.options = options;
    this.inProcess = options.capturer.inProcess === true;
  }

  start(): void {
    this.running = true;
    this.schedule(0);
  }

  /** Input came (cheap: the hook's callback calls it): the next grab is due once it pauses. */
  noteInput(event: InputEvent): void {
    // Timed by when input is handed over here, not by when it happened: it comes in batches (an
    // event waits in its batch up to 200 ms), so a rest is REST_MS in which nothing was handed over,
    // or the source tells it (inputPaused, by when it heard the last event). Timed by the events'
    // own moments, the rest seemed to begin before the next batch could be heard: in a minute of a
    // pointer sweeping without a pause, 456 of 476 grabs were taken for rests that were none.
    const now = performance.now();
    this.lastInputAt = now;
    this.lastInputWasKey = event.kind === 'key-down' || event.kind === 'key-up';
    this.pauseTold = false;
    if (this.inFlight) return;
    // A source that tells pauses: the grab a streaming period after the last one is due at the
    // latest (its pause brings the rest sooner). Otherwise the rest is looked for when it would begin.
    const due = this.options.inputTellsPauses ? Math.max(now + REST_MS, this.lastGrabAt + STREAMING_PERIOD_MS) : now + REST_MS;
    if (this.timerAt > due) this.scheduleAt(due);
  }

  /** The input source told that input paused: nothing was heard for REST_MS since `lastHeardAt`
   *  (local clock), and all of it was handed over, so the rest begins now. noteInput timed the input
   *  by when it was handed over, up to a batch's length after it was heard. */
  inputPaused(lastHeardAt: number): void {
    this.pauseTold = true;
    this.lastInputAt = Math.min(this.lastInputAt, lastHeardAt);
    if (this.inFlight) return;
    const restFrom = this.lastInputAt + REST_MS;
    if (this.timerAt > restFrom) this.scheduleAt(restFrom);
  }

  /** Focus went to another window (or the keyboard elsewhere): what the ring holds is dropped. */
  focusLost(): void {
    this.epoch++;
    this.options.ring.clear();
    this.urgent = true;
    if (!this.inFlight) this.schedule(0);
  }

  pause(): void {
    this.running = false;
    this.epoch++;
    clearTimeout(this.timer);
    this.timerAt = Number.POSITIVE_INFINITY;
    this.options.ring.clear();
  }

  resume(): void {
    if (this.running) return;
    this.running = true;
    this.urgent = true;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.pause();
    await this.inFlight;
    this.options.ring.clear();
  }

  private schedule(delay: number): void {
    this.scheduleAt(performance.now() + delay);
  }

  /** The next look at `at` (local clock), kept as given: compared with later due times, it must
   *  not seem later than itself by the time that passed while it was set. */
  private scheduleAt(at: number): void {
    clearTimeout(this.timer);
    this.timerAt = Number.POSITIVE_INFINITY;
    if (!this.running || at === Number.POSITIVE_INFINITY) return;
    this.timerAt = at;
    this.timer = setTimeout(() => this.tick(), Math.max(0, at - performance.now()));
  }

  private tick(): void {
    this.timerAt = Number.POSITIVE_INFINITY;
    if (this.inFlight || !this.running) return;
    const now = performance.now();
    const due = this.nextGrabAt(now);
    // A timer that fires a fraction of a ms early (see TIMER_SLACK_MS) is on time: looking again a
    // ms later is one more wake-up of the main thread for each grab.
    if (!this.urgent && due > now + TIMER_SLACK_MS) {
      this.scheduleAt(due);
      return;
    }
    this.urgent = false;
    this.lastGrabAt = now;
    this.inFlight = this.grab()
      .catch((error: Error) => {
        this.counts.grabsFailed++;
        this.options.onError?.(error);
      })
      .finally(() => {
        this.inFlight = undefined;
        this.scheduleAt(this.nextGrabAt(performance.now()));
      });
  }

  /** When the next grab is due (local clock); Infinity: not before input comes. */
  private nextGrabAt(now: number): number {
    // A timer that fires a fraction of a ms early for a rest finds a rest.
    const quiet = now - this.lastInputAt + TIMER_SLACK_MS;
    const last = this.lastGrabAt;
    if (!this.inProcess) return quiet <= SLOW_FOR_MS || this.options.awaited?.() ? last + SLOW_PERIOD_MS : Number.POSITIVE_INFINITY;
    // Streaming: due after a streaming period, or when the input pauses: told by the source (looked
    // at again then), or looked for when it would begin.
    if (quiet < REST_MS) {
      const restLooked = this.pauseTold || !this.options.inputTellsPauses;
      return restLooked ? Math.min(last + STREAMING_PERIOD_MS, this.lastInputAt + REST_MS - TIMER_SLACK_MS) : last + STREAMING_PERIOD_MS;
    }
    if (quiet >= REST_MS + RESTING_FOR_MS) return last + IDLE_PERIOD_MS;
    const restFrom = this.lastInputAt + REST_MS - TIMER_SLACK_MS;
    if (last < restFrom) return restFrom;
    return last + (this.lastInputWasKey ? KEY_REST_PERIOD_MS : POINTER_REST_PERIOD_MS);
  }

  private async grab(): Promise<void> {
    const { timeline, judge, ring, capturer } = this.options;
    const epoch = this.epoch;
    const segment = timeline.current;
    const window = segment?.window;
    // The watermark is a moment the watcher vouched for, at which this segment was in force.
    const from = timeline.watermark;
    if (!segment || !window || segment.inputElsewhere || !framesAllowed(judge.decide(window, from))) {
      ring.clear();
      return;
    }
    const newest = ring.newest;
    // Only the same focus segment's newest observation may be read again: after a focus change, a
    // pause or a clear the grab is full.
    const last = this.last?.observation === newest && newest?.segment.seq === segment.seq ? this.last : undefined;
    const pixels = last && capturer.captureIfChanged ? await capturer.captureIfChanged(window, last.pixels) : await capturer.capture(window);
    // The pixels were read (or found unchanged, by a round trip to the X server) before now: the
    // event clock now (estimated to within CLOCK_SLACK_MS) is no earlier than that.
    const readAt = this.options.eventTime(performance.now());
    if (epoch !== this.epoch || readAt === undefined) {
      if (pixels) releasePixels(pixels);
      return;
    }
    let observation: Observation;
    if (pixels === null) {
      observation = ring.readAgain(last!.observation, readAt);
      this.counts.unread++;
    } else {
      observation = ring.add({ pixels, segment: segment as typeof segment & { window: NonNullable<typeof window> }, from, readAt });
      this.last = { pixels, observation };
      if (observation !== newest) this.counts.distinct++;
    }
    this.counts.grabs++;
    this.options.onGrab(observation, readAt);
  }
}
