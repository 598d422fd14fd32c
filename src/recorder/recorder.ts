// A recording: wires the input source and focus watcher through the consent gate and coalescer to
// the store writer, and the frame scheduler beside them. Nothing is hooked or watched before
// `Recorder.start`, which the caller reaches only with consent given and an app allowed.
import { BrowserTimeline } from '../core/browser-timeline.ts';
import { ConsentGate, type DropCounts, type KeptEvent } from '../core/consent-gate.ts';
import type { ControlAction } from '../shared/hotkeys.ts';
import type { DropReason } from '../shared/drop-reasons.ts';
import { EventClockEstimate } from '../core/event-clock-estimate.ts';
import { Coalescer, type EventRow, type WindowRow } from '../core/coalescer.ts';
import { FocusTimeline } from '../core/focus-timeline.ts';
import { MoveSampler } from '../core/move-sampler.ts';
import { HEAP_TRIM_PERIOD_MS, collectGarbagePeriodically } from '../core/lean-process.ts';
import type { InputEvent, Millis } from '../core/input-event.ts';
import type { WindowInfo } from '../core/window-info.ts';
import type { BrowserReportListener } from '../capture/browser/browser-report-listener.ts';
import { WindowJudge, type WindowRules } from '../core/window-decision.ts';
import type { FocusWatcher } from '../capture/focus-watcher.ts';
import type { InputSource } from '../capture/input-source.ts';
import type { ScreenCapturer } from '../capture/screen-capturer.ts';
import type { KeyboardGroupSource } from '../capture/x11/x11-keyboard-group.ts';
import type { AccessibilitySource } from '../capture/atspi/accessibility-source.ts';
import { BUILTIN_US_LAYOUT, type KeyboardLayout } from '../shared/keyboard-layout.ts';
import type { FrameRow } from '../store/write-batch.ts';
import { StoreError } from '../store/store-error.ts';
import { StoreWriter } from '../store/store-writer.ts';
import { withTimeout } from '../core/time-limit.ts';
import { keepReserve } from '../store/disk-reserve.ts';
import { listenForBrowserReports } from './browser-reports.ts';
import { servedOriginsWatch } from '../store/served-origins.ts';
import type { CapturedFrame } from './frame-scheduler.ts';
import { FrameCapture } from './frame-capture.ts';
import { ElementCapture } from './element-capture.ts';
import { LatencySamples } from './latency-samples.ts';
import { SessionClock } from './session-clock.ts';
import type { RecorderCounters } from './recorder-counters.ts';
import { KeyboardGroupStamp } from './keyboard-group-stamp.ts';
import { CONSENT_WITHDRAWN, type RecordingFault } from './recording-fault.ts';
import { recordDiskFullGap } from './stop-gap.ts';
import { PacedWork } from './paced-work.ts';
import { trimMalloc } from './malloc-trim.ts';

const DISK_FULL = 'the disk holding the data folder is full (everything saved before is kept); free some space, then record again';

const NO_EXTENSION =
  "Cairn's browser extension has not reported: a browser is not recorded at all until it does, because without it a private window cannot be told from another (install it: cairn browser install, and load it in the browser)";

/** How long after the start a browser extension may take to be heard (its host connects, then reports). */
const EXTENSION_CONNECT_MS = 1500;

/** While input comes, the watcher is asked to vouch for it at most this often (ms): each answer
 *  releases what waits in the gate, and a batch goes to the writer. One round trip per event would
 *  wake the X server, the gate and the writer hundreds of times a second. */
const SUSTAINED_SYNC_MS = 200;
/** The watcher's own heartbeat (ms): with no input, nothing waits on it, and it only has to show
 *  that the watcher still answers. Input asks for round trips of its own (armSync). */
export const WATCHER_HEARTBEAT_MS = 1000;
/** No watermark for this long (ms) means the watcher has stopped answering. */
const WATCHER_SILENT_MS = 2.5 * WATCHER_HEARTBEAT_MS;
/** The tick's spacing (ms) while input came within ACTIVE_MS or anything waits, and at rest: an idle
 *  recorder wakes once a second, not four times. */
