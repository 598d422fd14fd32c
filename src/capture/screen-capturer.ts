// A source of the focused allowed window's pixels. The frame encoder crops what it returns to the
// window and blacks out `masks`; nothing uncropped is stored.
import type { Bounds, WindowInfo } from '../core/window-info.ts';

export interface ScreenCapturer {
  /** Why frames are taken here by a weaker method than the platform's best, for the status line. */
  readonly warning?: string;
  /** Reads pixels in this process, in milliseconds: cheap enough to keep an observation ring fresh. */
  readonly inProcess?: boolean;
  /** The pixels around `window` at one moment, with what must still be blacked out. Each call's
   *  pixels are the caller's own, which it frees once read (releasePixels). */
  capture(window: WindowInfo): Promise<CapturedPixels>;
  /** Like capture, but null, with nothing read, when the capturer knows that `window` still shows
   *  exactly `previous` (an earlier answer of this capturer for it, whose pixels may since have been
   *  released). Null is never a guess: anything drawn since `previous` was read (in the window or
   *  its joined popups), a move, resize, shape change, or a popup opening or closing means a read. */
  captureIfChanged?(window: WindowInfo, previous: CapturedPixels): Promise<CapturedPixels | null>;
  /** Releases what the capturer holds between shots (an X connection, a redirection). */
  close?(): Promise<void>;
}

export interface CapturedPixels {
  /** An encoded image sharp reads (TIFF, PNG...), or raw pixels when `raw` describes them. */
  image: Buffer;
  raw?: { width: number; height: number; channels: 3 | 4 };
  /** Where the image's top-left pixel sits in screen coordinates. */
  originX: number;
  originY: number;
  /** Rectangles to black out, in screen coordinates: windows the grab saw stacked above `window`. */
  masks: Bounds[];
}

/**
 * Frees a grab's pixels now rather than at a garbage collection: the in-process capture hands each
 * grab over as memory outside the JS heap, which the collector only looks at after tens of MB of it
 * have piled up. Only for pixels that nothing reads any more (not while sharp encodes them), and
 * only a buffer that owns all of its memory (never a slice of a shared pool).
 */
export function releasePixels(pixels: CapturedPixels): void {
  const buffer = pixels.image.buffer as ArrayBuffer & { detached?: boolean; transfer?: (length: number) => ArrayBuffer };
  if (pixels.image.byteOffset !== 0 || pixels.image.byteLength !== buffer.byteLength || buffer.detached || !buffer.transfer) return;
  // Transferring detaches the buffer: its memory goes at once, and any later read sees it empty.
  buffer.transfer(0);
}
