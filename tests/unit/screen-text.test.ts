// The two pieces of screen OCR that are pure logic: the cell reader (terminal text in xterm's
// default bitmap font, drawn here from the font's own glyphs at an odd offset, in light and dark
// colours, and through lossy WebP), and the mending of monospaced tokens tesseract split.
import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { FONTS } from '../../src/review/ocr/bitmap-font.ts';
import { readCells } from '../../src/review/ocr/cell-reader.ts';
import { wordsToLines } from '../../src/review/ocr/frame-words.ts';
import { mendMonospaceWords, type RecognizedWord } from '../../src/review/ocr/monospace-words.ts';
import { decodeGrey } from '../../src/review/ocr/screen-image.ts';

const font = FONTS[0]!;
const LINES = ['$ echo AKIAIOSFODNN7EXAMPLE', 'mail jane.doe@example.com; card 4242 4242 4242 4242', '-----BEGIN RSA PRIVATE KEY----- {x: [1, 2]}'];

/** The lines drawn cell by cell from the atlas, starting `left`,`top` pixels in. */
function terminal(lines: string[], colours: { fg: number; bg: number }, left = 5, top = 9): { data: Uint8Array; width: number; height: number } {
  const width = left + 60 * font.width + 7;
  const height = top + lines.length * font.height + 4;
  const data = new Uint8Array(width * height).fill(colours.bg);
  lines.forEach((line, row) => {
    Array.from(line).forEach((ch, col) => {
      const glyph = font.glyphs.find((g) => g.char === ch);
      glyph?.rows.forEach((bits, y) => {
        for (let x = 0; x < font.width; x++) {
          if (bits & (1 << (font.width - 1 - x))) data[(top + row * font.height + y) * width + left + col * font.width + x] = colours.fg;
        }
      });
    });
  });
  return { data, width, height };
}

const text = (image: { data: Uint8Array; width: number; height: number }) => {
  const reading = readCells(image);
  return reading && { text: wordsToLines(reading.words).text, unread: reading.unreadCells };
};

describe('the cell reader', () => {
  it('reads every character of the default xterm font exactly, dark on light and light on dark, at any grid offset', () => {
    expect(text(terminal(LINES, { fg: 0, bg: 255 }))).toEqual({ text: LINES.join('\n'), unread: 0 });
    expect(text(terminal(LINES, { fg: 212, bg: 30 }, 2, 4))).toEqual({ text: LINES.join('\n'), unread: 0 });
  });

  it('reads the font through lossy WebP, where pixels are no longer exact', async () => {
    const image = terminal(LINES, { fg: 40, bg: 235 });
    const lossy = await sharp(Buffer.from(image.data), { raw: { width: image.width, height: image.height, channels: 1 } }).webp({ quality: 80 }).toBuffer();
    expect(text(await decodeGrey(lossy, 'a test frame'))?.text).toBe(LINES.join('\n'));
  });

  it('finds no grid in proportional or anti-aliased text, leaving it to tesseract', async () => {
    for (const file of ['mousepad-env.png', 'chromium-mail.png']) {
      const grey = await decodeGrey(readFileSync(new URL(`../../fixtures/ocr-corpus/${file}`, import.meta.url)), file);
      expect(readCells(grey), file).toBeUndefined();
    }
  });
});

/** A word on a grid of `advance` px whose first character's centre is at `origin`. */
function gridWord(text: string, origin: number, advance: number, line = 0, misplaced?: number): RecognizedWord {
  const centers = Array.from(text).map((_, i) => origin + i * advance + (i === misplaced ? advance * 0.9 : 0));
  return { text, line, x0: origin - advance / 3, x1: origin + (text.length - 1) * advance + advance / 3, y0: 0, y1: 20, centers };
}

describe('monospaced words', () => {
  it('joins the parts of a token tesseract split at a narrow glyph, even with a misplaced character', () => {
    const words = [gridWord('E-mail:', 10, 24), gridWord('jane.doe@example.', 10 + 8 * 24, 24, 0, 16), gridWord('com', 10 + 25 * 24, 24)];
    expect(mendMonospaceWords(words).map((w) => w.text)).toEqual(['E-mail:', 'jane.doe@example.com']);
  });

  it('keeps a space that is a whole cell wide, and leaves proportional text as read', () => {
    expect(mendMonospaceWords([gridWord('ghp_abc', 0, 12), gridWord('def1', 8 * 12, 12)]).map((w) => w.text)).toEqual(['ghp_abc', 'def1']);
    const proportional: RecognizedWord[] = [
      { text: 'Refund', line: 0, x0: 0, x1: 50, y0: 0, y1: 12, centers: [4, 12, 18, 26, 35, 45] },
      { text: 'to', line: 0, x0: 55, x1: 68, y0: 0, y1: 12, centers: [58, 65] },
    ];
    expect(mendMonospaceWords(proportional).map((w) => w.text)).toEqual(['Refund', 'to']);
  });
});
