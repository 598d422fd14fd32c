// Mends the spaces tesseract puts inside monospaced tokens. In a monospaced font a narrow glyph
// (`.`, `_`, `:`) sits in a cell as wide as any other, so the gap beside it looks like a word
// break: `jane.doe@example. com`, `ghp_ mxUS…`, and the detectors no longer see the token. But
// in monospaced text every character's centre lies on a grid of one advance, so the distance
// between two words' neighbouring characters says exactly how many cells lie between them: one
// means no space at all. A line is treated so only when its characters do sit on such a grid;
// proportional text is left as tesseract read it.
import type { OcrWord } from './frame-words.ts';

/** A word as tesseract reads it, with the horizontal centre of each of its characters. */
export interface RecognizedWord extends OcrWord { centers: number[] }

/** How far (in advances) a character's centre may lie off the grid in monospaced text. */
const GRID_TOLERANCE = 0.22;

export function mendMonospaceWords(words: readonly RecognizedWord[]): OcrWord[] {
  const out: OcrWord[] = [];
  for (const line of groupByLine(words)) out.push(...mendLine(line));
  return out;
}

function groupByLine(words: readonly RecognizedWord[]): RecognizedWord[][] {
  const lines = new Map<number, RecognizedWord[]>();
  for (const w of words) lines.set(w.line, [...(lines.get(w.line) ?? []), w]);
  return [...lines.values()];
}

function mendLine(line: readonly RecognizedWord[]): OcrWord[] {
  const advance = gridAdvance(line);
  if (advance === undefined) return line.map(({ centers: _, ...w }) => w);
  const out: (OcrWord & { nextCell: number })[] = [];
  for (const w of line) {
    const origin = gridOrigin(w, advance);
    const length = Array.from(w.text).length;
    // The word's cells, so a span inside it can be cut at its characters (OcrWord.cellWidth).
    const cells = { x0: Math.min(w.x0, origin - advance / 2), x1: Math.max(w.x1, origin + (length - 0.5) * advance) };
    const prev = out.at(-1);
    if (prev && Math.abs(origin - prev.nextCell) < GRID_TOLERANCE * 2 * advance) {
      prev.text += w.text;
      prev.x1 = Math.max(prev.x1, cells.x1);
      prev.y0 = Math.min(prev.y0, w.y0);
      prev.y1 = Math.max(prev.y1, w.y1);
      prev.nextCell = origin + length * advance;
    } else {
      out.push({ text: w.text, line: w.line, x0: cells.x0, y0: w.y0, x1: cells.x1, y1: w.y1, cellWidth: advance, nextCell: origin + length * advance });
    }
  }
  return out.map(({ nextCell: _, ...w }) => w);
}

/** The advance of the line's grid (the commonest distance between neighbouring characters), or
 *  undefined when its characters do not sit on one. Tesseract misplaces a character now and then
 *  (a `.` boxed together with its neighbour's gap), so a few may lie off the grid. */
function gridAdvance(line: readonly RecognizedWord[]): number | undefined {
  const words = line.filter((w) => w.centers.length >= 3 && w.centers.length === Array.from(w.text).length);
  const steps = words.flatMap((w) => w.centers.slice(1).map((c, i) => c - w.centers[i]!)).sort((a, b) => a - b);
  if (steps.length < 4) return undefined;
  const advance = steps[steps.length >> 1]!;
  if (!(advance > 0)) return undefined;
  const chars = words.flatMap((w) => {
    const origin = gridOrigin(w, advance);
    return w.centers.map((c, i) => Math.abs(c - origin - i * advance) < GRID_TOLERANCE * advance);
  });
  return chars.filter(Boolean).length >= chars.length * 0.85 ? advance : undefined;
}

/** Where the word's first character's centre lies on the grid, robust to one misplaced character. */
function gridOrigin(w: RecognizedWord, advance: number): number {
  if (w.centers.length !== Array.from(w.text).length || w.centers.length === 0) return w.x0 + advance / 2;
  const offsets = w.centers.map((c, i) => c - i * advance).sort((a, b) => a - b);
  return offsets[offsets.length >> 1]!;
}