const TICK_ACTIVE_MS = 250;
const TICK_REST_MS = 1000;
const ACTIVE_MS = 2000;
/** Least spacing of batches to the writer (ms) while a key, click, scroll, frame or element waits.
 *  Each batch wakes the store worker, is a transaction there, and comes back as a message: at 100 ms
 *  a typist made ~10 a second, and the worker's thread alone cost 0.46% of a core (recorder-load;
 *  at 400 ms, 0.33%). A crash loses what was not committed yet: the hook's batch (50 ms for keys),
 *  the gate's wait for the watcher (up to ~230 ms), this, and the commit. tests/reliability/recorder-crash.test.ts
 *  allows a second: its 20 kills lost at most 214 ms at 100 ms, 653 ms at 400 ms; 300 ms leaves a
 *  loaded machine room. */
const FLUSH_MS = 300;
/** Mouse moves alone wait this long (ms): each batch is a transaction that rewrites the same pages,
 *  and a pointer sweeping without a click needs no hurry to reach the disk. */
const MOVES_FLUSH_MS = 1000;

export interface RecorderOptions {
  dataDir: string;
  sessionId: string;
  input: InputSource;
  focus: FocusWatcher;
  /** Null when no allowed app has screens on. */
  capturer: ScreenCapturer | null;
  /** The person's policies and the default policy's rules (browsers, private titles). */
  rules: WindowRules;
  isOwnWindow: (window: WindowInfo) => boolean;
  /** Creates the session row once the start's event-clock time is known; runs before the writer
   *  starts. `startedAt` is the wall-clock start the recording's later stamps count from. */
  createSession: (clockOrigin: Millis, startedAt: number) => Promise<void>;
  transitionGuardMs?: Millis;
  maxHoldMs?: Millis;
  framePeriodMs?: Millis;
  /** Told when the recording must end by itself (consent withdrawn, watcher or store failure). */
  onFatal?: (fault: RecordingFault) => void;
  /** One of Cairn's hotkeys was pressed (the gate has already kept it out of the recording). */
  onHotkey?: (action: ControlAction) => void;
  /** Where to listen for the browser extension's reports (the data folder's browser.sock); none:
   *  the browser timeline stays empty, and the gate knows no browser window's site. */
  browserSocket?: string;
  /** Which keyboard group (layout of a keymap of several) was active when: key rows carry it so the
   *  text typed after a layout switch is rebuilt in that layout. None: every key is group 0. */
  keyboardGroup?: KeyboardGroupSource;
  /** The accessibility tree (AT-SPI): the element acted on, and password fields. None: neither is known. */
  accessibility?: AccessibilitySource | null;
  /** The keyboard layout, which tells typed keys from acting ones where steps begin (default: US). */
  layout?: KeyboardLayout;
}

