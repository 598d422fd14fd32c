// The short ring of recent observations of the focused allowed window: the last few grabs, in
// memory only, so that a step can be paired with what the window showed just before it (the grab
// read before the step's event, which arrives here after it) and with what it showed once settled.
// Identical consecutive grabs of one focus segment are one observation whose read times grow, so a
// still screen holds one entry. Bounded in bytes and in entries (the oldest go first; the newest stays).
// Nothing here is written: step-observations.ts stores an entry only when a kept step pairs it.
import type { FocusSegment } from '../core/focus-timeline.ts';
import type { Millis } from '../core/input-event.ts';
import type { WindowInfo } from '../core/window-info.ts';
import type { EncodedFrame } from '../capture/frame-encoder.ts';
import { type CapturedPixels, releasePixels } from '../capture/screen-capturer.ts';

/** Read times kept per observation: enough to find the last read before a step that arrived late. */
const READS_KEPT = 16;
/** Observations kept: a step's event arrives a few ms after it, so the last few reads are all it needs. */
const ENTRIES_KEPT = 4;

export interface Observation {
  pixels: CapturedPixels;
  segment: FocusSegment & { window: WindowInfo };
  /** A moment (event clock) at or before the first grab began at which the segment was in force. */
  from: Millis;
  /** When these pixels were first read (event clock). */
  firstReadAt: Millis;
  /** Event-clock times at which these very pixels were read, oldest first (the last READS_KEPT). */
  reads: Millis[];
  bytes: number;
  /** The WebP encoding, made once however often the observation is stored. */
  encoded?: Promise<EncodedFrame | null>;
  /** The time of the last stored copy (a frame row), if any. */
  storedAt?: Millis;
  /** Steps paired with it that have not been stored or dropped yet: its pixels stay until none is. */
  holds: number;
  /** No longer in the ring: its pixels go once nothing holds it. */
  dropped: boolean;
}

/** An observation as read at one moment: what a step is paired with. */
export interface ObservationPick {
  observation: Observation;
  readAt: Millis;
}

export interface Grab {
  pixels: CapturedPixels;
  segment: FocusSegment & { window: WindowInfo };
  from: Millis;
  readAt: Millis;
}

export class ObservationRing {
  private entries: Observation[] = [];
  private held = 0;
  private readonly budget: number;

  /** `budget`: most bytes of pixels held (the newest grab is kept even when it alone is larger). */
  constructor(budget: number) {
    this.budget = budget;
  }

  /** Adds a grab; answers its observation (the newest one, extended, when the pixels are the same). */
  add(grab: Grab): Observation {
    const newest = this.newest;
    if (newest && newest.segment.seq === grab.segment.seq && samePixels(newest.pixels, grab.pixels)) {
      // The same pixels again: this copy of them is read by nothing.
      releasePixels(grab.pixels);
      return this.readAgain(newest, grab.readAt);
    }
    const bytes = grab.pixels.image.length;
    const observation: Observation = { pixels: grab.pixels, segment: grab.segment, from: grab.from, firstReadAt: grab.readAt, reads: [grab.readAt], bytes, holds: 0, dropped: false };
    this.entries.push(observation);
    this.held += bytes;
    while ((this.held > this.budget && this.entries.length > 1) || this.entries.length > ENTRIES_KEPT) this.drop(this.entries.shift()!);
    return observation;
  }

  /** The newest observation's pixels were read again at `readAt` (an identical grab, or a capturer
   *  that saw nothing change since): answers it with one more read time. */
  readAgain(newest: Observation, readAt: Millis): Observation {
    if (readAt > newest.reads.at(-1)!) newest.reads.push(readAt);
    if (newest.reads.length > READS_KEPT) newest.reads.shift();
    return newest;
  }

  /** A step is paired with `observation`: its pixels stay until release(). */
  hold(observation: Observation): void {
    observation.holds++;
  }

  release(observation: Observation): void {
    observation.holds--;
    if (observation.dropped && observation.holds === 0) releasePixels(observation.pixels);
  }

  get newest(): Observation | undefined {
    return this.entries.at(-1);
  }

  /** The latest read strictly before `time` (event clock), with the observation it read. */
  latestBefore(time: Millis): ObservationPick | undefined {
    for (let i = this.entries.length - 1; i >= 0; i--) {
      const observation = this.entries[i]!;
      const readAt = observation.reads.findLast((t) => t < time);
      if (readAt !== undefined) return { observation, readAt };
    }
    return undefined;
  }

  get bytes(): number {
    return this.held;
  }

  get size(): number {
    return this.entries.length;
  }

  /** Forgets every observation (pause, forget, withdrawal, focus loss). */
  clear(): void {
    for (const observation of this.entries) this.drop(observation);
    this.entries = [];
  }

  private drop(observation: Observation): void {
    this.held -= observation.bytes;
    observation.dropped = true;
    if (observation.holds === 0) releasePixels(observation.pixels);
  }
}

function samePixels(a: CapturedPixels, b: CapturedPixels): boolean {
  return (
    a.originX === b.originX &&
    a.originY === b.originY &&
    a.raw?.width === b.raw?.width &&
    a.raw?.height === b.raw?.height &&
    a.masks.length === b.masks.length &&
    a.masks.every((m, i) => m.x === b.masks[i]!.x && m.y === b.masks[i]!.y && m.width === b.masks[i]!.width && m.height === b.masks[i]!.height) &&
    a.image.equals(b.image)
  );
}
