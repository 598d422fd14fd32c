// A key typed in a window is looked for on every later frame of that window, in a real store with
// real OCR: where it is read it is blacked out; where OCR reads nothing of it and cannot prove it
// gone, the frame is an open finding that `redact --auto` leaves to a person and that holds back
// approval until it is blacked out or waived; a frame read exactly (xterm's bitmap font, every cell
// a glyph) without it is clear; frames before the typing and of other windows are not places.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { BUILTIN_US_LAYOUT } from '../../src/shared/keyboard-layout.ts';
import { closeOcr } from '../../src/review/detectors/index.ts';
import { findOnScreen } from '../../src/review/ocr/find-on-screen.ts';
import { readScreen } from '../../src/review/ocr/read-screen.ts';
import { redactAuto } from '../../src/review/redaction/redact-matches.ts';
import { resolveFinding } from '../../src/review/redaction/resolve-finding.ts';
import { scanSession } from '../../src/review/scan-session.ts';
import { approveSession, submitSession } from '../../src/review/workflow.ts';
import { type Finding, listFindings } from '../../src/store/findings-repo.ts';
import { openStore } from '../../src/store/open-store.ts';
import { readFrameBytes } from '../../src/store/session-content.ts';
import { applyAction } from '../../src/store/session-repo.ts';
import type { Store } from '../../src/store/store.ts';
import { type FrameRow, writeBatch } from '../../src/store/write-batch.ts';
import { createSeedSession } from '../helpers/seed-session.ts';
import { typingEvents } from '../helpers/seed-review.ts';

const ID = '7e551011-aaaa-4bbb-8ccc-0123456789ab';
const SECRET = 'AKIAIOSFODNN7EXAMPLE';

/** A terminal-like screen of `lines` in DejaVu Sans Mono 16 px (what tesseract reads), as WebP. */
async function screen(lines: string[]): Promise<Buffer> {
  const text = lines.map((l, i) => `<text x="8" y="${26 + i * 24}" xml:space="preserve">${l}</text>`).join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="560" height="${20 + lines.length * 24}"><rect width="100%" height="100%" fill="#fff"/><g font-family="DejaVu Sans Mono" font-size="16" fill="#000">${text}</g></svg>`;
  return sharp(Buffer.from(svg)).webp({ lossless: true }).toBuffer();
}

async function frame(seq: number, t: number, windowSeq: number, bytes: Buffer): Promise<FrameRow> {
  const { width = 0, height = 0 } = await sharp(bytes).metadata();
  return { seq, t, windowSeq, reason: 'typing', width, height, format: 'webp', sha256: createHash('sha256').update(bytes).digest('hex'), bytes };
}

/** Typed in window 1: "echo " at 1 s, the key from 2 s; frames 1 (before), 2 (shows it), 3 (shows
 *  other text), 4 (another window), 5 (xterm's default font, read exactly, without the key). */
async function seed(store: Store): Promise<void> {
  createSeedSession(store, { id: ID, startedAt: Date.now() - 60_000, layout: BUILTIN_US_LAYOUT });
  const echo = typingEvents('echo ', 1, 1000.5);
  const key = typingEvents(SECRET, echo.length + 1, 2000.5);
  const xtermDefault = await sharp(readFileSync(new URL('../../fixtures/ocr-corpus/xterm-ticket.png', import.meta.url))).webp({ lossless: true }).toBuffer();
  writeBatch(store, ID, {
    windows: [
      { seq: 1, t: 0, app: 'XTerm', title: 'sh', x: 0, y: 0, width: 560, height: 300 },
      { seq: 2, t: 5000, app: 'Mousepad', title: 'notes', x: 600, y: 0, width: 560, height: 300 },
    ],
    events: [...echo, ...key],
    frames: [
      await frame(1, 500.5, 1, await screen(['$ ls', 'notes.txt'])),
      await frame(2, 4000.5, 1, await screen([`$ echo ${SECRET}`, SECRET, '$'])),
      await frame(3, 4500.5, 1, await screen(['$ clear', '$ date', 'Tue 14 May'])),
      await frame(4, 5500.5, 2, await screen(['Meeting notes', 'nothing typed here'])),
      await frame(5, 6000.5, 1, xtermDefault),
    ],
    at: Date.now() - 50_000,
  });
  applyAction(store, ID, 'stop', { actor: 'contributor' });
}

const onFrame = (findings: Finding[], frameSeq: number) => findings.filter((f) => f.source === 'frame' && f.location.frameSeq === frameSeq && f.location.fromSeq !== undefined);

describe('a typed key on the frames of its window', () => {
  let store: Store;
  beforeEach(async () => {
    store = openStore(mkdtempSync(join(tmpdir(), 'cairn-typed-frames-')));
    await seed(store);
  }, 60_000);
  afterAll(() => closeOcr());

  it('is blacked out where OCR reads it; a frame it may be on unread is an open finding until a person waives it; exact and unrelated frames are clear', async () => {
    const findings = await scanSession(store, ID);
    const text = findings.find((f) => f.source === 'text' && f.detector === 'aws-key')!;
    expect(text.location).toMatchObject({ windowSeq: 1 });
    expect(onFrame(findings, 1)).toEqual([]);
    expect(onFrame(findings, 2).length).toBeGreaterThanOrEqual(2); // the echoed command and its output
    expect(onFrame(findings, 2).every((f) => f.location.box && f.location.fromSeq === text.location.fromSeq)).toBe(true);
    expect(onFrame(findings, 3)).toEqual([expect.objectContaining({ detector: 'aws-key', status: 'open', location: { ...text.location, frameSeq: 3 } })]);
    expect(onFrame(findings, 4)).toEqual([]);
    expect(onFrame(findings, 5)).toEqual([]);

    const auto = await redactAuto(store, ID);
    expect(auto).toMatchObject({ open: 1, unreadFrames: 1 });
    const reread = await readScreen(readFrameBytes(store, ID, 2)!);
    expect(findOnScreen(reread, SECRET).boxes).toEqual([]);
    expect(reread.layers.map((l) => l.text).join('\n')).toContain('echo');

    submitSession(store, ID);
    await expect(approveSession(store, ID)).rejects.toThrow(/has 1 open finding \(1 of them a frame that may show a secret typed or titled there/);
    const unread = listFindings(store, ID, 'open')[0]!;
    await resolveFinding(store, ID, unread.id, 'waive', 'the screen was cleared before this frame');
    await expect(approveSession(store, ID)).resolves.toBe('approved');
  }, 240_000);

  it('without OCR, every frame of the window after the typing is a place nothing can clear, and approval waits on them', async () => {
    await scanSession(store, ID, { frames: false });
    const open = listFindings(store, ID, 'open').filter((f) => f.source === 'frame');
    expect(open.map((f) => f.location.frameSeq).sort()).toEqual([2, 3, 5]);
    submitSession(store, ID);
    await expect(approveSession(store, ID)).rejects.toThrow(/4 open findings \(3 of them frames/);
  }, 60_000);

  it('a frame without a box is redacted whole: every pixel of it is black', async () => {
    await scanSession(store, ID, { frames: false });
    const unread = listFindings(store, ID, 'open').find((f) => f.location.frameSeq === 3)!;
    expect((await resolveFinding(store, ID, unread.id, 'redact', 'cannot tell')).status).toBe('redacted');
    const { data } = await sharp(readFrameBytes(store, ID, 3)!).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    expect(data.every((v) => v === 0)).toBe(true);
  }, 60_000);
});
