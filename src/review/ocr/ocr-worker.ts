// One tesseract.js worker (a worker thread), started on first use and kept warm. The English
// language data comes from the @tesseract.js-data/eng package on disk and nothing is cached or
// fetched: langPath is a local folder and cacheMethod is 'none'.
import { createRequire } from 'node:module';
import path from 'node:path';
import { createWorker, OEM, PSM, type Worker } from 'tesseract.js';
import { openFrameImage } from '../frame-image.ts';
import type { OcrWord } from './frame-words.ts';

const require = createRequire(import.meta.url);
export const LANG_PATH = path.join(path.dirname(require.resolve('@tesseract.js-data/eng/package.json')), '4.0.0');

let worker: Promise<Worker> | null = null;

function getWorker(): Promise<Worker> {
  worker ??= (async () => {
    const w = await createWorker('eng', OEM.LSTM_ONLY, { langPath: LANG_PATH, gzip: true, cacheMethod: 'none' });
    // Screens are sparse text in many blocks, not a page of prose.
    await w.setParameters({ tessedit_pageseg_mode: PSM.SPARSE_TEXT, preserve_interword_spaces: '0', debug_file: '/dev/null' });
    return w;
  })();
  return worker;
}

/** Words on a frame with their pixel boxes, in reading order; `line` groups words of one text line.
 *  An image too large to decode is refused (a DomainError naming `what`) before tesseract sees it. */
export async function ocrWords(bytes: Buffer, what = 'The image'): Promise<OcrWord[]> {
  // Greyscale PNG: tesseract's own decoder then sees one simple format whatever the frame's encoding.
  const png = await (await openFrameImage(bytes, what)).image.greyscale().png().toBuffer();
  const { data } = await (await getWorker()).recognize(png, {}, { blocks: true, text: false });
  const words: OcrWord[] = [];
  let line = 0;
  for (const block of data.blocks ?? []) {
    for (const paragraph of block.paragraphs) {
      for (const l of paragraph.lines) {
        for (const w of l.words) words.push({ text: w.text, line, ...w.bbox });
        line++;
      }
    }
  }
  return words;
}

export async function closeOcr(): Promise<void> {
  const w = worker;
  worker = null;
  if (w) await (await w).terminate();
}
