// OCR recall and precision on the screen corpus (fixtures/ocr-corpus: xterm light and dark at its
// default bitmap font, Mousepad and Chromium at their default fonts), per app: before (tesseract on
// the frame as it is), tesseract with the screen preprocessing alone, and after (the cell reader
// for bitmap terminal fonts, then the preprocessed tesseract). Also the share of secrets found when
// their value is known (a typed secret searched for on the frames, errors allowed), and the time
// per frame. Prints figures; tests/integration/ocr-corpus-recall.test.ts holds the floor.
// Run: npm run bench -- ocr-recall
import { closeOcr, detectReading } from '../src/review/detectors/index.ts';
import { findOnScreen } from '../src/review/ocr/find-on-screen.ts';
import { readScreen, type ReadSettings, SCREEN_SETTINGS } from '../src/review/ocr/read-screen.ts';
import { num, printTable } from './helpers/figures.ts';
import { addScores, BEFORE_SETTINGS, corpusImage, loadCorpus, precision, recall, type Score, scoreBoxes } from './helpers/ocr-corpus.ts';

const RUNS: [string, ReadSettings][] = [
  ['before', BEFORE_SETTINGS],
  ['tesseract, preprocessed', { ...SCREEN_SETTINGS, cells: false }],
  ['after', SCREEN_SETTINGS],
];

const corpus = loadCorpus();
const apps = [...new Set(corpus.map((i) => i.app))];
await readScreen(corpusImage(corpus[0]!)); // warm-up: the worker and its language data

const rows: string[][] = [];
const missed: string[] = [];
for (const [name, settings] of RUNS) {
  const byApp = new Map<string, { detected: Score[]; known: Score[]; ms: number[] }>();
  for (const image of corpus) {
    const t0 = performance.now();
    const reading = await readScreen(corpusImage(image), { settings });
    const ms = performance.now() - t0;
    const detected = scoreBoxes(image, (await detectReading(reading)).map((m) => m.box));
    const known = scoreBoxes(image, image.secrets.flatMap((s) => findOnScreen(reading, s.value).boxes));
    const entry = byApp.get(image.app) ?? { detected: [], known: [], ms: [] };
    byApp.set(image.app, { detected: [...entry.detected, detected], known: [...entry.known, known], ms: [...entry.ms, ms] });
    if (name === 'after') missed.push(...detected.missed.map((s) => `${image.file}: ${s.detector} ${s.value}`));
  }
  for (const app of [...apps, 'all']) {
    const entries = app === 'all' ? [...byApp.values()] : [byApp.get(app)!];
    const detected = addScores(entries.flatMap((e) => e.detected));
    const known = addScores(entries.flatMap((e) => e.known));
    const ms = entries.flatMap((e) => e.ms);
    rows.push([name, app, `${detected.found}/${detected.shown}`, num(recall(detected), 3), num(precision(detected), 3), num(recall(known), 3), num(ms.reduce((a, b) => a + b, 0) / ms.length)]);
  }
}
await closeOcr();
console.log(`${corpus.length} screens, ${corpus.reduce((n, i) => n + i.secrets.length, 0)} secrets shown`);
printTable(['reading', 'app', 'found', 'recall', 'precision', 'recall, value known', 'ms/frame'], rows);
console.log(missed.length ? `missed after: ${missed.join('; ')}` : 'missed after: none');
