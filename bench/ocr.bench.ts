// OCR cost per 1920x1080 frame, before and after the screen preprocessing: readScreen
// (tesseract.js worker, warmed up) and detectFrame on a screenshot-like image rendered with sharp
// from SVG (a title bar, a side bar, a form and a terminal pane, about 40 lines of text), with the
// process's peak resident memory (the worker is a thread of it). Median of a few runs. Prints
// figures; asserts nothing. The recall figures are bench/ocr-recall.bench.ts.
// Run: npm run bench -- ocr
import sharp from 'sharp';
import { closeOcr, detectFrame } from '../src/review/detectors/index.ts';
import { readScreen, SCREEN_SETTINGS } from '../src/review/ocr/read-screen.ts';
import { median, num, printTable } from './helpers/figures.ts';
import { BEFORE_SETTINGS } from './helpers/ocr-corpus.ts';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
const text = (x: number, y: number, s: string, size = 16) => `<text x="${x}" y="${y}" font-size="${size}" xml:space="preserve">${esc(s)}</text>`;
const side = ['Inbox (12)', 'Drafts', 'Sent', 'Archive', 'Spam', 'Settings', 'Billing', 'Team', 'Help'];
const form = ['Full name: Jane Doe', 'E-mail: jane.doe@example.com', 'Phone: +44 20 7946 0958', 'Card: 4242 4242 4242 4242', 'Expiry: 12/29   CVC: ***', 'Billing address: 1 Example Street, London'];
const term = Array.from({ length: 24 }, (_, i) => [`$ git log --oneline | head -${i}`, `9fceb02 Bump node to v20.20.${i}`, `export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE`, `npm test -- --run shard ${i}/24`][i % 4] ?? '');
const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1920" height="1080"><rect width="100%" height="100%" fill="#fff"/>
<rect width="1920" height="36" fill="#e8e8e8"/><g font-family="DejaVu Sans" fill="#000">${text(16, 24, 'Example Portal — Checkout — Mozilla Firefox')}
${side.map((s, i) => text(24, 90 + i * 36, s, 18)).join('')}
${form.map((s, i) => text(300, 110 + i * 44, s, 20)).join('')}</g>
<rect x="1000" y="60" width="900" height="1000" fill="#fafafa" stroke="#ccc"/><g font-family="DejaVu Sans Mono" fill="#000">
${term.map((s, i) => text(1016, 90 + i * 30, s, 16)).join('')}</g></svg>`;
const frame = await sharp(Buffer.from(svg)).png().toBuffer();

const rows: string[][] = [];
let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
for (const [name, settings] of [['before', BEFORE_SETTINGS], ['after', SCREEN_SETTINGS]] as const) {
  const t0 = performance.now();
  await readScreen(frame, { settings }); // warm-up: starts the worker and loads the language data
  const startup = performance.now() - t0;
  const readMs: number[] = [];
  const totalMs: number[] = [];
  let found = 0;
  for (let i = 0; i < 3; i++) {
    let t = performance.now();
    await readScreen(frame, { settings });
    readMs.push(performance.now() - t);
    t = performance.now();
    found = (await detectFrame(frame, { settings })).length;
    totalMs.push(performance.now() - t);
  }
  rows.push([`${name}: reading (readScreen)`, num(median(readMs)), num(Math.min(...readMs)), num(Math.max(...readMs)), num(startup), '']);
  rows.push([`${name}: detectFrame (reading + detectors + boxes)`, num(median(totalMs)), num(Math.min(...totalMs)), num(Math.max(...totalMs)), '', String(found)]);
}
clearInterval(sampler);
await closeOcr();
console.log(`1920x1080 frame, ${form.length + term.length + side.length + 1} text lines; peak RSS of the process ${num(peakRss / 2 ** 20)} MiB`);
printTable(['step', 'median ms', 'min ms', 'max ms', 'first frame ms', 'boxes'], rows);
