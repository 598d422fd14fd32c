// The frames of a verified bundle, checked as images before anything is stored: each must be a
// WebP whose header declares the size its session declares, within MAX_FRAME_PIXELS. Only headers
// are read (no pixel is decoded), so a 38-byte WebP declaring 16383x16383 costs nothing to refuse,
// where storing it would cost every later redaction or OCR of that frame over a gigabyte.
import { exceedsFrameLimit, FRAME_FORMAT, MAX_FRAME_PIXELS } from '../../core/frame-limits.ts';
import { readImageHeader } from '../../review/frame-image.ts';
import { BundleRefused } from './bundle-format.ts';
import type { VerifiedBundle } from './verify-bundle.ts';

/** Headers read at once: sharp reads them on libuv's thread pool, so a few overlap the waits. */
const AT_ONCE = 8;

export async function verifyFrameImages(bundle: VerifiedBundle, label: string): Promise<void> {
  const refuse = (why: string): never => {
    throw new BundleRefused(`${label} ${why}; nothing was imported.`);
  };
  const frames = bundle.sessions.flatMap(({ part, frames }) => part.frames.map((f) => ({ id: part.id, f, bytes: frames.get(f.seq)! })));
  for (let i = 0; i < frames.length; i += AT_ONCE) {
    const batch = frames.slice(i, i + AT_ONCE);
    const headers = await Promise.all(batch.map((x) => readImageHeader(x.bytes)));
    batch.forEach(({ id, f }, j) => {
      const what = `frame ${f.seq} of session ${id}`;
      const header = headers[j];
      if (!header) return refuse(`holds ${what}, which is not an image`);
      if (header.format !== FRAME_FORMAT) refuse(`holds ${what} as ${header.format}, and Cairn keeps frames as ${FRAME_FORMAT} only`);
      if (exceedsFrameLimit(header.width, header.height)) {
        refuse(`holds ${what}, which decodes to ${header.width}x${header.height} pixels, more than the ${MAX_FRAME_PIXELS.toLocaleString('en')} a frame may have`);
      }
      if (header.width !== f.width || header.height !== f.height) {
        refuse(`holds ${what}, which decodes to ${header.width}x${header.height} pixels where the session declares ${f.width}x${f.height}`);
      }
    });
  }
}