export class Recorder {
  private readonly timeline = new FocusTimeline();
  /** What the browser extension reported, for the gate to pair with X windows (browser-timeline.ts). */
  readonly browserTimeline = new BrowserTimeline();
  /** The event clock between watermarks: stamps browser reports at their arrival. */
  private readonly eventClock = new EventClockEstimate();
  private browserListener: BrowserReportListener | undefined;
  private readonly gate: ConsentGate;
  /** Whether a window may be recorded at a moment: the gate and the frames ask the same one. */
  private readonly judge: WindowJudge;
  /** Where Cairn's browser host serves its page now (re-read every tick: a host may start later). */
  private cairnOrigins: readonly string[] = [];
  private readonly servedOrigins: () => string[];
  private coalescer!: Coalescer;
  /** Thins mouse moves before the gate judges them (move-sampler.ts). */
  private readonly moves = new MoveSampler();
  /** The observation ring, the steps' observations and the focus and periodic frames. */
  private readonly screen: FrameCapture | undefined;
  /** The element acted on and the window's tree at each observation; tells the gate of password fields. */
  private readonly elements: ElementCapture;
  /** Only with a keymap of several layouts: stamps keys with the one they were typed in. */
  private readonly groupStamp: KeyboardGroupStamp | undefined;
  private windows: WindowRow[] = [];
  private events: EventRow[] = [];
  private frameRows: FrameRow[] = [];
  private keyArrivals: number[] = [];
  /** The tick, and the round trip that lets the watcher vouch for input (paced-work.ts). */
  private readonly tickWork = new PacedWork(() => this.tick());
  private readonly syncWork = new PacedWork((now) => this.sendSync(now));
  /** The next tick is TICK_REST_MS away: input brings it closer. */
  private tickResting = false;
  /** Cleared once the stop has no more use for ticks. */
  private ticking = true;
  /** Ends the periodic full collections (lean-process.ts). */
  private stopHeapTrim: () => void = () => undefined;
  private committed = { events: 0, frames: 0, bytes: 0 };
  private readonly startedAt = performance.now();
  private lastInputAt = Number.NEGATIVE_INFINITY;
  /** When the last round trip input asked for was sent (local clock). */
  private lastSyncAt = Number.NEGATIVE_INFINITY;
  private lastFlushAt = 0;
  /** Something other than mouse moves waits to be written (see FLUSH_MS). */
  private urgentRows = false;
  /** The counts last handed to the writer (JSON), which are sent again only when they change. */
  private sentCounts = { dropped: '', elements: '' };
  private nextFrameSeq = 1;
  private readonly latency = new LatencySamples();
  private lastWatermarkAt = performance.now();
  private warnings: string[] = [];
  private stopping: Promise<void> | undefined;
  private readonly options: RecorderOptions;
  private writer!: StoreWriter;
  private clockOrigin = 0;
  /** Wall-clock stamps that a clock step during the recording does not move (see session-clock.ts). */
  readonly clock = new SessionClock();
  private diskFull = false;

  private constructor(options: RecorderOptions) {
    this.options = options;
    this.servedOrigins = servedOriginsWatch(options.dataDir);
    this.cairnOrigins = this.servedOrigins();
    this.judge = new WindowJudge({
      rules: options.rules,
      isOwnWindow: options.isOwnWindow,
      browser: this.browserTimeline,
      cairnOrigins: () => this.cairnOrigins,
    });
    this.elements = new ElementCapture({
      source: options.accessibility ?? null,
      timeline: this.timeline,
      judge: this.judge,
      rules: options.rules,
      browser: this.browserTimeline,
      stamp: (absolute) => this.eventClock.at(absolute - performance.timeOrigin),
      sync: () => options.focus.sync(),
      holdMs: options.maxHoldMs,
    });
    this.gate = new ConsentGate({
      timeline: this.timeline,
      judge: this.judge,
      fields: this.elements,
      onKept: (kept) => {
        this.screen?.onKept(kept);
        if (this.groupStamp) this.groupStamp.push(kept);
        else this.coalescer.push(kept);
      },
      transitionGuardMs: options.transitionGuardMs,
      maxHoldMs: options.maxHoldMs,
      onHotkey: (hotkey) => options.onHotkey?.(hotkey.action),
    });
    if (options.keyboardGroup) this.groupStamp = new KeyboardGroupStamp(options.keyboardGroup, (kept) => this.coalescer.push(kept));
    if (options.capturer) {
      if (options.capturer.warning) this.warn(options.capturer.warning);
      this.screen = new FrameCapture({
        timeline: this.timeline,
        focus: options.focus,
        capturer: options.capturer,
        judge: this.judge,
        layout: options.layout ?? BUILTIN_US_LAYOUT,
        eventTime: (monotonic) => this.eventClock.at(monotonic),
        holdMs: options.maxHoldMs,
        onFrame: (frame) => this.onFrame(frame),
        // One warning for failing frames, kept current, not one per distinct error text: a capture
        // tool that fails on every shot (ImageMagick gone) would otherwise grow the list each time.
        onError: (error) => this.warnOnce('frames are failing', `frames are failing (${this.failedFrames()} so far; last: ${firstLine(error.message)})`),
        periodMs: options.framePeriodMs,
        inputTellsPauses: options.input.onPace !== undefined,
      });
    }
  }

