// The service's sealing, as logic: a sealed part opens only with its key and in its own place, and
// an upload staged chunk by chunk at any offsets (a resume lands anywhere, mid-block included)
// reads back as the bytes sent.
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { ctrAt, open, seal } from '../../src/server/storage/content-cipher.ts';

it('opens a sealed part with its key and place only, and refuses one changed byte', () => {
  const key = randomBytes(32);
  const sealed = seal(key, 'cairn-session a part', Buffer.from('window title'));
  expect(open(key, 'cairn-session a part', sealed).toString()).toBe('window title');
  expect(sealed.includes(Buffer.from('window title'))).toBe(false);
  expect(() => open(randomBytes(32), 'cairn-session a part', sealed)).toThrow();
  expect(() => open(key, 'cairn-session a events', sealed)).toThrow();
  sealed[20]! ^= 1;
  expect(() => open(key, 'cairn-session a part', sealed)).toThrow();
});

it('stages an upload sent in chunks of any sizes so that it reads back whole', () => {
  fc.assert(
    fc.property(fc.uint8Array({ minLength: 1, maxLength: 300 }), fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1 }), (bytes, sizes) => {
      const key = randomBytes(32);
      const plain = Buffer.from(bytes);
      const staged: Buffer[] = [];
      let offset = 0;
      for (let i = 0; offset < plain.length; i++) {
        const n = Math.min(sizes[i % sizes.length]!, plain.length - offset);
        // Each chunk under a keystream started afresh at its offset, as each PUT does.
        staged.push(ctrAt(key, offset)(plain.subarray(offset, offset + n)));
        offset += n;
      }
      expect(ctrAt(key, 0)(Buffer.concat(staged)).equals(plain)).toBe(true);
    }),
  );
});
