// The native-messaging framing that Chromium and Firefox use on a host's stdin and stdout: each
// message is a 32-bit length in the machine's own byte order, then that many bytes of UTF-8 JSON.
// The reader is fed chunks as they come (a message may span many, or a chunk hold many) and never
// holds more than one message: a length above the limit is skipped unread, byte by byte as it comes.
import { endianness } from 'node:os';

const HEADER = 4;
const littleEndian = endianness() === 'LE';

export class NativeMessageReader {
  private header = Buffer.alloc(0);
  private body: Buffer[] = [];
  private bodyBytes = 0;
  /** Bytes of the current message still to come; -1 while reading a header. */
  private remaining = -1;
  private skipping = false;

  private readonly maxBytes: number;
  private readonly onMessage: (body: Buffer) => void;
  private readonly onSkipped: (length: number) => void;

  constructor(maxBytes: number, onMessage: (body: Buffer) => void, onSkipped: (length: number) => void = () => undefined) {
    this.maxBytes = maxBytes;
    this.onMessage = onMessage;
    this.onSkipped = onSkipped;
  }

  push(chunk: Buffer): void {
    let at = 0;
    while (at < chunk.length) {
      if (this.remaining < 0) {
        const need = HEADER - this.header.length;
        this.header = Buffer.concat([this.header, chunk.subarray(at, at + need)]);
        at += Math.min(need, chunk.length - at);
        if (this.header.length < HEADER) return;
        const length = littleEndian ? this.header.readUInt32LE(0) : this.header.readUInt32BE(0);
        this.header = Buffer.alloc(0);
        this.skipping = length > this.maxBytes;
        if (this.skipping) this.onSkipped(length);
        this.remaining = length;
        if (length === 0) this.finish();
        continue;
      }
      const take = Math.min(this.remaining, chunk.length - at);
      if (!this.skipping) {
        this.body.push(chunk.subarray(at, at + take));
        this.bodyBytes += take;
      }
      at += take;
      this.remaining -= take;
      if (this.remaining === 0) this.finish();
    }
  }

  private finish(): void {
    const body = Buffer.concat(this.body, this.bodyBytes);
    const skipped = this.skipping;
    this.body = [];
    this.bodyBytes = 0;
    this.remaining = -1;
    this.skipping = false;
    if (!skipped) this.onMessage(body);
  }
}

/** One message framed for a browser: its length in the machine's byte order, then its JSON. */
export function encodeNativeMessage(value: unknown): Buffer {
  const body = Buffer.from(JSON.stringify(value), 'utf8');
  const header = Buffer.alloc(HEADER);
  if (littleEndian) header.writeUInt32LE(body.length, 0);
  else header.writeUInt32BE(body.length, 0);
  return Buffer.concat([header, body]);
}
