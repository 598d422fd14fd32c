// Makes the OCR corpus in fixtures/ocr-corpus/: the documents of ocr-corpus-documents.ts shown by
// real apps on a private Xvfb at their default fonts (xterm light, xterm with a dark theme,
// Mousepad, Chromium on a local page), each window grabbed as Cairn grabs a frame (its client
// window, `import -window`). The box of each secret is where the window changes when that secret
// alone is hidden (replaced by spaces; in the browser, made invisible). truth.json lists every
// image with its app and secrets.
// Run: node --import tsx scripts/make-ocr-corpus.ts   (needs xvfb, openbox, xterm, mousepad, chromium)
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { startXvfb, xdotool } from '../tests/helpers/xvfb.ts';
import type { CorpusImage, CorpusSecret } from '../bench/helpers/ocr-corpus.ts';
import { DOCUMENTS, type Document, documentText } from './ocr-corpus-documents.ts';

const run = promisify(execFile);
const OUT = fileURLToPath(new URL('../fixtures/ocr-corpus/', import.meta.url));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));


interface App {
  name: string;
  /** Shows the document with the secrets of the lines in `hidden` hidden, and answers the X
   *  window to grab and a way to close the app. */
  show(doc: Document, hidden: ReadonlySet<number>, work: string, env: NodeJS.ProcessEnv): Promise<{ windowId: string; close(): Promise<void> }>;
}

const xterm = (name: string, colours: string[]): App => ({
  name,
  async show(doc, hidden, work, env) {
    const file = path.join(work, 'shown.txt');
    writeFileSync(file, documentText(doc, hidden).join('\n') + '\n');
    const child = spawn('xterm', ['-class', 'CorpusTerm', ...colours, '-geometry', '80x24+0+0', '-e', 'sh', '-c', `cat ${file}; printf '$ '; exec sleep 600`], { env, stdio: 'ignore' });
    const windowId = await waitForWindow(env, 'CorpusTerm', child);
    await sleep(600);
    return { windowId, close: () => stop(child) };
  },
});

const mousepad: App = {
  name: 'mousepad',
  async show(doc, hidden, work, env) {
    const file = path.join(work, 'notes.txt');
    writeFileSync(file, documentText(doc, hidden).join('\n') + '\n');
    // A private config folder: no saved session or window size from an earlier run, and a caret
    // that does not blink (it would differ between two grabs).
    const config = path.join(work, 'config');
    mkdirSync(path.join(config, 'gtk-3.0'), { recursive: true });
    writeFileSync(path.join(config, 'gtk-3.0/settings.ini'), '[Settings]\ngtk-cursor-blink = false\n');
    const child = spawn('mousepad', [file], { env: { ...env, XDG_CONFIG_HOME: config, NO_AT_BRIDGE: '1' }, stdio: 'ignore' });
    const windowId = await waitForWindow(env, 'mousepad', child);
    await xdotool(env, 'windowsize', '--sync', windowId, '720', '420');
    await xdotool(env, 'windowmove', '--sync', windowId, '0', '0');
    await sleep(1500);
    return { windowId, close: () => stop(child) };
  },
};

const chromium: App = {
  name: 'chromium',
  async show(doc, hidden, work, env) {
    // One fixed address for every grab: the address bar shows it, and two grabs must differ only
    // where the page does.
    const page = path.join(tmpdir(), 'cairn-ocr-corpus', 'notes.html');
    mkdirSync(path.dirname(page), { recursive: true });
    writeFileSync(page, pageHtml(doc, hidden));
    const profile = mkdtempSync(path.join(work, 'profile-'));
    const flags = ['--no-sandbox', '--test-type', '--no-first-run', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--password-store=basic'];
    // Its own process group: Chromium's helper processes go with it.
    const child = spawn('chromium', [...flags, `--user-data-dir=${profile}`, '--window-position=0,0', '--window-size=900,640', `file://${page}`], { env, stdio: 'ignore', detached: true });
    const windowId = await waitForWindow(env, 'chromium', child);
    await sleep(3500);
    return { windowId, close: () => stop(child, true) };
  },
};

/** A web page of the document in Chromium's default fonts (no font style of its own): a shell
 *  session in <pre>, anything else as a heading and paragraphs, beside a column of links when the
 *  document has a side bar. A hidden secret keeps its place (visibility: hidden), so nothing else
 *  moves in a proportional font. */
function pageHtml(doc: Document, hidden: ReadonlySet<number>): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/ /g, '&nbsp;');
  const line = (i: number) => {
    const l = doc.lines[i]!;
    return esc(l.text) + (l.secret ? `<span${hidden.has(i) ? ' style="visibility:hidden"' : ''}>${esc(l.secret.value)}</span>` : '');
  };
  const indexes = doc.lines.map((_, i) => i);
  const main = doc.lines[0]!.text.startsWith('$')
    ? `<pre>${indexes.map(line).join('\n')}</pre>`
    : `<h2>${line(0)}</h2>${indexes.slice(1).map((i) => `<p>${line(i)}</p>`).join('')}`;
  const body = doc.sidebar
    ? `<div style="display:flex;gap:48px"><nav>${doc.sidebar.map((s) => `<p><a href="#">${esc(s)}</a></p>`).join('')}</nav><main>${main}</main></div>`
    : main;
  return `<!doctype html><meta charset="utf-8"><title>Notes</title><body>${body}</body>`;
}

