// Reads the text on a frame. Two readers: the cell reader for terminal text in a bitmap font
// (exact), and tesseract for everything else, given the frame scaled up and, on a dark
// background, inverted. When the cell reader explains every inked cell, the frame is known
// exactly and tesseract is not run: the reading is `complete`, which is what lets Cairn say that
// something is NOT on a frame. A frame tesseract could not finish in time is `unread`.
import { PSM } from 'tesseract.js';
import { readCells } from './cell-reader.ts';
import { type OcrWord, type PlacedWord, wordsToLines } from './frame-words.ts';
import { mendMonospaceWords } from './monospace-words.ts';
import { OcrTimeout, recognizeWords } from './ocr-worker.ts';
import { decodeGrey, ocrInput } from './screen-image.ts';

export { closeOcr } from './ocr-worker.ts';

export interface TextLayer {
  reader: 'cells' | 'tesseract';
  text: string;
  words: PlacedWord[];
}

export interface ScreenReading {
  layers: TextLayer[];
  /** Every inked cell of the frame was read as a glyph: what is not in `layers` is not on screen. */
  complete: boolean;
  /** Why a reader gave up on this frame (time limit); undefined when all ran. */
  unread?: string;
}

export interface ReadSettings {
  /** Look for terminal text in a known bitmap font first. */
  cells: boolean;
  /** Scale for tesseract (reduced for large frames, see MAX_OCR_PIXELS). */
  scale: number;
  invertDark: boolean;
  /** Rejoin monospaced tokens that tesseract split (monospace-words.ts). */
  mendSpaces: boolean;
  psm: PSM;
  timeoutMs: number;
}

/**
 * Measured on the corpus of fixtures/ocr-corpus (`npm run bench -- ocr`, figures in README "OCR"):
 * scaled 2x, Mousepad's and Chromium's default fonts read as well as at 3x in less time. Automatic
 * page segmentation (PSM 3) keeps the columns of a screen apart, where one block (6) runs a side
 * bar's words into the form beside it, and keeps the dashes of `-----BEGIN ... KEY-----`, which
 * sparse text (11) sets apart as lines of their own.
 */
export const SCREEN_SETTINGS: ReadSettings = { cells: true, scale: 2, invertDark: true, mendSpaces: true, psm: PSM.AUTO, timeoutMs: 60_000 };

/** An unfocused xterm draws its cursor as an outline that no glyph explains: one such cell (too
 *  little to hide a secret, which is searched for with errors allowed) still counts as complete. */
const MAX_UNREAD_CELLS = 1;

/** Reads a frame. An image too large to decode is refused (a DomainError naming `what`, e.g.
 *  "Frame 3 of session …") before any reader sees it. */
export async function readScreen(image: Buffer, options: { settings?: ReadSettings; what?: string } = {}): Promise<ScreenReading> {
  const settings = options.settings ?? SCREEN_SETTINGS;
  const grey = await decodeGrey(image, options.what ?? 'The image');
  const layers: TextLayer[] = [];
  const cells = settings.cells ? readCells(grey) : undefined;
  if (cells) layers.push({ reader: 'cells', ...wordsToLines(cells.words) });
  if (cells && cells.unreadCells <= MAX_UNREAD_CELLS) return { layers, complete: true };
  try {
    const input = await ocrInput(grey, settings);
    const recognized = await recognizeWords(input.png, settings.psm, settings.timeoutMs);
    const words = (settings.mendSpaces ? mendMonospaceWords(recognized) : recognized).map((w) => toFrame(w, input.scale));
    layers.push({ reader: 'tesseract', ...wordsToLines(words) });
    return { layers, complete: false };
  } catch (error) {
    if (error instanceof OcrTimeout) return { layers, complete: false, unread: error.message };
    throw error;
  }
}

function toFrame({ centers: _, ...w }: OcrWord & { centers?: number[] }, scale: number): OcrWord {
  const cellWidth = w.cellWidth === undefined ? {} : { cellWidth: w.cellWidth / scale };
  return { ...w, x0: w.x0 / scale, y0: w.y0 / scale, x1: w.x1 / scale, y1: w.y1 / scale, ...cellWidth };
}
