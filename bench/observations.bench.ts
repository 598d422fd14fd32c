// How fresh and how faithful the observations paired with steps are: the real `cairn record` under
// Xvfb with Debian's Chromium on a page that changes with each step (tests/helpers/observation-
// page.ts), driven like a person through xdotool: the pointer glides to the square, rests 80-400 ms,
// presses for 110 ms; later it turns the wheel over a list, one notch at a time. The steps are then
// derived from the store as the export derives them, and their frames decoded. Printed per recorder:
//   - observation age: a step's time minus when the frame paired before it was read (p50, p90, max);
//   - clicks whose observation before shows the square's old colour, and after it the new one;
//   - scrolls with an observation before and after, and after ones that differ from before;
//   - frames stored per step.
// The same script runs against this checkout and, in the same run, the recorder of another checkout
// (CAIRN_BENCH_BASELINE=DIR, default /work/main when it is built; `none` skips it: helpers/baseline.ts),
// so "before" and "after" see the same machine load. Prints figures; asserts nothing.
// Run: npm run bench -- observations   (CAIRN_BENCH_CLICKS=N, default 30; CAIRN_BENCH_SCROLLS=N, default 10)
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConsentText } from '../src/consent/consent-text.ts';
import { type ChromiumApp, launchChromiumApp } from '../tests/helpers/chromium-app.ts';
import { desktopAppMissing } from '../tests/helpers/desktop-apps.ts';
import { type Point, pageOrigin, pressAt, wheelAt } from '../tests/helpers/observation-input.ts';
import { LAYOUT, SQUARE_COLOURS, isColour, type ObservationPage, serveObservationPage } from '../tests/helpers/observation-page.ts';
import { type ObservedStep, observedSteps, pixelsLike } from '../tests/helpers/observed-steps.ts';
import { sleep } from '../tests/helpers/typing.ts';
import { type XvfbDisplay, startXvfb, xvfbMissingReason } from '../tests/helpers/xvfb.ts';
import { HERE, baselineCheckout } from './helpers/baseline.ts';
import { max, median, num, printTable, quantile } from './helpers/figures.ts';

const CLICKS = Number(process.env.CAIRN_BENCH_CLICKS ?? 30);
const SCROLLS = Number(process.env.CAIRN_BENCH_SCROLLS ?? 10);
const SQUARE_PIXELS = LAYOUT.square.width * LAYOUT.square.height * 0.8;

interface Recorder {
  label: string;
  /** The checkout whose bin/cairn.js records. */
  root: string;
}

interface RunFigures {
  label: string;
  ages: number[];
  clicks: number;
  clickBeforeOld: number;
  clickAfterNew: number;
  clickWithAfter: number;
  scrolls: number;
  scrollsWithBoth: number;
  scrollsChanged: number;
  steps: number;
  frames: number;
}

function cairn(root: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, [join(root, 'bin', 'cairn.js'), ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
}

async function cairnOk(root: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  const child = cairn(root, args, env);
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`cairn ${args.join(' ')} (${root}) failed: ${err.trim()}`);
  return out;
}

/** A person's rest before pressing: 80-400 ms, spread evenly over the run. */
const rest = (i: number, n: number) => 80 + Math.round((320 * ((i * 7) % n)) / Math.max(1, n - 1));

async function drive(x: XvfbDisplay, origin: Point): Promise<void> {
  const square = { x: origin.x + LAYOUT.square.x + LAYOUT.square.width / 2, y: origin.y + LAYOUT.square.y + LAYOUT.square.height / 2 };
  const list = { x: origin.x + LAYOUT.list.x + LAYOUT.list.width / 2, y: origin.y + LAYOUT.list.y + LAYOUT.list.height / 2 };
  for (let i = 0; i < CLICKS; i++) {
    // From somewhere near, as the pointer would come from the last thing done.
    const from = { x: square.x + ((i * 37) % 200) - 100, y: square.y + 120 + ((i * 23) % 60) };
    await pressAt(x.env, { x: square.x + ((i * 13) % 40) - 20, y: square.y + ((i * 11) % 30) - 15 }, 110, from, rest(i, CLICKS));
    await sleep(600 + ((i * 53) % 600));
  }
  for (let i = 0; i < SCROLLS; i++) {
    await wheelAt(x.env, { x: list.x + ((i * 17) % 40) - 20, y: list.y }, i < SCROLLS / 2 ? 'down' : 'up', { x: list.x - 80, y: list.y + 100 }, rest(i, SCROLLS));
    await sleep(700 + ((i * 71) % 500));
  }
}

