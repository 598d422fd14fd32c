// `cairn` runs the JavaScript built into dist/node/ (no TypeScript transpiled at run time), and the
// build keeps the CLI's lazy loading: a command loads only the chunks it uses, so nothing of the
// recorder, the input hook, the screen grabber, OCR or secretlint is even loaded before consent is
// checked. A build older than the sources is refused in one sentence, never run silently; a fresh one
// keeps what V8 compiled of it in dist/node/.compile-cache/.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeEach, describe, expect, it } from 'vitest';
import { loadConsentText } from '../../src/consent/consent-text.ts';
import { CAIRN_BIN } from '../helpers/cli.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TRACE_HOOK = fileURLToPath(new URL('../helpers/trace-loads.mjs', import.meta.url));

/** Source files (src/...) and npm packages a `cairn` run loaded, read from the build's metafile. */
function loadedBy(args: string[], env: NodeJS.ProcessEnv): { code: number | null; stderr: string; sources: Set<string>; packages: Set<string>; outputs: string[] } {
  const trace = join(mkdtempSync(join(tmpdir(), 'cairn-trace-')), 'loads.txt');
  writeFileSync(trace, '');
  const run = spawnSync(process.execPath, ['--import', TRACE_HOOK, CAIRN_BIN, ...args], { env: { ...env, CAIRN_TRACE_LOADS: trace }, encoding: 'utf8', timeout: 20_000 });
  const meta = JSON.parse(readFileSync(join(ROOT, 'dist/node/meta.json'), 'utf8')) as { outputs: Record<string, { inputs: Record<string, unknown> }> };
  const urls = readFileSync(trace, 'utf8').split('\n').filter((u) => u.startsWith('file:'));
  const outputs = urls.map((u) => relative(ROOT, fileURLToPath(u))).filter((f) => f.startsWith('dist/node/'));
  const sources = new Set(outputs.flatMap((o) => Object.keys(meta.outputs[o]?.inputs ?? {})));
  const packages = new Set(urls.map((u) => /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(u)?.[1]).filter((p): p is string => !!p));
  return { code: run.status, stderr: run.stderr, sources, packages, outputs };
}

// What a recording needs and nothing else may load: the recording itself, the input hook, the
// screen grabber and frame encoder, OCR, and the secret scanner.
const CAPTURE_SOURCES = ['src/recorder/start-recording.ts', 'src/recorder/recorder.ts', 'src/capture/uiohook-input-source.ts', 'src/capture/screenshot-desktop-capturer.ts', 'src/capture/x11/x11-window-capturer.ts', 'src/capture/create-screen-capturer.ts', 'src/capture/frame-encoder.ts', 'src/review/ocr/ocr-worker.ts'];
const CAPTURE_PACKAGES = ['uiohook-napi', 'screenshot-desktop', 'tesseract.js', '@secretlint/core'];