  /** Starts the focus watcher, the session and its store writer, and only then the input hook. */
  static async start(options: RecorderOptions): Promise<Recorder> {
    const recorder = new Recorder(options);
    try {
      await recorder.begin();
    } catch (error) {
      await recorder.abort();
      throw error;
    }
    return recorder;
  }

  private async begin(): Promise<void> {
    const { focus, input } = this.options;
    await focus.start({
      focus: (change) => {
        const segment = this.timeline.record(change);
        this.screen?.onFocusChange(segment);
      },
      watermark: (time) => {
        this.timeline.advance(time);
        this.lastWatermarkAt = performance.now();
        this.eventClock.observe(time, this.lastWatermarkAt);
        // Events wait for exactly this: decide them now rather than on a timer.
        if (this.gate.pending > 0) this.pump();
      },
      failed: (error) => {
        // Without a watcher nothing can be proven: the gate drops everything as stale from here on.
        this.warn(`the focus watcher stopped (${error.message}); input is being dropped`);
        this.options.onFatal?.({ code: 'focus-watcher-stopped', reason: `the focus watcher stopped: ${error.message}` });
      },
    });
    this.clockOrigin = await focus.sync();
    this.eventClock.observe(this.clockOrigin, performance.now());
    await this.listenForBrowser();
    // The extension reports at least twice a second once its host connects (it retries every 500 ms).
    this.judge.expectReports(this.clockOrigin + EXTENSION_CONNECT_MS);
    this.coalescer = new Coalescer({
      clockOrigin: this.clockOrigin,
      emitWindow: (row) => this.windows.push(row),
      emitEvent: (row, kept) => this.onRow(row, kept),
    });
    await this.options.createSession(this.clockOrigin, this.clock.startedAt);
    keepReserve(this.options.dataDir);
    this.writer = await StoreWriter.start(this.options.dataDir, this.options.sessionId);
    this.writer.onCommit((c) => {
      for (const arrival of c.keyArrivals ?? []) this.latency.add(c.commitAt - arrival);
      this.committed.events += c.events;
      this.committed.frames += c.frames;
      this.committed.bytes += c.bytes;
    });
    this.writer.onConsentWithdrawn(() => this.options.onFatal?.(CONSENT_WITHDRAWN));
    this.writer.onError((error) => {
      const full = error instanceof StoreError && error.code === 'full';
      this.diskFull ||= full;
      this.options.onFatal?.(full ? { code: 'disk-full', reason: DISK_FULL } : { code: 'store-failed', reason: `the store failed: ${error.message}` });
    });
    input.onPace?.({
      batch: () => {
        const now = performance.now();
        this.syncWork.batch(now);
        this.tickWork.batch(now);
      },
      paused: (lastHeardAt) => {
        const now = performance.now();
        this.screen?.onInputPaused(lastHeardAt);
        this.syncWork.paused(now);
        this.tickWork.paused(now);
      },
    });
    input.start(
      (event) => this.onInput(event),
      (error) => {
        this.warn(`input capture stopped (${error.message})`);
        this.options.onFatal?.({ code: 'input-stopped', reason: `input capture stopped: ${error.message}` });
      },
      (message) => this.warn(message),
    );
    this.stopHeapTrim = collectGarbagePeriodically(HEAP_TRIM_PERIOD_MS, trimMalloc);
    this.screen?.start();
    this.scheduleTick(TICK_ACTIVE_MS);
  }

  /** Without the socket the recording goes on, and the gate treats every browser site as unknown. */
  private async listenForBrowser(): Promise<void> {
    const socketPath = this.options.browserSocket;
    if (!socketPath) return;
    try {
      const sites = this.options.rules.pageSites;
      const elementSites = { elementSites: sites === undefined ? [] : sites && [...sites] };
      this.browserListener = await listenForBrowserReports(socketPath, this.browserTimeline, this.eventClock, { elements: this.elements, sites: elementSites });
    } catch (error) {
      this.warn(`browser sites cannot be told (${(error as Error).message})`);
    }
  }

