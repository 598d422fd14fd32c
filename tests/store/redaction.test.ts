// Every redaction on the bytes: after it, what it removed is in no byte of any file under the data
// folder (database, WAL, anything else), the session still reads, and the audit trail says who did
// what without quoting it.
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { filesContaining } from '../helpers/disk-bytes.ts';
import { keycodesOf } from '../helpers/typing.ts';
import { blackOutBox } from '../../src/review/redaction/black-out-box.ts';
import { cutRange } from '../../src/review/redaction/cut-range.ts';
import { redactKeySpan } from '../../src/review/redaction/redact-key-span.ts';
import { redactAuto, redactString } from '../../src/review/redaction/redact-matches.ts';
import { redactTitle } from '../../src/review/redaction/redact-title.ts';
import { resolveFinding } from '../../src/review/redaction/resolve-finding.ts';
import { describeSession } from '../../src/review/session-view.ts';
import { addFindings, listFindings } from '../../src/store/findings-repo.ts';
import { readEvents, readFrameBytes } from '../../src/store/session-content.ts';
import { open, tempDataDir } from './helpers.ts';
import { PATCH, SECRET, keyRecordTail, seedReviewSession } from '../helpers/seed-review.ts';

const ID = '0b0e5a1c-1111-4222-8333-944445555666';

function typed(store: Parameters<typeof describeSession>[0]): string {
  return describeSession(store, ID).typedText.map((r) => r.text).join('');
}

describe('redacting typed text', () => {
  it('erases the key codes behind a span from every file, and show prints a placeholder per key', async () => {
    const dir = tempDataDir();
    const store = open(dir);
    const s = await seedReviewSession(store, { id: ID, state: 'recorded' });
    const secretKeys = s.events.filter((e) => e.seq >= s.secretSeqs.fromSeq && e.seq <= s.secretSeqs.toSeq + 2 && e.keycode !== null);
    const tails = secretKeys.map((e) => keyRecordTail(e)!);
    // The marker works: before redaction every key record of the secret is on disk.
    expect(tails.every((t) => filesContaining(dir, t).length > 0)).toBe(true);
    expect(typed(store)).toBe(`hello ${SECRET} bye`);

    const { checkpointed } = redactKeySpan(store, ID, s.secretSeqs.fromSeq, s.secretSeqs.toSeq, { reason: 'aws key' });

    expect(checkpointed).toBe(true);
    expect(typed(store)).toBe(`hello ${'█'.repeat(SECRET.length)} bye`);
    for (const tail of tails) expect(filesContaining(dir, tail)).toEqual([]);
    const order = readEvents(store, ID).filter((e) => e.kind === 'key-down' && e.keycode !== null).map((e) => e.keycode).join(',');
    expect(order).not.toContain(keycodesOf('IOSFODNN7').join(','));
    // Modifier presses inside the span are gone, so no Shift pattern tells which letters were capitals.
    const inSpan = readEvents(store, ID).filter((e) => e.seq >= s.secretSeqs.fromSeq && e.seq <= s.secretSeqs.toSeq);
    expect(inSpan.every((e) => e.keycode === null && e.mods === 0)).toBe(true);
    const redaction = store.prepare('SELECT kind, target, reason FROM redactions').get();
    expect(redaction).toEqual({ kind: 'text', target: JSON.stringify(s.secretSeqs), reason: 'aws key' });
    expect(describeSession(store, ID).audit.at(-1)).toMatchObject({ action: 'review.redact-text', actor: 'contributor' });
  });

  it('--text finds every occurrence of a string and never writes the string into redactions or audit', async () => {
    const dir = tempDataDir();
    const store = open(dir);
    await seedReviewSession(store, { id: ID, state: 'recorded' });
    expect(redactString(store, ID, 'hello')).toHaveLength(1);
    expect(redactString(store, ID, 'nowhere')).toEqual([]);
    expect(typed(store)).toBe(`█████ ${SECRET} bye`);
    const written = JSON.stringify([store.prepare('SELECT * FROM redactions').all(), describeSession(store, ID).audit]);
    expect(written).not.toContain('hello');
  });

  it('--auto scans, stores a masked finding for the key, redacts it and leaves open only the frame after it, which nothing read', async () => {
    const dir = tempDataDir();
    const store = open(dir);
    await seedReviewSession(store, { id: ID, state: 'recorded' });
    const result = await redactAuto(store, ID, { frames: false });
    // Frame 2 was taken after the key was typed: without OCR nothing can tell it does not show it.
    expect(result).toMatchObject({ open: 1, unreadFrames: 1 });
    expect(listFindings(store, ID, 'open')).toEqual([expect.objectContaining({ source: 'frame', location: expect.objectContaining({ frameSeq: 2 }) })]);
    expect(result.redacted).toBeGreaterThan(0);
    const findings = listFindings(store, ID);
    const aws = findings.find((f) => f.source === 'text' && f.detector.includes('aws'));
    expect(aws).toMatchObject({ status: 'redacted' });
    expect(typed(store)).not.toContain('AKIA');
    expect(filesContaining(dir, SECRET)).toEqual([]);
    for (const f of findings) expect(f.preview).not.toContain(SECRET.slice(4, 12));
  });
});

