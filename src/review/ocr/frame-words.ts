// Turns OCR words (text + pixel box) into one string with known offsets, and a span of that string
// back into boxes: one box per line the span touches, slightly padded so anti-aliased edges go too.
export interface OcrWord {
  text: string;
  line: number;
  x0: number; y0: number; x1: number; y1: number;
  /** Set when every character is this wide (the cell reader's monospace words): a span that
   *  starts or ends inside the word is then cut at its characters, not widened to the word. */
  cellWidth?: number;
}
export interface PlacedWord extends OcrWord { start: number; end: number }
export interface Box { x: number; y: number; width: number; height: number }

export function wordsToLines(words: readonly OcrWord[]): { text: string; words: PlacedWord[] } {
  let text = '';
  const placed: PlacedWord[] = [];
  let line: number | null = null;
  for (const w of words) {
    if (!w.text) continue;
    if (line !== null) text += w.line === line ? ' ' : '\n';
    line = w.line;
    placed.push({ ...w, start: text.length, end: text.length + w.text.length });
    text += w.text;
  }
  return { text, words: placed };
}

const PAD = 3;

export function boxesForSpan(words: readonly PlacedWord[], start: number, end: number): Box[] {
  const byLine = new Map<number, { x0: number; y0: number; x1: number; y1: number }>();
  for (const w of words) {
    if (w.end <= start || w.start >= end) continue;
    const part = w.cellWidth === undefined ? w : { ...w, x0: w.x0 + Math.max(0, start - w.start) * w.cellWidth, x1: w.x1 - Math.max(0, w.end - end) * w.cellWidth };
    const b = byLine.get(w.line);
    byLine.set(w.line, b
      ? { x0: Math.min(b.x0, part.x0), y0: Math.min(b.y0, part.y0), x1: Math.max(b.x1, part.x1), y1: Math.max(b.y1, part.y1) }
      : { x0: part.x0, y0: part.y0, x1: part.x1, y1: part.y1 });
  }
  return [...byLine.values()].map((b) => ({
    x: Math.max(0, b.x0 - PAD),
    y: Math.max(0, b.y0 - PAD),
    width: b.x1 - Math.max(0, b.x0 - PAD) + PAD,
    height: b.y1 - Math.max(0, b.y0 - PAD) + PAD,
  }));
}
