// Turns a capturer's pixels into a stored frame: cropped to the allowed window, the masks it was
// given (windows a whole-screen grab saw above it) painted black, deduplicated against the previous
// frame, and encoded as WebP. Nothing outside the window survives this function. The pixel work runs
// in sharp (libvips threads) and the hashing in WebCrypto (libuv threadpool), so the JS thread only
// does bookkeeping; the window's own raw pixels, already cropped, go straight to the hash and WebP.
import { createHash } from 'node:crypto';
import type SharpModule from 'sharp';
import type { OverlayOptions, Sharp } from 'sharp';
import { MAX_FRAME_PIXELS, exceedsFrameLimit } from '../core/frame-limits.ts';
import type { Bounds } from '../core/window-info.ts';

let loadedSharp: Promise<typeof SharpModule> | undefined;

/** sharp, loaded at the first frame rather than with the process: libvips costs ~27 MB resident,
 *  which a recording that stores no frame (screens off) never pays. */
function loadSharp(): Promise<typeof SharpModule> {
  loadedSharp ??= import('sharp').then(({ default: sharp }) => {
    // Frames are never read twice, so libvips' operation cache only holds memory (measured: +24 MB
    // over a minute of recording with screens on); one libvips thread is plenty at a few frames a minute.
    sharp.cache(false);
    sharp.concurrency(1);
    return sharp;
  });
  return loadedSharp;
}

export interface FrameInput {
  /** The screen (or the window's own pixels) as an encoded image sharp reads (TIFF, PNG...), or raw
   *  pixels described by `raw`. */
  screen: Buffer;
  raw?: { width: number; height: number; channels: 3 | 4 };
  /** Where the screen image's top-left pixel sits in screen coordinates. */
  originX: number;
  originY: number;
  /** The allowed window, in screen coordinates. */
  window: Bounds;
  /** Rectangles to black out, in screen coordinates (windows above the allowed one). */
  masks: Bounds[];
  /** rawHash of the previous frame of this window: an identical frame is reported as a duplicate. */
  previousHash?: string;
  /** Force lossy WebP at this quality (1..100), or lossless with 0; by default see LOSSLESS_LIMIT. */
  quality?: number;
}

export interface EncodedFrame {
  bytes: Buffer;
  width: number;
  height: number;
  sha256: string;
  format: 'webp';
  /** SHA-1 of the cropped, masked RGB pixels: equal hashes mean identical frames. */
  rawHash: string;
}

/**
 * WebP choice, measured at 1920x1080 under Xvfb. Screen content is mostly flat colour and text, where
 * lossless wins outright: a screen of text-filled terminals came to ~80 KB lossless (effort 0,
 * ~130 ms with crop and hash) against ~270 KB lossy q80 (~190 ms): lossy smears text into ringing that
 * costs bytes. Photos turn it around (a frame with a 600x400 fractal photo: ~590 KB lossless, ~240 KB
 * lossy). So a frame is encoded lossless (effort 0: 5x faster than effort 1 for ~13% more bytes) and,
 * only when that comes out above LOSSLESS_LIMIT, also lossy q80, keeping the smaller. Budget:
 * <= 100 MB/hour is ~280 KB a frame at 6 frames a minute.
 */
export const LOSSLESS_LIMIT = 150 * 1024;
export const LOSSY_QUALITY = 80;

export async function encodeFrame(
  input: FrameInput,
): Promise<EncodedFrame | { duplicate: true; rawHash: string } | null> {
  // A grab larger than any screen Cairn supports is refused rather than decoded or encoded.
  if (input.raw && exceedsFrameLimit(input.raw.width, input.raw.height)) {
    throw new Error(`a ${input.raw.width}x${input.raw.height} grab is larger than any screen Cairn records`);
  }
  const sharp = await loadSharp();
  const source = sharp(input.screen, { limitInputPixels: MAX_FRAME_PIXELS, ...(input.raw ? { raw: input.raw } : {}) });
  const meta = input.raw ?? (await source.metadata());
  const screenWidth = meta.width ?? 0;
  const screenHeight = meta.height ?? 0;
  // The window in image coordinates, clipped to the image.
  const crop = intersect(
    { x: input.window.x - input.originX, y: input.window.y - input.originY, width: input.window.width, height: input.window.height },
    { x: 0, y: 0, width: screenWidth, height: screenHeight },
  );
  if (!crop) return null;

  const overlays: OverlayOptions[] = [];
  for (const mask of input.masks) {
    const m = intersect({ x: mask.x - input.originX, y: mask.y - input.originY, width: mask.width, height: mask.height }, crop);
    if (!m) continue;
    overlays.push({
      input: { create: { width: m.width, height: m.height, channels: 3, background: { r: 0, g: 0, b: 0 } } },
      left: m.x - crop.x,
      top: m.y - crop.y,
    });
  }

  const { rgb, info } = await croppedRgb(sharp, source, input, crop, overlays);
  const rawHash = Buffer.from(await crypto.subtle.digest('SHA-1', rgb)).toString('hex');
  if (rawHash === input.previousHash) return { duplicate: true, rawHash };

  const raw = { width: info.width, height: info.height, channels: 3 as const };
  const lossless = (): Promise<Buffer> => sharp(rgb, { raw }).webp({ lossless: true, effort: 0 }).toBuffer();
  const lossy = (quality: number): Promise<Buffer> => sharp(rgb, { raw }).webp({ quality, effort: 4 }).toBuffer();
  let bytes: Buffer;
  if (input.quality === undefined) {
    bytes = await lossless();
    if (bytes.length > LOSSLESS_LIMIT) {
      const smaller = await lossy(LOSSY_QUALITY);
      if (smaller.length < bytes.length) bytes = smaller;
    }
  } else {
    bytes = input.quality > 0 ? await lossy(input.quality) : await lossless();
  }
  return {
    bytes,
    width: info.width,
    height: info.height,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    format: 'webp',
    rawHash,
  };
}

/** The crop as opaque RGB with the masks painted; raw RGB that needs neither is taken as it is. */
async function croppedRgb(
  sharp: typeof SharpModule,
  source: Sharp,
  input: FrameInput,
  crop: Bounds,
  overlays: OverlayOptions[],
): Promise<{ rgb: Buffer; info: { width: number; height: number } }> {
  const whole = input.raw?.channels === 3 && crop.x === 0 && crop.y === 0 && crop.width === input.raw.width && crop.height === input.raw.height;
  if (whole && overlays.length === 0) return { rgb: input.screen, info: crop };
  let pipeline = source.extract({ left: crop.x, top: crop.y, width: crop.width, height: crop.height }).removeAlpha();
  if (overlays.length > 0) pipeline = pipeline.composite(overlays);
  const { data, info } = await pipeline.raw().toBuffer({ resolveWithObject: true });
  // composite() may add an alpha channel back; the stored frame is opaque RGB.
  const rgb = info.channels === 3 ? data : await sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } }).removeAlpha().raw().toBuffer();
  return { rgb, info };
}

function intersect(a: Bounds, b: Bounds): Bounds | null {
  const x = Math.max(a.x, b.x);
  const y = Math.max(a.y, b.y);
  const right = Math.min(a.x + a.width, b.x + b.width);
  const bottom = Math.min(a.y + a.height, b.y + b.height);
  if (right <= x || bottom <= y) return null;
  return { x, y, width: right - x, height: bottom - y };
}
