// Frames as OCR wants them. Screen text is small (xterm's default font is 13 px high, a browser's
// body text 16 px) where tesseract reads best at about three times that, and terminals are often
// light on dark where tesseract expects dark on light. So a frame is decoded once to greyscale,
// and tesseract gets it scaled up with a Lanczos kernel (sharp edges, little ringing) and inverted
// when its background is dark. Both steps are bounded: no frame over MAX_FRAME_PIXELS is decoded
// (frame-image.ts), and the scale shrinks so the scaled image stays under MAX_OCR_PIXELS.
import sharp from 'sharp';
import { openFrameImage } from '../frame-image.ts';
import { backgroundGrey, type GreyImage } from './grey-image.ts';

/** What tesseract is given at most; its memory and time grow with it. */
export const MAX_OCR_PIXELS = 12_000_000;

export async function decodeGrey(bytes: Buffer, what: string): Promise<GreyImage> {
  const { image } = await openFrameImage(bytes, what);
  const { data, info } = await image.greyscale().raw().toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height };
}

export interface OcrInput {
  png: Buffer;
  /** Pixels of `png` per pixel of the frame. */
  scale: number;
}

export async function ocrInput(image: GreyImage, options: { scale: number; invertDark: boolean }): Promise<OcrInput> {
  const fit = Math.sqrt(MAX_OCR_PIXELS / (image.width * image.height));
  const scale = Math.max(1, Math.min(options.scale, Math.floor(fit * 10) / 10));
  let pipeline = sharp(Buffer.from(image.data.buffer, image.data.byteOffset, image.data.length), { raw: { width: image.width, height: image.height, channels: 1 } });
  if (options.invertDark && backgroundGrey(image) < 128) pipeline = pipeline.negate();
  if (scale > 1) pipeline = pipeline.resize({ width: Math.round(image.width * scale), kernel: 'lanczos3' });
  return { png: await pipeline.png({ compressionLevel: 1 }).toBuffer(), scale };
}