const APPS: App[] = [xterm('xterm', []), xterm('xterm-dark', ['-bg', '#1e1e1e', '-fg', '#d4d4d4']), mousepad, chromium];

async function waitForWindow(env: NodeJS.ProcessEnv, cls: string, child: ChildProcess): Promise<string> {
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`${cls} exited with code ${child.exitCode}`);
    const ids = (await xdotool(env, 'search', '--onlyvisible', '--class', cls).catch(() => '')).trim().split('\n').filter(Boolean);
    if (ids.length) return ids.at(-1)!;
    await sleep(100);
  }
  throw new Error(`no ${cls} window within 20 s`);
}

async function stop(child: ChildProcess, group = false): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  const signal = (s: NodeJS.Signals) => (group ? process.kill(-child.pid!, s) : child.kill(s));
  signal('SIGTERM');
  await Promise.race([exited, sleep(5000)]);
  if (child.exitCode === null) signal('SIGKILL');
}

async function grab(app: App, doc: Document, hidden: ReadonlySet<number>, env: NodeJS.ProcessEnv): Promise<Buffer> {
  const work = mkdtempSync(path.join(tmpdir(), 'cairn-corpus-'));
  try {
    const shown = await app.show(doc, hidden, work, env);
    try {
      const file = path.join(work, 'grab.png');
      await run('import', ['-window', shown.windowId, file], { env });
      return await sharp(file).removeAlpha().png().toBuffer();
    } finally {
      await shown.close();
    }
  } finally {
    rmSync(work, { recursive: true, force: true, maxRetries: 5 });
  }
}

/** The bounding box of the pixels that differ between two grabs of the same window. */
async function changedBox(a: Buffer, b: Buffer): Promise<CorpusSecret['box'] | undefined> {
  const [ra, rb] = await Promise.all([a, b].map((img) => sharp(img).greyscale().raw().toBuffer({ resolveWithObject: true })));
  const { width, height } = ra!.info;
  if (rb!.info.width !== width || rb!.info.height !== height) throw new Error('the two grabs differ in size');
  let [left, top, right, bottom] = [width, height, -1, -1];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (Math.abs(ra!.data[y * width + x]! - rb!.data[y * width + x]!) < 40) continue;
      [left, top, right, bottom] = [Math.min(left, x), Math.min(top, y), Math.max(right, x), Math.max(bottom, y)];
    }
  }
  return right < 0 ? undefined : { x: left, y: top, width: right - left + 1, height: bottom - top + 1 };
}

async function makeImage(app: App, doc: Document, env: NodeJS.ProcessEnv): Promise<CorpusImage> {
  const full = await grab(app, doc, new Set(), env);
  const secrets: CorpusSecret[] = [];
  for (const [i, line] of doc.lines.entries()) {
    if (!line.secret) continue;
    const box = await changedBox(full, await grab(app, doc, new Set([i]), env));
    if (!box) throw new Error(`${app.name}/${doc.name}: hiding ${line.secret.detector} changed nothing on screen`);
    secrets.push({ ...line.secret, box });
  }
  const file = `${app.name}-${doc.name}.png`;
  writeFileSync(path.join(OUT, file), full);
  const { width = 0, height = 0 } = await sharp(full).metadata();
  console.log(`${file}: ${width}x${height}, ${secrets.length} secrets`);
  return { file, app: app.name, document: doc.name, width, height, secrets };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  mkdirSync(OUT, { recursive: true });
  const x = await startXvfb({ width: 1024, height: 768 });
  try {
    const images: CorpusImage[] = [];
    for (const app of APPS) for (const doc of DOCUMENTS) images.push(await makeImage(app, doc, x.env));
    writeFileSync(path.join(OUT, 'truth.json'), JSON.stringify(images, null, 1) + '\n');
  } finally {
    await x.stop();
  }
}
