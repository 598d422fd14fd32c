// Opening a stored frame for pixel work (a redaction box, OCR) with bounded memory: the image's
// header is read first (no pixels are decoded for that) and an image larger than MAX_FRAME_PIXELS
// is refused in a sentence; the decoder itself gets the same limit (sharp's limitInputPixels), so
// nothing that slips past the header check can decode to more either. sharp is loaded at the first
// image opened, not with the process: libvips costs ~27 MB resident that most commands never need.
import type { Sharp } from 'sharp';
import { DomainError } from '../core/domain-error.ts';
import { exceedsFrameLimit, MAX_FRAME_PIXELS } from '../core/frame-limits.ts';

export interface ImageHeader {
  format: string;
  width: number;
  height: number;
}

/** The format and size an image's header declares, or null when sharp cannot read it as an image. */
export async function readImageHeader(bytes: Buffer): Promise<ImageHeader | null> {
  const { default: sharp } = await import('sharp');
  try {
    // limitInputPixels off here only: metadata reads the header, and the size is what is checked.
    const { format, width, height } = await sharp(bytes, { limitInputPixels: false }).metadata();
    return format && width && height ? { format, width, height } : null;
  } catch {
    return null;
  }
}

/** A sharp pipeline over `bytes`, refused with a DomainError naming `what` (e.g. "Frame 3 of
 *  session …") when it is not an image or is larger than Cairn decodes. */
export async function openFrameImage(bytes: Buffer, what: string): Promise<{ image: Sharp } & ImageHeader> {
  const header = await readImageHeader(bytes);
  if (!header) throw new DomainError('refused', `${what} is not an image Cairn can read; cut its time range out of the session or delete the session.`);
  if (exceedsFrameLimit(header.width, header.height)) {
    throw new DomainError(
      'refused',
      `${what} is ${header.width}x${header.height} pixels, more than the ${MAX_FRAME_PIXELS.toLocaleString('en')} Cairn decodes from a frame; cut its time range out of the session or delete the session.`,
    );
  }
  const { default: sharp } = await import('sharp');
  return { image: sharp(bytes, { limitInputPixels: MAX_FRAME_PIXELS }), ...header };
}