  private scheduleTick(ms: Millis): void {
    this.tickResting = ms >= TICK_REST_MS;
    this.tickWork.at(performance.now() + ms);
  }

  private tick(): void {
    const now = performance.now();
    this.cairnOrigins = this.servedOrigins();
    const resting = now - this.lastInputAt > 100;
    if (resting) {
      // A source that thins moves itself holds the last one back until asked (thinMoves).
      this.options.input.drain?.();
      this.admitHeldMove();
    }
    this.gate.pump(now);
    if (resting) this.coalescer.flushHeldMove();
    this.flushWhenDue(now);
    if (now - this.lastWatermarkAt > WATCHER_SILENT_MS) this.warn('the focus watcher is not answering; input is being dropped until it does');
    if (this.judge.extensionUnheard) this.warn(NO_EXTENSION);
    const noTree = this.options.accessibility?.problem;
    if (noTree) this.warnOnce('the accessibility tree cannot be read', `the accessibility tree cannot be read (${noTree}): no element is recorded, and password fields are known only through the browser extension`);
    if (!this.ticking) return;
    const busy = now - this.lastInputAt < ACTIVE_MS || this.gate.pending > 0 || this.urgentRows || this.elements.pending;
    this.scheduleTick(busy ? TICK_ACTIVE_MS : TICK_REST_MS);
  }

  private pump(): void {
    const now = performance.now();
    this.gate.pump(now);
    this.flushWhenDue(now);
  }

  /**
   * Batches go to the writer at most every FLUSH_MS, and only every MOVES_FLUSH_MS while nothing
   * but mouse moves waits: each is a message to the worker and a transaction there, and at a human
   * input rate fewer, larger ones cost measurably less CPU, while a key still reaches the disk as
   * soon as before.
   */
  private flushWhenDue(now: number): void {
    const since = now - this.lastFlushAt;
    if (since >= MOVES_FLUSH_MS || (since >= FLUSH_MS && (this.urgentRows || this.elements.pending))) this.flush();
  }

  // The hook's callback: kept as light as possible, since the hook's queue grows while it runs.
  private onInput(event: InputEvent): void {
    this.lastInputAt = event.arrivedAt;
    if (event.kind === 'mouse-move' && !this.gate.paused && !this.moves.offer(event)) {
      // Held: the pointer still moved, which the observation ring's timing hears at once.
      this.screen?.onInput(event);
    } else {
      if (event.kind !== 'mouse-move') this.admitHeldMove();
      this.gate.push(event);
      this.elements.onInput(event);
      this.screen?.onInput(event);
    }
    if (!this.syncWork.asked) this.armSync(performance.now());
    if (this.tickResting && this.ticking) this.scheduleTick(TICK_ACTIVE_MS);
  }

  /** The move the sampler holds goes to the gate (the ring heard it when it came). */
  private admitHeldMove(): void {
    const move = this.moves.take();
    if (move) this.gate.push(move);
  }

  /**
   * The watcher can vouch for an event once the transition guard has passed: ask it then, or, while
   * input keeps coming, SUSTAINED_SYNC_MS after the last time it was asked. Each round trip wakes
   * the X server, the gate and the writer; at a human input rate one per 200 ms keeps the
   * recorder's CPU low at a little latency, and at rest there is none.
   */
  private armSync(now: Millis): void {
    if (this.stopping) return;
    this.syncWork.at(Math.max(now + (this.options.transitionGuardMs ?? 30) + 2, this.lastSyncAt + SUSTAINED_SYNC_MS));
  }

  private sendSync(now: Millis): void {
    this.lastSyncAt = now;
    this.options.focus.sync().catch(() => undefined);
  }

  /** What happened before now but arrives later is dropped for `reason` (ConsentGate.dropThrough):
   *  up to the X server's time of a round trip sent now, which the server stamps after everything
   *  that happened before. A watcher that cannot answer leaves nothing after now either. */
  private dropHeardLate(reason: DropReason): void {
    const through = this.gate.dropThrough(reason);
    const settle = (time: Millis) => {
      through(time);
      if (this.gate.pending > 0) this.pump();
    };
    this.options.focus.sync().then(settle, () => settle(Number.POSITIVE_INFINITY));
  }