describe('the built CLI', () => {
  let env: NodeJS.ProcessEnv;
  beforeEach(() => {
    env = { ...process.env, CAIRN_DATA_DIR: mkdtempSync(join(tmpdir(), 'cairn-build-')), DISPLAY: ':9999' };
    delete env.WAYLAND_DISPLAY;
  });

  it('runs from dist/node/ and `cairn sessions` loads no capture, recorder, OCR or secret-scanner code', () => {
    const run = loadedBy(['sessions'], env);
    expect(run.code, run.stderr).toBe(0);
    expect(run.outputs).toContain('dist/node/main.js');
    expect(run.sources.has('src/cli/main.ts')).toBe(true);
    expect([...run.sources].filter((s) => CAPTURE_SOURCES.includes(s))).toEqual([]);
    expect(CAPTURE_PACKAGES.filter((p) => run.packages.has(p))).toEqual([]);
    // Nothing is transpiled at run time.
    expect(run.packages.has('tsx')).toBe(false);
    expect(run.packages.has('esbuild')).toBe(false);
  });

  it('loads no capture code for `cairn record` before consent, and the recording chunk only once consent and an app allow it', () => {
    const refused = loadedBy(['record'], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('No consent given yet');
    expect([...refused.sources].filter((s) => CAPTURE_SOURCES.includes(s))).toEqual([]);
    expect(CAPTURE_PACKAGES.filter((p) => refused.packages.has(p))).toEqual([]);

    // The positive control: with consent and an allowed app the recording chunk is loaded (and then
    // refuses for want of a display), so the trace does see lazily loaded chunks.
    for (const args of [['consent', 'accept', '--sha256', loadConsentText().sha256], ['apps', 'allow', 'XTerm']]) {
      expect(spawnSync(process.execPath, [CAIRN_BIN, ...args], { env, encoding: 'utf8' }).status).toBe(0);
    }
    const noDisplay = { ...env };
    delete noDisplay.DISPLAY;
    const started = loadedBy(['record'], noDisplay);
    expect(started.stderr).toContain('No display');
    expect(started.sources.has('src/recorder/start-recording.ts')).toBe(true);
  });
});

describe('bin/cairn.js in a checkout', () => {
  /** A stand-in checkout: bin/ as it is, a dist/node/ whose main says it ran, a src/ file. */
  function fakeCheckout(): string {
    const root = mkdtempSync(join(tmpdir(), 'cairn-checkout-'));
    mkdirSync(join(root, 'bin'));
    for (const f of ['cairn.js', 'stale-build.js']) copyFileSync(join(ROOT, 'bin', f), join(root, 'bin', f));
    writeFileSync(join(root, 'package.json'), '{"type":"module"}');
    mkdirSync(join(root, 'dist/node'), { recursive: true });
    writeFileSync(join(root, 'dist/node/main.js'), 'export async function main(argv) { process.stdout.write(`ran ${argv.join(" ")}`); return 0; }\n');
    writeFileSync(join(root, 'dist/node/x-io-guard.js'), 'export function exitIfXConnectionLost() {}\n');
    writeFileSync(join(root, 'dist/node/lean-process.js'), 'export function runsRecordings() { return false; }\nexport function execLean() {}\n');
    mkdirSync(join(root, 'src/cli'), { recursive: true });
    writeFileSync(join(root, 'src/cli/main.ts'), '');
    writeFileSync(join(root, 'electron.config.ts'), '');
    // Sources a minute old, the build half a minute: fresh (file times tick too coarsely to rely on
    // the order of two writes in a row).
    const at = (ago: number) => new Date(Date.now() - ago);
    for (const f of ['src/cli/main.ts', 'src/cli', 'src', 'electron.config.ts']) utimesSync(join(root, f), at(60_000), at(60_000));
    utimesSync(join(root, 'dist/node/main.js'), at(30_000), at(30_000));
    return root;
  }
  const cairn = (root: string) => spawnSync(process.execPath, [join(root, 'bin/cairn.js'), 'sessions'], { encoding: 'utf8' });

  it('runs a build newer than its sources', () => {
    const run = cairn(fakeCheckout());
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('ran sessions');
  });

  it('refuses, in one sentence saying how to rebuild, a build older than a source file', () => {
    const root = fakeCheckout();
    writeFileSync(join(root, 'src/cli/main.ts'), 'changed');
    const run = cairn(root);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^cairn: the built CLI is older than the sources \(src\/cli\/main\.ts changed since the last build\); run `npm run build` in .+, then try again\.\n$/);
  });

  it('refuses a build older than a change deep in src/: a file two folders down, or one removed', () => {
    const deep = fakeCheckout();
    mkdirSync(join(deep, 'src/store/migrations'), { recursive: true });
    writeFileSync(join(deep, 'src/store/migrations/013.sql'), 'changed');
    // Only the file is new: its folders keep old times, as after an edit in place.
    const old = new Date(Date.now() - 60_000);
    for (const f of ['src/store/migrations', 'src/store', 'src']) utimesSync(join(deep, f), old, old);
    expect(cairn(deep).stderr).toContain('(src/store/migrations/013.sql changed since the last build)');

    const removed = fakeCheckout();
    rmSync(join(removed, 'src/cli/main.ts'));
    expect(cairn(removed).stderr).toContain('(src/cli changed since the last build)');
  });

  it('keeps what V8 compiled of dist/node/ in dist/node/.compile-cache/ and reads it back on the next run', () => {
    const root = fakeCheckout();
    const debug = () => spawnSync(process.execPath, [join(root, 'bin/cairn.js'), 'sessions'], { encoding: 'utf8', env: { ...process.env, NODE_DEBUG_NATIVE: 'COMPILE_CACHE' } });
    const main = `file://${join(root, 'dist/node/main.js')}`;
    expect(debug().stdout).toBe('ran sessions');
    expect(readdirSync(join(root, 'dist/node/.compile-cache'))).not.toEqual([]);
    const second = debug();
    expect(second.stdout).toBe('ran sessions');
    expect(second.stderr).toContain(`cache for ${main} was accepted`);
  });

  it('runs as before where the cache cannot be kept', () => {
    const root = fakeCheckout();
    writeFileSync(join(root, 'dist/node/.compile-cache'), 'a file where the folder would go');
    const run = cairn(root);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('ran sessions');
  });

  it('refuses a missing build in one sentence', () => {
    const root = fakeCheckout();
    rmSync(join(root, 'dist'), { recursive: true });
    const run = cairn(root);
    expect(run.status).toBe(1);
    // Nor does it leave a compile cache where no build is.
    expect(existsSync(join(root, 'dist'))).toBe(false);
    expect(run.stderr).toMatch(/^cairn: the CLI is not built \(dist\/node\/main\.js is missing\); run `npm run build`.*\n$/);
  });
});
