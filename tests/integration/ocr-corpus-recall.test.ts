// OCR on screens of real apps at their default fonts (fixtures/ocr-corpus: xterm light and dark,
// Mousepad, Chromium; made by scripts/make-ocr-corpus.ts): the boxes Cairn proposes must cover at
// least 95% of the secrets shown, and the boxes must lie on secrets. `npm run bench -- ocr-recall`
// prints the same figures per app, before and after.
import { afterAll, expect, it } from 'vitest';
import { closeOcr, detectReading } from '../../src/review/detectors/index.ts';
import { readScreen } from '../../src/review/ocr/read-screen.ts';
import { addScores, corpusImage, loadCorpus, precision, recall, type Score, scoreBoxes } from '../../bench/helpers/ocr-corpus.ts';

afterAll(() => closeOcr());

it('finds at least 95% of the secrets on the screen corpus, with boxes that lie on secrets', async () => {
  const scores: Score[] = [];
  for (const image of loadCorpus()) {
    const matches = await detectReading(await readScreen(corpusImage(image)));
    scores.push(scoreBoxes(image, matches.map((m) => m.box)));
  }
  const total = addScores(scores);
  console.log(`OCR corpus: ${total.found}/${total.shown} secrets found (recall ${recall(total).toFixed(3)}), precision ${precision(total).toFixed(3)}; missed: ${total.missed.map((s) => s.detector).join(', ') || 'none'}`);
  expect(total.shown).toBeGreaterThanOrEqual(60);
  expect(recall(total)).toBeGreaterThanOrEqual(0.95);
  expect(precision(total)).toBeGreaterThanOrEqual(0.9);
}, 600_000);
