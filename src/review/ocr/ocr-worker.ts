// One tesseract.js worker (a worker thread), started on first use and kept warm. The English
// language data comes from the @tesseract.js-data/eng package on disk and nothing is cached or
// fetched: langPath is a local folder and cacheMethod is 'none'. A recognition that runs past its
// time limit ends the worker (tesseract cannot be interrupted otherwise); the next call starts a
// fresh one.
import { createRequire } from 'node:module';
import path from 'node:path';
import { createWorker, OEM, type PSM, type Worker } from 'tesseract.js';
import type { RecognizedWord } from './monospace-words.ts';

const require = createRequire(import.meta.url);
export const LANG_PATH = path.join(path.dirname(require.resolve('@tesseract.js-data/eng/package.json')), '4.0.0');

export class OcrTimeout extends Error {}

let worker: Promise<Worker> | null = null;

function getWorker(): Promise<Worker> {
  worker ??= createWorker('eng', OEM.LSTM_ONLY, { langPath: LANG_PATH, gzip: true, cacheMethod: 'none' });
  return worker;
}

/** Words of an image (PNG bytes) with their pixel boxes and the centres of their characters, in
 *  reading order; `line` groups the words of one text line. Throws OcrTimeout after `timeoutMs`. */
export async function recognizeWords(png: Buffer, psm: PSM, timeoutMs: number): Promise<RecognizedWord[]> {
  const current = getWorker();
  const w = await current;
  // debug_file: tesseract's warnings ("Invalid resolution", "Estimating resolution") go nowhere
  // instead of the console of every command that scans.
  await w.setParameters({ tessedit_pageseg_mode: psm, preserve_interword_spaces: '0', debug_file: '/dev/null' });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new OcrTimeout(`OCR took longer than ${timeoutMs / 1000} s`)), timeoutMs);
  });
  try {
    const { data } = await Promise.race([w.recognize(png, {}, { blocks: true, text: false }), timeout]);
    const words: RecognizedWord[] = [];
    let line = 0;
    for (const block of data.blocks ?? []) {
      for (const paragraph of block.paragraphs) {
        for (const l of paragraph.lines) {
          for (const word of l.words) {
            const centers = word.symbols.map((c) => (c.bbox.x0 + c.bbox.x1) / 2);
            words.push({ text: word.text, line, ...word.bbox, centers });
          }
          line++;
        }
      }
    }
    return words;
  } catch (error) {
    if (error instanceof OcrTimeout && worker === current) {
      worker = null;
      await w.terminate();
    }
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

export async function closeOcr(): Promise<void> {
  const w = worker;
  worker = null;
  if (w) await (await w).terminate();
}