  private onRow(row: EventRow, kept: KeptEvent): void {
    this.events.push(row);
    if (row.kind !== 'mouse-move') this.urgentRows = true;
    this.elements.onRow(row, kept);
    if (row.kind === 'key-down') this.keyArrivals.push(performance.timeOrigin + kept.event.arrivedAt);
  }

  private onFrame(frame: CapturedFrame): void {
    const windowSeq = this.coalescer.noteSegment(frame.segment, frame.policy);
    const seq = this.nextFrameSeq++;
    this.urgentRows = true;
    this.elements.onFrame({ seq, t: frame.time - this.clockOrigin, windowSeq }, frame.segment, frame.policy);
    this.frameRows.push({
      seq,
      t: frame.time - this.clockOrigin,
      windowSeq,
      reason: frame.reason,
      width: frame.width,
      height: frame.height,
      format: frame.format,
      sha256: frame.sha256,
      bytes: frame.bytes,
    });
  }

  private flush(): void {
    if (!this.windows.length && !this.events.length && !this.frameRows.length && !this.elements.pending) return;
    this.lastFlushAt = performance.now();
    this.urgentRows = false;
    // The totals are rewritten only when they changed (the counts of elements rarely do).
    const dropped = JSON.stringify(this.gate.dropped);
    const elementCounts = JSON.stringify(this.elements.counts);
    this.writer.write({
      windows: this.windows,
      events: this.events,
      frames: this.frameRows,
      elements: this.elements.take(),
      ...(elementCounts !== this.sentCounts.elements && { elementCounts: structuredClone(this.elements.counts) }),
      ...(dropped !== this.sentCounts.dropped && { dropped: { ...this.gate.dropped } }),
      keyArrivedAt: this.keyArrivals,
      at: this.clock.now(),
    });
    this.sentCounts = { dropped, elements: elementCounts };
    this.windows = [];
    this.events = [];
    this.frameRows = [];
    this.keyArrivals = [];
  }

  /**
   * Erases the recent past while recording: what the recorder still holds is discarded, what it
   * wrote is flushed, and then `erase` (the store's forget) runs on it.
   */
  async forgetRecent<T>(erase: () => Promise<T>): Promise<T> {
    // What the hook heard before the request is recent past too, and so is what it hears only later.
    this.options.input.drain?.();
    this.gate.discardPending('forgotten');
    this.dropHeardLate('forgotten');
    this.moves.discard();
    this.elements.discard();
    this.screen?.forget();
    this.groupStamp?.discard();
    this.coalescer.reset();
    this.events = [];
    this.frameRows = [];
    this.keyArrivals = [];
    this.flush();
    await this.writer.flush();
    return erase();
  }

  /** Stops every kind of capture (events, frames, and so titles and window rows) until resume(). */
  pause(): void {
    // Events heard before the pause are judged as of before it (a source that batches holds some).
    // Before the drain: what comes after it is passed on unthinned, as the sampler does while paused.
    this.options.input.thinMoves?.(false);
    this.options.input.drain?.();
    // A move held from before the pause is judged as of before it; moves during it are not held.
    this.admitHeldMove();
    this.gate.paused = true;
    this.elements.pause();
    this.screen?.pause();
  }

  resume(): void {
    // Events heard while paused are dropped as such, even those the source still held, and so are
    // those that happened while paused but are heard only now.
    this.options.input.drain?.();
    this.dropHeardLate('paused');
    this.gate.paused = false;
    // After it: the moves heard while paused reach the gate unthinned, to be dropped as paused.
    this.options.input.thinMoves?.(true);
    this.elements.resume();
    this.screen?.resume();
  }

  get paused(): boolean {
    return this.gate.paused;
  }

