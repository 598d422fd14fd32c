// The OCR corpus (fixtures/ocr-corpus, made by scripts/make-ocr-corpus.ts) and how a reading of it
// is scored. A secret counts as found when the boxes Cairn proposes cover at least 90% of its
// pixels (blacking them out would hide it); a proposed box is correct when it and a secret mostly
// overlap (half of the smaller of the two). Recall = found / shown, precision = correct boxes / proposed boxes.
import { readFileSync } from 'node:fs';
import { PSM } from 'tesseract.js';
import type { Box } from '../../src/review/ocr/frame-words.ts';
import type { ReadSettings } from '../../src/review/ocr/read-screen.ts';

export interface CorpusSecret { detector: string; value: string; box: Box }
export interface CorpusImage { file: string; app: string; document: string; width: number; height: number; secrets: CorpusSecret[] }

export const CORPUS_DIR = new URL('../../fixtures/ocr-corpus/', import.meta.url);

export function loadCorpus(): CorpusImage[] {
  return JSON.parse(readFileSync(new URL('truth.json', CORPUS_DIR), 'utf8')) as CorpusImage[];
}

export function corpusImage(image: CorpusImage): Buffer {
  return readFileSync(new URL(image.file, CORPUS_DIR));
}

export interface Score { shown: number; found: number; proposed: number; correct: number; missed: CorpusSecret[] }

export function scoreBoxes(image: CorpusImage, boxes: readonly Box[]): Score {
  const missed = image.secrets.filter((s) => coveredShare(s.box, boxes) < 0.9);
  const correct = boxes.filter((b) => image.secrets.some((s) => overlapArea(b, s.box) * 2 >= Math.min(area(b), area(s.box)))).length;
  return { shown: image.secrets.length, found: image.secrets.length - missed.length, proposed: boxes.length, correct, missed };
}

export function addScores(scores: readonly Score[]): Score {
  return scores.reduce((a, s) => ({ shown: a.shown + s.shown, found: a.found + s.found, proposed: a.proposed + s.proposed, correct: a.correct + s.correct, missed: [...a.missed, ...s.missed] }), { shown: 0, found: 0, proposed: 0, correct: 0, missed: [] });
}

export const recall = (s: Score) => (s.shown ? s.found / s.shown : NaN);
export const precision = (s: Score) => (s.proposed ? s.correct / s.proposed : NaN);

/** The share of `target`'s pixels inside at least one of `boxes`. */
function coveredShare(target: Box, boxes: readonly Box[]): number {
  let covered = 0;
  for (let y = target.y; y < target.y + target.height; y++) {
    for (let x = target.x; x < target.x + target.width; x++) {
      if (boxes.some((b) => x >= b.x && x < b.x + b.width && y >= b.y && y < b.y + b.height)) covered++;
    }
  }
  return covered / (target.width * target.height);
}

const area = (b: Box) => b.width * b.height;

function overlapArea(a: Box, b: Box): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

/** The OCR Cairn had before screens got their own reading (kept to measure against): tesseract
 *  alone on the greyscale frame at its own size, sparse-text segmentation, spaces as read. */
export const BEFORE_SETTINGS: ReadSettings = { cells: false, scale: 1, invertDark: false, mendSpaces: false, psm: PSM.SPARSE_TEXT, timeoutMs: 60_000 };