describe('blacking out a box', () => {
  it('turns the box pure black and leaves no byte of the old encoded frame in any file', async () => {
    const dir = tempDataDir();
    const store = open(dir);
    const s = await seedReviewSession(store, { id: ID, state: 'recorded' });
    const old = s.frames[0]!.bytes as Buffer;
    const slices = [0.3, 0.5, 0.8].map((at) => old.subarray(Math.floor(old.length * at), Math.floor(old.length * at) + 64));
    expect(filesContaining(dir, slices[1]!).length).toBeGreaterThan(0);

    const { checkpointed } = await blackOutBox(store, ID, 1, PATCH, { reason: 'photo of a badge' });

    expect(checkpointed).toBe(true);
    const bytes = readFrameBytes(store, ID, 1)!;
    const { data, info } = await sharp(bytes).raw().toBuffer({ resolveWithObject: true });
    let outside = 0;
    for (let y = 0; y < info.height; y++) {
      for (let x = 0; x < info.width; x++) {
        const o = (y * info.width + x) * info.channels;
        const inBox = x >= PATCH.x && x < PATCH.x + PATCH.width && y >= PATCH.y && y < PATCH.y + PATCH.height;
        if (inBox) expect([data[o], data[o + 1], data[o + 2]]).toEqual([0, 0, 0]);
        else if (data[o]! >= 200) outside++;
      }
    }
    // Lossless: everything outside the box is exactly the background it was.
    expect(outside).toBe(info.width * info.height - PATCH.width * PATCH.height);
    for (const slice of slices) expect(filesContaining(dir, slice)).toEqual([]);
    const frame = describeSession(store, ID).frames[0]!;
    expect(frame.sha256).not.toBe(s.frames[0]!.sha256);
    expect(frame.format).toBe('webp');
  });

  it('refuses a box outside the frame with one sentence, changing nothing', async () => {
    const store = open(tempDataDir());
    await seedReviewSession(store, { id: ID, state: 'recorded' });
    const before = readFrameBytes(store, ID, 1);
    await expect(blackOutBox(store, ID, 1, { x: 5000, y: 5000, width: 10, height: 10 })).rejects.toThrow(/lies outside frame 1 \(320x200\)/);
    await expect(blackOutBox(store, ID, 9, PATCH)).rejects.toThrow(/has no frame 9/);
    expect(readFrameBytes(store, ID, 1)!.equals(before!)).toBe(true);
    expect(store.prepare('SELECT count(*) FROM redactions').pluck().get()).toBe(0);
  });
});

describe('cutting a time range and redacting a title', () => {
  it('deletes the events and frames in the range, keeps a marker, and settles findings inside it', async () => {
    const dir = tempDataDir();
    const store = open(dir);
    const s = await seedReviewSession(store, { id: ID, state: 'recorded', title: 'mail - jane.doe@example.com' });
    addFindings(store, ID, [{ source: 'frame', detector: 'email', preview: 'j•••@e•••.com', location: { frameSeq: 1, box: PATCH } }], 'reviewer');
    const inRange = s.events.filter((e) => e.t >= 1000 && e.t <= 8500);
    const { result } = cutRange(store, ID, 1000, 8500);
    expect(result).toEqual({ events: inRange.length, frames: 2, windows: 0 });
    expect(typed(store)).toBe('hello  bye');
    expect(store.prepare('SELECT kind, target FROM redactions').get()).toEqual({ kind: 'cut', target: '{"fromMs":1000,"toMs":8500}' });
    expect(listFindings(store, ID)[0]).toMatchObject({ status: 'redacted' });
    for (const tail of inRange.map((e) => keyRecordTail(e)!)) expect(filesContaining(dir, tail)).toEqual([]);
    expect(filesContaining(dir, (s.frames[0]!.bytes as Buffer).subarray(500, 564))).toEqual([]);
  });

  it('a title finding redacted through resolveFinding erases the title from every file', async () => {
    const dir = tempDataDir();
    const store = open(dir);
    await seedReviewSession(store, { id: ID, state: 'recorded', title: 'mail - jane.doe@example.com' });
    await redactAuto(store, ID, { frames: false });
    expect(describeSession(store, ID).windows[0]!.title).toBeNull();
    expect(filesContaining(dir, 'jane.doe@example.com')).toEqual([]);
    expect(listFindings(store, ID).filter((f) => f.source === 'title').every((f) => f.status === 'redacted')).toBe(true);
  });

  it('redactTitle on a window that does not exist is refused', async () => {
    const store = open(tempDataDir());
    await seedReviewSession(store, { id: ID, state: 'recorded' });
    expect(() => redactTitle(store, ID, 42)).toThrow(/has no window 42/);
  });

  it('a waived finding keeps its content, records the reason and closes the finding', async () => {
    const store = open(tempDataDir());
    await seedReviewSession(store, { id: ID, state: 'recorded' });
    addFindings(store, ID, [{ source: 'text', detector: 'high-entropy', preview: 'h••••', location: { windowSeq: 1, fromSeq: 1, toSeq: 5 } }], 'detector');
    const [f] = listFindings(store, ID);
    const waived = await resolveFinding(store, ID, f!.id, 'waive', 'a greeting, not a secret');
    expect(waived).toMatchObject({ status: 'waived', reason: 'a greeting, not a secret' });
    expect(typed(store)).toContain('hello');
    expect(describeSession(store, ID).audit.at(-1)).toMatchObject({ action: 'review.waive' });
  });
});
