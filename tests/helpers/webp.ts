// Real WebP images built synchronously, for seeds that write stored frames without awaiting sharp:
// a lossless (VP8L) bitstream in which green, red and blue are each coded with a flat 8-bit prefix
// code (every value costs 8 bits, so any pixels can be written) and alpha is one constant 255. And
// the image bomb of issue 11: a 38-byte WebP whose header declares 16383x16383 pixels and whose
// single-symbol codes make every pixel cost no bits at all, so it really decodes to that size.

import { randomFillSync } from 'node:crypto';

/** Writes bits least significant first, as VP8L reads them. */
class BitWriter {
  private readonly bytes: number[] = [];
  private acc = 0;
  private used = 0;

  /** Appends the low `bits` (at most 24) of `value`. */
  put(value: number, bits: number): void {
    this.acc |= (value & ((1 << bits) - 1)) << this.used;
    this.used += bits;
    while (this.used >= 8) {
      this.bytes.push(this.acc & 0xff);
      this.acc >>>= 8;
      this.used -= 8;
    }
  }

  done(): Buffer {
    if (this.used) this.bytes.push(this.acc);
    return Buffer.from(this.bytes);
  }
}

/** The VP8L header: signature, 14-bit width-1 and height-1, no alpha, version 0. */
function header(w: BitWriter, width: number, height: number): void {
  w.put(0x2f, 8);
  w.put(width - 1, 14);
  w.put(height - 1, 14);
  w.put(0, 1);
  w.put(0, 3);
  w.put(0, 1); // no transform
  w.put(0, 1); // no colour cache
  w.put(0, 1); // no meta prefix codes
}

/** A prefix code with one 8-bit symbol: zero bits per use. */
function singleSymbol(w: BitWriter, symbol: number): void {
  w.put(1, 1); // simple code
  w.put(0, 1); // one symbol
  w.put(1, 1); // of 8 bits
  w.put(symbol, 8);
}

/** A normal prefix code over the first 256 symbols, each 8 bits long (a flat code). */
function flatCode(w: BitWriter, limitTo256: boolean): void {
  w.put(0, 1); // normal code
  // Code-length code lengths in VP8L's order 17, 18, 0, 1, ..., 5, 16, 6, 7, 8: only the length 8
  // is used (12th in that order), so it alone gets a length and each code length costs no bits.
  w.put(12 - 4, 4);
  for (let i = 0; i < 12; i++) w.put(i === 11 ? 1 : 0, 3);
  if (limitTo256) {
    // Green's alphabet is 280 symbols: read lengths for the 256 literals only, the rest are unused.
    w.put(1, 1);
    w.put(4, 3); // length_nbits = 2 + 2 * 4 = 10
    w.put(256 - 2, 10);
  } else {
    w.put(0, 1);
  }
}

/** Each byte with its bits in reverse order: VP8L reads a prefix code's bits from its top. */
const REVERSED = Array.from({ length: 256 }, (_, v) => {
  let r = 0;
  for (let i = 0; i < 8; i++) r |= ((v >>> i) & 1) << (7 - i);
  return r;
});

function riff(vp8l: Buffer): Buffer {
  const payload = vp8l.length % 2 ? Buffer.concat([vp8l, Buffer.alloc(1)]) : vp8l;
  const out = Buffer.alloc(20 + payload.length);
  out.write('RIFF', 0, 'latin1');
  out.writeUInt32LE(12 + payload.length, 4);
  out.write('WEBPVP8L', 8, 'latin1');
  out.writeUInt32LE(vp8l.length, 16);
  payload.copy(out, 20);
  return out;
}

/** A lossless WebP of `width` x `height` whose RGB pixels are `rgb` (3 bytes a pixel, row by row). */
export function webpFromRgb(width: number, height: number, rgb: Uint8Array): Buffer {
  if (rgb.length !== width * height * 3) throw new Error(`webpFromRgb needs ${width * height * 3} bytes of RGB`);
  const w = new BitWriter();
  header(w, width, height);
  flatCode(w, true); // green (with length and cache codes unused)
  flatCode(w, false); // red
  flatCode(w, false); // blue
  singleSymbol(w, 255); // alpha
  singleSymbol(w, 0); // distance (unused)
  // Each value is written as its 8-bit canonical code, most significant bit first.
  for (let i = 0; i < rgb.length; i += 3) {
    w.put(REVERSED[rgb[i + 1]!]! | (REVERSED[rgb[i]!]! << 8) | (REVERSED[rgb[i + 2]!]! << 16), 24);
  }
  return riff(w.done());
}

/** A WebP of pixels from `fill` (random by default), sized to come out at about `bytes` bytes. */
export function webpOfAbout(bytes: number, fill: (rgb: Buffer) => void = fillRandom): { bytes: Buffer; width: number; height: number } {
  const width = 16;
  const height = Math.max(1, Math.round(Math.max(0, bytes - 60) / (width * 3)));
  const rgb = Buffer.alloc(width * height * 3);
  fill(rgb);
  return { bytes: webpFromRgb(width, height, rgb), width, height };
}

const fillRandom = (rgb: Buffer): void => void randomFillSync(rgb);

/** The 38-byte image bomb: a WebP declaring `side` x `side` pixels (16383 at most) of nothing. */
export function webpBomb(side = 16383): Buffer {
  const w = new BitWriter();
  header(w, side, side);
  for (let i = 0; i < 5; i++) {
    w.put(1, 1); // simple code
    w.put(0, 1); // one symbol
    w.put(0, 1); // of 1 bit
    w.put(0, 1); // symbol 0
  }
  // Padded to 18 bytes, the size of the bomb reported in issue 11.
  return riff(Buffer.concat([w.done(), Buffer.alloc(10)]));
}