async function record(x: XvfbDisplay, recorder: Recorder, page: ObservationPage, dir: string): Promise<RunFigures> {
  const env = { ...x.env, CAIRN_DATA_DIR: join(dir, recorder.label.replace(/\W+/g, '-')) };
  await cairnOk(recorder.root, ['consent', 'accept', '--sha256', loadConsentText().sha256], env);
  await cairnOk(recorder.root, ['apps', 'allow', 'Chromium', '--screens', 'on'], env);
  // A fresh browser each run, its extension reporting to this run's data folder; the square starts
  // at its first colour.
  await browser?.close();
  browser = await launchChromiumApp(x.env, { dataDir: env.CAIRN_DATA_DIR, urls: [page.url], args: ['--window-position=0,0', '--window-size=900,650'] });
  const origin = await pageOrigin(x.env, (await browser.windows())[0]!);
  const child = cairn(recorder.root, ['record'], env);
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const closed = new Promise<void>((resolve) => child.on('close', () => resolve()));
  const deadline = Date.now() + 30_000;
  while (!/Recording session ([0-9a-f-]{36})/.test(stderr)) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`${recorder.label}: the recorder did not start:\n${stderr}`);
    await sleep(100);
  }
  const sessionId = /Recording session ([0-9a-f-]{36})/.exec(stderr)![1]!;
  // Until Cairn's extension in the browser has reported where the window is.
  await sleep(2500);
  await drive(x, origin);
  await sleep(1500);
  child.kill('SIGINT');
  await closed;
  const result = figures(recorder.label, await observedSteps(env.CAIRN_DATA_DIR, sessionId));
  // The recorder's last status line says what it kept and dropped, should a run come out empty.
  if (result.steps === 0) console.log(`${recorder.label}: no steps; the recorder said: ${stderr.trim().split('\n').slice(-3).join(' / ')}`);
  return result;
}

function figures(label: string, { steps, frames }: Awaited<ReturnType<typeof observedSteps>>): RunFigures {
  const acting = steps.filter((s) => s.step.kind !== 'wait');
  const clicks = acting.filter((s) => s.step.kind === 'click');
  const scrolls = acting.filter((s) => s.step.kind === 'scroll');
  const shows = (frame: ObservedStep['before'], colour: readonly [number, number, number]) => !!frame && pixelsLike(frame, isColour(colour)) > SQUARE_PIXELS;
  const differs = (s: ObservedStep) => !!s.before && !!s.after && (s.before.width !== s.after.width || !s.before.data.equals(s.after.data));
  return {
    label,
    ages: acting.filter((s) => s.before).map((s) => s.step.t - s.before!.t),
    clicks: clicks.length,
    clickBeforeOld: clicks.filter((s, i) => shows(s.before, SQUARE_COLOURS[i % SQUARE_COLOURS.length]!)).length,
    clickAfterNew: clicks.filter((s, i) => shows(s.after, SQUARE_COLOURS[(i + 1) % SQUARE_COLOURS.length]!)).length,
    clickWithAfter: clicks.filter((s) => s.after).length,
    scrolls: scrolls.length,
    scrollsWithBoth: scrolls.filter((s) => s.before && s.after).length,
    scrollsChanged: scrolls.filter(differs).length,
    steps: acting.length,
    frames: frames.length,
  };
}

function report(runs: RunFigures[]): void {
  printTable(
    ['recorder', 'steps', 'age p50 ms', 'age p90 ms', 'age max ms', 'clicks: before old', 'clicks: after new', 'scrolls: before+after', 'scrolls: after differs', 'frames/step'],
    runs.map((r) => [
      r.label,
      num(r.steps),
      num(median(r.ages)),
      num(quantile(r.ages, 0.9)),
      num(max(r.ages)),
      `${r.clickBeforeOld}/${r.clicks}`,
      `${r.clickAfterNew}/${r.clicks} (${num((100 * r.clickAfterNew) / Math.max(1, r.clicks), 1)}%)`,
      `${r.scrollsWithBoth}/${r.scrolls}`,
      `${r.scrollsChanged}/${r.scrolls}`,
      num(r.frames / Math.max(1, r.steps), 2),
    ]),
  );
  console.log('');
  console.log('age: a step\'s time minus when the frame paired before it was read (a recorder that stamps a frame with the press it followed is paired with the frame before). ' +
    'after: the first observation read after the step\'s last event and before the next step (before the observation ring: the first frame in between). ' +
    'Targets: age p90 <= 100 ms; after shows the new colour in >= 95% of clicks; every scroll has both.');
}

const started = performance.now();
const missing = xvfbMissingReason() ?? desktopAppMissing('chromium');
if (missing) {
  console.log(`observations: not run (${missing})`);
  process.exit(0);
}
const recorders: Recorder[] = [];
const baseline = baselineCheckout();
if ('root' in baseline) recorders.push({ label: `before (${baseline.root})`, root: baseline.root });
else console.log(`observations: no baseline recorder (${baseline.none}); the issue measured median 1,077 ms, p90 2,525 ms age and 0/9 post-click observations before the ring`);
recorders.push({ label: 'this checkout', root: HERE });

let x: XvfbDisplay | undefined;
let page: ObservationPage | undefined;
let browser: ChromiumApp | undefined;
const dir = mkdtempSync(join(tmpdir(), 'cairn-bench-observe-'));
try {
  x = await startXvfb({ width: 1280, height: 800 });
  page = await serveObservationPage();
  const runs: RunFigures[] = [];
  for (const recorder of recorders) runs.push(await record(x, recorder, page, dir));
  console.log(`observations: ${CLICKS} clicks (press 110 ms) and ${SCROLLS} wheel notches per recorder, Chromium under Xvfb 1280x800; Node ${process.version}`);
  console.log('');
  report(runs);
} finally {
  await browser?.close();
  await page?.close();
  await x?.stop();
  rmSync(dir, { recursive: true, force: true });
  console.log(`took ${num((performance.now() - started) / 1000, 1)} s`);
}
