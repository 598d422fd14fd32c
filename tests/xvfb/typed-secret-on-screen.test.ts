// Secrets on screen in xterm's default font (the bitmap "fixed", 6x13), recorded by the real
// `cairn record` under Xvfb: a key typed and echoed (`echo KEY`) and a token shown with `cat`.
// OCR of the stored frames finds both; after `cairn redact --auto` no stored frame shows either
// (the frames are read again) and no byte of the data folder holds either; frames Cairn could not
// clear are open findings and `approve` is refused until each is waived; then `approve` passes and
// the export holds neither, in its bytes or on its images.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeOcr, detectReading } from '../../src/review/detectors/index.ts';
import { findOnScreen } from '../../src/review/ocr/find-on-screen.ts';
import { readScreen } from '../../src/review/ocr/read-screen.ts';
import { type CliResult, runCairn, startRecording } from '../helpers/cli.ts';
import { readyToRecord } from '../helpers/ready-to-record.ts';
import { filesContaining } from '../helpers/disk-bytes.ts';
import { sleep } from '../helpers/typing.ts';
import { type XvfbDisplay, startXvfb, xdotool, xvfbMissingReason } from '../helpers/xvfb.ts';

const missing = xvfbMissingReason();
if (missing) console.warn(`Skipping the typed-secret-on-screen test: ${missing}.`);

const TYPED = 'AKIAIOSFODNN7EXAMPLE';
const SHOWN = 'ghp_mxUSsMcvpjRfyQGNA8VxIjBJtRJqGi2DEYVz';

interface Finding { id: number; source: string; status: string; location: { frameSeq?: number; box?: unknown } }

describe.skipIf(missing !== null)('secrets on screen in xterm\'s default font', () => {
  let x: XvfbDisplay;
  let term: ChildProcess;
  let windowId: string;
  let dataDir: string;
  let work: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    x = await startXvfb({ width: 1024, height: 640 });
    work = mkdtempSync(join(tmpdir(), 'cairn-onscreen-'));
    writeFileSync(join(work, 'token.txt'), `GITHUB_TOKEN=${SHOWN}\n`);
    // No -fa/-fn: xterm's own default font, as a person who never configured it sees it.
    term = spawn('xterm', ['-class', 'SecretTerm', '-geometry', '80x12+0+0', '-e', 'sh'], { env: { ...x.env, PS1: '$ ' }, stdio: 'ignore', cwd: work });
    windowId = (await xdotool(x.env, 'search', '--sync', '--onlyvisible', '--class', 'SecretTerm')).trim().split('\n')[0]!;
    dataDir = mkdtempSync(join(tmpdir(), 'cairn-onscreen-data-'));
    env = { ...x.env, CAIRN_DATA_DIR: dataDir };
    readyToRecord(dataDir, [{ app: 'SecretTerm', screens: 'on' }]);
  }, 60_000);

  afterAll(async () => {
    term?.kill('SIGKILL');
    await x?.stop();
    await closeOcr();
  });

  async function cli(args: string[], expectCode = 0): Promise<CliResult> {
    const result = await runCairn(args, env);
    if (result.code !== expectCode) throw new Error(`cairn ${args.join(' ')} exited ${result.code}, not ${expectCode}: ${result.stderr}`);
    return result;
  }

  function storedFrames(id: string): { seq: number; bytes: Buffer }[] {
    const db = new Database(join(dataDir, 'cairn.db'), { readonly: true });
    try {
      return db.prepare('SELECT seq, bytes FROM frames WHERE session_id = ? ORDER BY seq').all(id) as { seq: number; bytes: Buffer }[];
    } finally {
      db.close();
    }
  }

  /** Frames (by seq) on which OCR reads `value`, and those on which the detectors flag a GitHub token. */
  async function framesShowing(frames: { seq: number; bytes: Buffer }[]) {
    const typed: number[] = [];
    const token: number[] = [];
    for (const f of frames) {
      const reading = await readScreen(f.bytes);
      if (findOnScreen(reading, TYPED).boxes.length) typed.push(f.seq);
      if (findOnScreen(reading, SHOWN).boxes.length || (await detectReading(reading)).some((m) => m.detector === 'github-token')) token.push(f.seq);
    }
    return { typed, token };
  }

  it('finds a typed key and a token shown with cat, blacks them out, and approval and export follow only once nothing may show them', async () => {
    await xdotool(x.env, 'windowactivate', '--sync', windowId);
    const rec = await startRecording(['--frame-period', '2'], env);
    await sleep(700);
    await xdotool(x.env, 'windowactivate', '--sync', windowId);
    await xdotool(x.env, 'type', '--delay', '40', `echo ${TYPED}`);
    await xdotool(x.env, 'key', 'Return');
    await sleep(600);
    await xdotool(x.env, 'type', '--delay', '40', 'cat token.txt');
    await xdotool(x.env, 'key', 'Return');
    await sleep(3000);
    expect((await rec.stop('SIGINT')).code).toBe(0);
    const id = rec.sessionId;

    // Before: the stored frames show both, and OCR reads them (it read neither before screens got their own reading).
    const before = await framesShowing(storedFrames(id));
    expect(before.typed.length, 'frames on which OCR reads the typed key').toBeGreaterThan(0);
    expect(before.token.length, 'frames on which OCR reads the token').toBeGreaterThan(0);
    console.log(`before: typed key read on frames ${before.typed.join(', ')}; token on frames ${before.token.join(', ')}`);

    const auto = await cli(['redact', id, '--auto']);
    console.log(`redact --auto: ${auto.stdout.trim()}`);

    // After: no stored frame shows either, read again, and no byte of the data folder holds either.
    const after = await framesShowing(storedFrames(id));
    expect(after).toEqual({ typed: [], token: [] });
    expect(filesContaining(dataDir, TYPED)).toEqual([]);
    expect(filesContaining(dataDir, SHOWN)).toEqual([]);

    // Frames Cairn could not clear stay open and hold approval back until a person resolves them.
    await cli(['submit', id]);
    const open = (JSON.parse((await cli(['show', id, '--json'])).stdout).findings as Finding[]).filter((f) => f.status === 'open');
    expect(open.every((f) => f.source === 'frame' && f.location.box === undefined)).toBe(true);
    if (open.length) {
      expect(auto.stdout).toMatch(/of them (a frame|frames) that may show a secret typed/);
      expect((await cli(['approve', id], 1)).stderr).toMatch(/open findings? \(\d+ of them/);
      for (const f of open) await cli(['waive', id, String(f.id), '--reason', 'looked: nothing of the key shows']);
    } else {
      expect(auto.stdout).toContain('none is open');
    }
    console.log(`frames left to a person: ${open.length} of ${storedFrames(id).length}`);
    await cli(['approve', id]);

    const out = mkdtempSync(join(tmpdir(), 'cairn-onscreen-export-'));
    await cli(['export', '--out', out, '--session', id]);
    expect(filesContaining(out, TYPED)).toEqual([]);
    expect(filesContaining(out, SHOWN)).toEqual([]);
    const images = filesUnder(out).filter((f) => /\.(webp|png|jpe?g)$/.test(f));
    expect(images.length).toBeGreaterThan(0);
    expect(await framesShowing(images.map((f, seq) => ({ seq, bytes: readFileSync(f) })))).toEqual({ typed: [], token: [] });
  }, 300_000);
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}
