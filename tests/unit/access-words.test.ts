// The access log in words for the contributor: each redaction a reviewer made on the team service
// is said by its kind and place (never what was there), and an action this build does not know is
// shown as the service named it.
import { expect, it } from 'vitest';
import { accessInWords } from '../../src/shared/access-words.ts';

it('says which redaction a reviewer made on the service, by kind and place', () => {
  expect(accessInWords('redact', { kind: 'text', fromSeq: 4, toSeq: 60 })).toBe('redacted typed text');
  expect(accessInWords('redact', { kind: 'title', windowSeq: 2 })).toBe('redacted the title of window 2');
  expect(accessInWords('redact', { kind: 'task' })).toBe('redacted its task');
  expect(accessInWords('redact', { kind: 'box', frameSeq: 3, box: { x: 0, y: 0, width: 9, height: 9 }, whole: false })).toBe('blacked out a box on frame 3');
  expect(accessInWords('redact', { kind: 'box', frameSeq: 2, box: { x: 0, y: 0, width: 320, height: 200 }, whole: true })).toBe('blacked out frame 2');
  expect(accessInWords('redact', null)).toBe('redacted part of it');
  expect(accessInWords('stamp', null)).toBe('stamp');
});
