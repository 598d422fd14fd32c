// Pairs each step with the frame observed just before it and the one observed after it settled,
// and places the step's coordinates in the first. A frame's time is when its pixels were read; the
// recorder stores a step's observations as 'before' (read just before the step) and 'after'
// (settled after it), and the next step's observation before stands for the last one's after when
// it came first. A stored frame is the allowed window cropped out of a screen grab (clipped to the
// screen, whose origin is taken as 0,0), so the frame's top-left is its window's top-left on screen.
import type { WindowRow } from '../../core/stored-rows.ts';
import type { FrameNote, StepPoint } from './action.ts';
import { lastAtOrBefore } from '../../core/last-at-or-before.ts';

export interface PairableFrame {
  seq: number;
  t: number;
  windowSeq: number;
  reason: string;
  width: number;
  height: number;
}

export interface FramePick {
  frameSeq: number | null;
  frameNote?: FrameNote;
}

/** The reasons of frames the recorder stored as a step's observations. */
const OBSERVATIONS: ReadonlySet<string> = new Set(['before', 'after']);

export class FramePairing {
  private readonly frames: PairableFrame[];
  private readonly observations: PairableFrame[];
  private readonly windows: Map<number, WindowRow>;
  private readonly bySeq: Map<number, PairableFrame>;

  constructor(frames: readonly PairableFrame[], windows: readonly WindowRow[]) {
    this.frames = [...frames].sort((a, b) => a.t - b.t || a.seq - b.seq);
    this.observations = this.frames.filter((f) => OBSERVATIONS.has(f.reason));
    this.windows = new Map(windows.map((w) => [w.seq, w]));
    this.bySeq = new Map(frames.map((f) => [f.seq, f]));
  }

  /**
   * The latest frame at or before `t`. A click frame stamped with the very time of the step's own
   * press was grabbed after that press, so it does not count as observed before a click at `t`.
   * A step before any frame is paired with the first frame and says so.
   */
  pick(t: number, isPress: boolean): FramePick {
    const frames = this.frames;
    if (frames.length === 0) return { frameSeq: null, frameNote: 'no-frames' };
    let found = lastAtOrBefore(frames, t, frameTime);
    while (isPress && found >= 0 && frames[found]!.t === t && frames[found]!.reason === 'click') found--;
    if (found < 0) return { frameSeq: frames[0]!.seq, frameNote: 'before-first-frame' };
    return { frameSeq: frames[found]!.seq };
  }

  /**
   * The first observation read after `endT` (the step's last event) and before `nextT` (the next
   * step's first): the settled one the recorder took for this step, or the next step's observation
   * before when that came first. Sessions recorded before the observation ring have none: there, the
   * first frame in between. Null when nothing was observed in between.
   */
  pickAfter(endT: number, nextT = Infinity): number | null {
    const within = this.observations.length > 0 ? this.observations : this.frames;
    const after = within[lastAtOrBefore(within, endT, frameTime) + 1];
    return after && after.t < nextT ? after.seq : null;
  }

  frame(seq: number | null): PairableFrame | undefined {
    if (seq === null) return undefined;
    return this.bySeq.get(seq);
  }

  /** A screen point in the frame's pixels and normalised (4 decimals, as AgentNet writes them);
   *  a point outside the frame is clamped to its edge and reported. */
  place(x: number, y: number, frame: PairableFrame | undefined): { point: StepPoint; outside: boolean } {
    if (!frame) return { point: { x, y, frameX: x, frameY: y, xNorm: 0, yNorm: 0 }, outside: true };
    const w = this.windows.get(frame.windowSeq);
    const originX = Math.max(0, w?.x ?? 0);
    const originY = Math.max(0, w?.y ?? 0);
    const fx = x - originX;
    const fy = y - originY;
    const outside = fx < 0 || fy < 0 || fx >= frame.width || fy >= frame.height;
    const frameX = clamp(fx, 0, frame.width - 1);
    const frameY = clamp(fy, 0, frame.height - 1);
    return {
      point: { x, y, frameX, frameY, xNorm: round4(frameX / frame.width), yNorm: round4(frameY / frame.height) },
      outside,
    };
  }
}

const frameTime = (frame: PairableFrame): number => frame.t;

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(Math.max(v, lo), Math.max(lo, hi));
}

function round4(v: number): number {
  return Math.round(v * 10_000) / 10_000;
}
