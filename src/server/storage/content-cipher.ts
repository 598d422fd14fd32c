// How the service seals content at rest (node:crypto, no home-made cryptography): AES-256-GCM with
// a fresh 96-bit nonce per sealed part, bound by its associated data to the place it belongs (a
// session's frame 3 cannot be passed off as its frame 4); and AES-256-CTR for an upload's staging
// file, because CTR can start at any byte offset, which a resumed upload appends at.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export const KEY_BYTES = 32;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const BLOCK = 16;

/** nonce ‖ ciphertext ‖ tag. */
export function seal(key: Buffer, aad: string, plain: Buffer): Buffer {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(Buffer.from(aad));
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([nonce, body, cipher.getAuthTag()]);
}

/** The plaintext, or an error when the bytes were changed or belong elsewhere. */
export function open(key: Buffer, aad: string, sealed: Buffer): Buffer {
  if (sealed.length < NONCE_BYTES + TAG_BYTES) throw new Error(`sealed content of ${sealed.length} bytes is truncated`);
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, NONCE_BYTES));
  decipher.setAAD(Buffer.from(aad));
  decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
  return Buffer.concat([decipher.update(sealed.subarray(NONCE_BYTES, sealed.length - TAG_BYTES)), decipher.final()]);
}

/** A CTR keystream positioned at byte `offset` of a stream whose counter starts at zero (a key is
 *  used for one staging file only, so a zero start is safe). XORs both ways. */
export function ctrAt(key: Buffer, offset: number): (chunk: Buffer) => Buffer {
  const iv = Buffer.alloc(BLOCK);
  iv.writeBigUInt64BE(BigInt(Math.floor(offset / BLOCK)), 8);
  const cipher = createCipheriv('aes-256-ctr', key, iv);
  // Inside a block: spend the keystream up to the offset.
  const skip = offset % BLOCK;
  if (skip) cipher.update(Buffer.alloc(skip));
  return (chunk) => cipher.update(chunk);
}
