// inertText / inertLines: every control character, escape sequence introducer and bidi control
// becomes a visible \uXXXX escape, and JSON passed through inertLines still parses to the same value.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inertLines, inertText } from '../../src/shared/inert-text.ts';

// eslint-disable-next-line no-control-regex -- finding control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/;

describe('inert text', () => {
  it('shows an OSC title change, an OSC 52 clipboard write, an 8-bit CSI and a bidi override as visible escapes', () => {
    expect(inertText('a\x1b]0;pwned\x07b')).toBe('a\\u001b]0;pwned\\u0007b');
    expect(inertText('\x1b]52;c;Zm9v\x07')).toBe('\\u001b]52;c;Zm9v\\u0007');
    expect(inertText('\x9b2J')).toBe('\\u009b2J');
    expect(inertText('\u202eexe.txt')).toBe('\\u202eexe.txt');
    expect(inertText('line\nnext\r')).toBe('line\\u000anext\\u000d');
    expect(inertLines('line\nnext\r')).toBe('line\nnext\\u000d');
  });

  it('leaves ordinary text, accents, emoji and CJK untouched', () => {
    expect(inertText('Terminal — ünïcode ✓ 日本 🙂')).toBe('Terminal — ünïcode ✓ 日本 🙂');
  });

  it('leaves no unsafe character in any string', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => !UNSAFE.test(inertText(s))));
  });

  it('keeps JSON valid and equal to its value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.string({ unit: 'binary' }), (value, s) => {
        const doc = { value, s };
        const out = inertLines(JSON.stringify(doc, null, 2));
        expect(out.replace(/\n/g, '')).not.toMatch(UNSAFE);
        expect(JSON.parse(out)).toEqual(JSON.parse(JSON.stringify(doc)));
      }),
    );
  });
});
