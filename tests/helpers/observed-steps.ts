// A recorded session's steps as the export derives them, each with its observations before and
// after decoded to pixels: what the observation tests and benchmark look at. Read from the store on
// disk, not from what the recorder meant to write.
import sharp from 'sharp';
import type { Action } from '../../src/export/actions/action.ts';
import { deriveActions } from '../../src/export/actions/derive-actions.ts';
import { loadExportSession } from '../../src/export/export-session.ts';
import { openStore } from '../../src/store/open-store.ts';
import type { ColourTest } from './stored-frames.ts';

export interface Pixels {
  width: number;
  height: number;
  channels: number;
  data: Buffer;
}

export interface ObservedFrame extends Pixels {
  seq: number;
  /** ms since the session's start, when its pixels were read. */
  t: number;
  reason: string;
}

export interface ObservedStep {
  step: Action;
  before: ObservedFrame | undefined;
  after: ObservedFrame | undefined;
}

export async function decode(bytes: Buffer): Promise<Pixels> {
  const { data, info } = await sharp(bytes).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, channels: info.channels, data };
}

/** The session's steps with their observations, and all its frames in time order. */
export async function observedSteps(dataDir: string, sessionId: string): Promise<{ steps: ObservedStep[]; frames: ObservedFrame[] }> {
  const store = openStore(dataDir);
  try {
    const session = loadExportSession(store, sessionId);
    const frames = new Map<number, ObservedFrame>();
    for (const f of session.frames) frames.set(f.seq, { seq: f.seq, t: f.t, reason: f.reason, ...(await decode(session.frameBytes(f.seq))) });
    const steps = deriveActions(session).map((step) => ({
      step,
      before: step.frameSeq === null ? undefined : frames.get(step.frameSeq),
      after: step.afterFrameSeq === null ? undefined : frames.get(step.afterFrameSeq),
    }));
    return { steps, frames: [...frames.values()].sort((a, b) => a.t - b.t) };
  } finally {
    store.close();
  }
}

/** Pixels of `image` that pass `test`. */
export function pixelsLike(image: Pixels, test: ColourTest): number {
  let n = 0;
  for (let i = 0; i < image.data.length; i += image.channels) if (test(image.data[i]!, image.data[i + 1]!, image.data[i + 2]!)) n++;
  return n;
}

/** `count` pixels of one colour as raw RGB bytes: what a frame held in memory (the observation
 *  ring's grabs are raw RGB) would leave in a file it was written to uncompressed. */
export function rawPixelRun([r, g, b]: readonly [number, number, number], count = 512): Buffer {
  return Buffer.from(Array.from({ length: count }, () => [r, g, b]).flat());
}
