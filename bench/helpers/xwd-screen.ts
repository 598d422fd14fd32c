// `xwd -root` as a frame source, for bench/frames.bench.ts to compare against: the X11 tool that
// dumps the root window (spawned per shot), its XWD output parsed and one window's part turned into
// raw RGB with sharp, ready for encodeFrame. Benchmark only: Cairn never runs xwd.
import { execFile } from 'node:child_process';
import sharp from 'sharp';
import type { Bounds } from '../../src/core/window-info.ts';

/** The whole screen as `xwd -root` writes it (XWD: a big-endian header, colours, then pixels). */
export function xwdRoot(env: NodeJS.ProcessEnv): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    execFile('xwd', ['-root', '-silent'], { env, encoding: 'buffer', maxBuffer: 64 << 20 }, (err, out) => (err ? reject(err) : resolve(out)));
  });
}

/** `window`'s part of an XWD screen dump as RGB, 3 bytes a pixel. */
export async function xwdWindowRgb(xwd: Buffer, window: Bounds): Promise<Buffer> {
  const field = (i: number) => xwd.readUInt32BE(i * 4);
  const [headerSize, width, height, byteOrder, bitsPerPixel, bytesPerLine, colours] = [field(0), field(4), field(5), field(7), field(11), field(12), field(19)];
  if (bitsPerPixel !== 32 || bytesPerLine !== width * 4 || byteOrder !== 0) throw new Error('xwd wrote other pixels than 32-bit LSB-first ones, the only kind this reads');
  const pixels = xwd.subarray(headerSize + colours * 12, headerSize + colours * 12 + bytesPerLine * height);
  // 32-bit pixels of a 24-bit visual, LSB first: B, G, R, X in memory.
  return sharp(pixels, { raw: { width, height, channels: 4 } })
    .extract({ left: window.x, top: window.y, width: window.width, height: window.height })
    .removeAlpha()
    .recomb([[0, 0, 1], [0, 1, 0], [1, 0, 0]])
    .raw()
    .toBuffer();
}
