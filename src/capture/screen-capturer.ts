// A source of the focused allowed window's pixels. The frame encoder crops what it returns to the
// window and blacks out `masks`; nothing uncropped is stored.
import type { Bounds, WindowInfo } from '../core/window-info.ts';

export interface ScreenCapturer {
  /** Why frames are taken here by a weaker method than the platform's best, for the status line. */
  readonly warning?: string;
  /** The pixels around `window` at one moment, with what must still be blacked out. */
  capture(window: WindowInfo): Promise<CapturedPixels>;
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
