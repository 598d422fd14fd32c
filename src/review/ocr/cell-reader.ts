// Reads terminal text drawn in a known bitmap font (xterm's default "fixed") by looking each
// character cell up in the font's glyph table: exact where tesseract, trained on smooth print,
// misreads the 6x13 font (`.` as `,`, `@` as `l`, spaces inside tokens). It finds the character
// grid first (the offset at which most cells are glyphs), then reads every cell: a cell's darker
// or lighter minority of pixels is its ink, whatever the colours (dark themes, the cursor's
// inverted cell). Cells a lossy encoder blurred take the nearest glyph within a few bits.
import { type BitmapFont, FONTS, rowsKey } from './bitmap-font.ts';
import type { OcrWord } from './frame-words.ts';
import { backgroundGrey, type GreyImage } from './grey-image.ts';

export interface CellReading {
  font: string;
  words: OcrWord[];
  /** Cells anywhere on the frame with ink that no glyph explains: 0 means the whole frame is text
   *  in this font, read exactly. */
  unreadCells: number;
  /** Cells read as a glyph. */
  readCells: number;
}

/** A cell needs this much contrast between its lightest and darkest pixel to hold ink. */
const MIN_CONTRAST = 48;
/** Fewer glyphs than this at the best grid offset: not a terminal in this font. */
const MIN_GLYPHS = 8;
/** A blurred cell may differ from its glyph in this many pixels. */
const MAX_NEAR_BITS = 3;
const UNREAD = '\uFFFD';

export function readCells(image: GreyImage): CellReading | undefined {
  for (const font of FONTS) {
    const reading = readWithFont(image, font);
    if (reading) return reading;
  }
  return undefined;
}

function readWithFont(image: GreyImage, font: BitmapFont): CellReading | undefined {
  let best = { ox: 0, oy: 0, glyphs: -1 };
  for (const [ox, oy] of gridCandidates(image, font)) {
    const glyphs = countGlyphs(image, font, ox, oy);
    if (glyphs > best.glyphs) best = { ox, oy, glyphs };
  }
  if (best.glyphs < MIN_GLYPHS) return undefined;
  return readGrid(image, font, best.ox, best.oy);
}

/**
 * The likeliest grid offsets, from where ink falls: a 6x13 glyph never inks its last column nor its
 * first row, so across a screen of text the columns (x mod 6) and rows (y mod 13) with the least
 * ink are those. Ink here is any pixel far from the commonest grey (the background). The two
 * emptiest columns and three emptiest rows give six offsets to try, instead of all 78.
 */
function gridCandidates(image: GreyImage, font: BitmapFont): [number, number][] {
  const { data, width, height } = image;
  const bg = backgroundGrey(image);
  const byColumn = new Float64Array(font.width);
  const byRow = new Float64Array(font.height);
  for (let y = 0; y < height; y++) {
    for (let x = 0, o = y * width; x < width; x++, o++) {
      if (Math.abs(data[o]! - bg) < MIN_CONTRAST) continue;
      byColumn[x % font.width]!++;
      byRow[y % font.height]!++;
    }
  }
  const emptiest = (ink: Float64Array, n: number) => [...ink.keys()].sort((a, b) => ink[a]! - ink[b]!).slice(0, n);
  // The emptiest column is a cell's last one: the cell starts just after it.
  const columns = emptiest(byColumn, 2).map((c) => (c + 1) % font.width);
  return emptiest(byRow, 3).flatMap((oy) => columns.map((ox): [number, number] => [ox, oy]));
}

/** Glyphs found exactly at one grid offset, on every other row of cells (enough to compare offsets). */
function countGlyphs(image: GreyImage, font: BitmapFont, ox: number, oy: number): number {
  let n = 0;
  for (let top = oy; top + font.height <= image.height; top += font.height * 2) {
    for (let left = ox; left + font.width <= image.width; left += font.width) {
      const rows = cellInk(image, font, left, top);
      if (rows && font.lookup.has(rowsKey(rows))) n++;
    }
  }
  return n;
}

function readGrid(image: GreyImage, font: BitmapFont, ox: number, oy: number): CellReading {
  const words: OcrWord[] = [];
  let [unreadCells, readCells, line] = [0, 0, 0];
  for (let top = oy; top + font.height <= image.height; top += font.height) {
    const chars: string[] = [];
    let [known, unknown, alnum] = [0, 0, 0];
    for (let left = ox; left + font.width <= image.width; left += font.width) {
      const rows = cellInk(image, font, left, top);
      const char = rows === null ? ' ' : (font.lookup.get(rowsKey(rows)) ?? nearestGlyph(font, rows) ?? UNREAD);
      if (char === UNREAD) unknown++;
      else if (char !== ' ') known++;
      if (/^[A-Za-z0-9]$/.test(char)) alnum++;
      chars.push(char);
    }
    unreadCells += unknown;
    // A row without two letters or digits is not text in this font (an image, a title bar, a
    // border), whatever stray patterns in it look like punctuation.
    if (alnum < 2) continue;
    readCells += known;
    words.push(...rowWords(chars, ox, top, font, line++));
  }
  return { font: font.name, words, unreadCells, readCells };
}

/** The ink bits of one cell (row by row, leftmost pixel highest), or null when the cell is blank. */
function cellInk(image: GreyImage, font: BitmapFont, left: number, top: number): number[] | null {
  const { data, width } = image;
  let [lo, hi] = [255, 0];
  for (let y = top; y < top + font.height; y++) {
    for (let x = left, o = y * width + left; x < left + font.width; x++, o++) {
      const v = data[o]!;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  if (hi - lo < MIN_CONTRAST) return null;
  const mid = (lo + hi) / 2;
  let dark = 0;
  const rows: number[] = [];
  for (let y = top; y < top + font.height; y++) {
    let bits = 0;
    for (let x = 0, o = y * width + left; x < font.width; x++, o++) {
      if (data[o]! < mid) {
        bits |= 1 << (font.width - 1 - x);
        dark++;
      }
    }
    rows.push(bits);
  }
  // Ink is the minority: on a light background the dark pixels, on a dark one the light pixels.
  if (dark * 2 <= font.width * font.height) return rows;
  const all = (1 << font.width) - 1;
  return rows.map((r) => ~r & all);
}

function nearestGlyph(font: BitmapFont, rows: readonly number[]): string | undefined {
  let [best, bestBits, second] = [undefined as string | undefined, Infinity, Infinity];
  for (const g of font.glyphs) {
    let bits = 0;
    for (let i = 0; i < rows.length; i++) bits += popcount(rows[i]! ^ g.rows[i]!);
    if (bits < bestBits) [second, bestBits, best] = [bestBits, bits, g.char];
    else if (bits < second) second = bits;
  }
  return bestBits <= MAX_NEAR_BITS && second > bestBits ? best : undefined;
}

function popcount(v: number): number {
  let n = 0;
  for (; v; v &= v - 1) n++;
  return n;
}

function rowWords(chars: readonly string[], ox: number, top: number, font: BitmapFont, line: number): OcrWord[] {
  const words: OcrWord[] = [];
  for (let i = 0; i < chars.length; i++) {
    if (chars[i] === ' ') continue;
    let j = i;
    while (j + 1 < chars.length && chars[j + 1] !== ' ') j++;
    words.push({ text: chars.slice(i, j + 1).join(''), line, x0: ox + i * font.width, y0: top, x1: ox + (j + 1) * font.width, y1: top + font.height, cellWidth: font.width });
    i = j;
  }
  return words;
}
