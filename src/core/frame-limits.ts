// How large a frame may be. A frame is one window cropped from a screen grab, so none Cairn records
// is larger than the largest screen it supports; anything beyond that came from elsewhere (a bundle
// made by hand, a damaged store) and is refused before its pixels are decoded. A WebP header of
// 38 bytes can declare 16383x16383 pixels, which takes over 1 GB to decode.

/** The largest screen Cairn records: 8K UHD. */
export const LARGEST_SCREEN = { width: 7680, height: 4320 } as const;

/** The most pixels Cairn decodes from one stored or imported frame: two of the largest screens, as
 *  margin for a window stretched across two of them. Decoded as RGBA that is about 265 MB. */
export const MAX_FRAME_PIXELS = 2 * LARGEST_SCREEN.width * LARGEST_SCREEN.height;

/** The only encoding Cairn stores frames in (the frame encoder and the redaction box write it). */
export const FRAME_FORMAT = 'webp';

export function exceedsFrameLimit(width: number, height: number): boolean {
  return width * height > MAX_FRAME_PIXELS;
}