  status(): RecorderCounters {
    return {
      elapsedMs: performance.now() - this.startedAt,
      paused: this.gate.paused,
      kept: this.gate.kept,
      thinned: this.moves.thinned + (this.options.input.thinnedMoves?.() ?? 0),
      stored: this.committed.events,
      dropped: { ...this.gate.dropped },
      pending: this.gate.pending,
      frames: this.committed.frames,
      frameCounts: this.screen?.counts,
      elements: structuredClone(this.elements.counts),
      bytes: this.committed.bytes,
      keyToDiskMs: this.latency.summary(),
      warnings: [...this.warnings],
    };
  }

  /**
   * Stops capture. `keep` decides the fate of what is still held in the gate: on a normal stop the
   * watcher is asked to vouch for it first; on withdrawal it is discarded unseen.
   */
  stop(mode: 'keep' | 'discard'): Promise<void> {
    this.stopping ??= this.finish(mode);
    return this.stopping;
  }

  private async finish(mode: 'keep' | 'discard'): Promise<void> {
    this.options.input.stop();
    // The stop asks the watcher itself, below. The source's batches end with it: the tick goes
    // back to its timer until the stop has no more use for it.
    this.syncWork.stop();
    this.tickWork.paused(performance.now());
    this.stopHeapTrim();
    if (mode === 'keep') this.admitHeldMove();
    else this.moves.discard();
    await this.screen?.stop(mode);
    await this.options.capturer?.close?.().catch(() => undefined);
    if (mode === 'keep') {
      try {
        this.timeline.advance(await withTimeout(this.options.focus.sync(), 1000));
      } catch {
        // The watcher cannot vouch for the last events: they are dropped as stale below.
      }
      this.gate.pump(performance.now());
    }
    this.gate.discardPending(mode === 'keep' ? 'focus-stale' : 'paused');
    if (mode === 'keep') await this.groupStamp?.flush();
    // Elements of what was kept are on their way (each bounded by its lookup's time limit).
    if (mode === 'keep') await this.elements.settle();
    else this.elements.discard();
    await this.options.accessibility?.close();
    this.ticking = false;
    this.tickWork.stop();
    await this.browserListener?.close();
    await this.options.focus.stop().catch(() => undefined);
    await this.options.keyboardGroup?.close().catch(() => undefined);
    if (mode === 'keep') {
      this.coalescer.flushHeldMove();
      this.flush();
      // Write the final drop counts even if no row is left.
      this.writer.write({ windows: [], events: [], frames: [], dropped: { ...this.gate.dropped }, elementCounts: structuredClone(this.elements.counts), at: this.clock.now() });
      await this.writer.flush();
    }
    await this.writer.close();
    // The session says that the disk cut it short, rather than just looking short.
    if (this.diskFull && mode === 'keep' && recordDiskFullGap(this.options.dataDir, this.options.sessionId, DISK_FULL) !== 'recorded') {
      this.warn('the disk is full: that it cut this recording short will be recorded at the next start');
    }
  }

  /** Undoes a start that failed half-way. */
  private async abort(): Promise<void> {
    this.options.input.stop();
    this.syncWork.stop();
    this.tickWork.stop();
    this.stopHeapTrim();
    await this.options.capturer?.close?.().catch(() => undefined);
    await this.options.accessibility?.close();
    await this.browserListener?.close();
    await this.options.focus.stop().catch(() => undefined);
    await this.options.keyboardGroup?.close().catch(() => undefined);
    await this.writer?.close().catch(() => undefined);
  }

  private failedFrames(): number {
    const counts = this.screen?.counts;
    return counts ? counts.failed + counts.observations.failed + counts.observations.grabsFailed : 0;
  }

  get dropped(): DropCounts {
    return { ...this.gate.dropped };
  }

  private warn(message: string): void {
    if (!this.warnings.includes(message)) this.warnings.push(message);
  }

  /** Replaces the warning that starts with `prefix` (or adds it). */
  private warnOnce(prefix: string, message: string): void {
    const at = this.warnings.findIndex((w) => w.startsWith(prefix));
    if (at >= 0) this.warnings[at] = message;
    else this.warnings.push(message);
  }
}

function firstLine(text: string): string {
  return (text.split('\n').find((l) => l.trim()) ?? text).trim().slice(0, 160);
}
