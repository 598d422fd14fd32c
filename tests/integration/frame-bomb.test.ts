// A frame larger than any screen (the 38-byte WebP that decodes to 16383x16383) sitting in a real
// store, as a damaged store or an older Cairn could leave it: `cairn redact --box` and `--auto`
// refuse it in one sentence, without decoding it (peak RSS of the child measured by /usr/bin/time),
// and change nothing. Before the pixel limit, --box took 2.6 GB and --auto died in tesseract. A
// stored frame that is no image at all is refused in a sentence too, not reported as a bug.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeFrame } from '../../src/capture/frame-encoder.ts';
import { openStore } from '../../src/store/open-store.ts';
import { sha256 } from '../helpers/bundle-tamper.ts';
import { CAIRN_BIN, type CliResult } from '../helpers/cli.ts';
import { storeDigest } from '../helpers/store-digest.ts';
import { webpBomb } from '../helpers/webp.ts';
import { seedReviewSession } from '../helpers/seed-review.ts';

const ID = '0dd0a1b2-0000-4000-8000-000000000011';
const TIME = '/usr/bin/time';
/** Generous: the refused commands peak near 110 MB (--box) and 290 MB (--auto, with tesseract). */
const MAX_RSS_MB = 600;
const root = mkdtempSync(join(tmpdir(), 'cairn-frame-bomb-'));
const dataDir = join(root, 'data');

/** `cairn ARGS` under /usr/bin/time: its result and the peak RSS of the largest process in it. */
function measured(args: string[]): Promise<CliResult & { maxRssMb: number }> {
  const rssFile = join(root, `rss-${args.join('-').replace(/[^a-z0-9-]/gi, '')}`);
  return new Promise((resolve, reject) => {
    const child = spawn(TIME, ['-f', '%M', '-o', rssFile, process.execPath, CAIRN_BIN, ...args], { env: { ...process.env, CAIRN_DATA_DIR: dataDir }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, maxRssMb: Number(readFileSync(rssFile, 'utf8').trim().split('\n').at(-1)) / 1024 }));
  });
}

beforeAll(async () => {
  const store = openStore(dataDir);
  try {
    await seedReviewSession(store, { id: ID, state: 'submitted' });
    const bomb = webpBomb();
    // Written as a frame row directly: nothing in Cairn would store it (import refuses it).
    store.db
      .prepare('INSERT INTO frames (session_id, seq, t, window_seq, reason, width, height, format, sha256, bytes) VALUES (?, 3, 9500.5, 1, ?, 484, 394, ?, ?, ?)')
      .run(ID, 'typing', 'webp', sha256(bomb), bomb);
    const garbage = Buffer.from('RIFF\u0000\u0000\u0000\u0000WEBP: not an image');
    store.db
      .prepare('INSERT INTO frames (session_id, seq, t, window_seq, reason, width, height, format, sha256, bytes) VALUES (?, 4, 9600.5, 1, ?, 10, 10, ?, ?, ?)')
      .run(ID, 'typing', 'webp', sha256(garbage), garbage);
  } finally {
    store.close();
  }
}, 60_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

const REFUSAL = `cairn: Frame 3 of session ${ID} is 16383x16383 pixels, more than the 66,355,200 Cairn decodes from a frame; cut its time range out of the session or delete the session.\n`;

describe.skipIf(!existsSync(TIME))('a stored frame that decodes to 16383x16383', () => {
  if (!existsSync(TIME)) console.log(`frame-bomb: skipped, ${TIME} is missing (Debian package time)`);

  it('makes `redact --box` fail in one sentence with bounded memory, changing nothing', async () => {
    const before = storeDigest(dataDir);
    const r = await measured(['redact', ID, '--box', '3:0,0,10,10']);
    console.log(`frame-bomb: redact --box peak RSS ${r.maxRssMb.toFixed(0)} MB`);
    expect(r.stderr).toBe(REFUSAL);
    expect(r.code).toBe(1);
    expect(r.maxRssMb).toBeLessThan(MAX_RSS_MB);
    expect(storeDigest(dataDir)).toBe(before);
  }, 60_000);

  it('and a stored frame that is not an image: `redact --box` refuses it in one sentence (not a bug report)', async () => {
    const r = await measured(['redact', ID, '--box', '4:0,0,5,5']);
    expect(r.stderr).toBe(`cairn: Frame 4 of session ${ID} is not an image Cairn can read; cut its time range out of the session or delete the session.\n`);
    expect(r.code).toBe(1);
  }, 60_000);

  it('makes `redact --auto` (OCR of every frame) fail in one sentence, not a tesseract stack trace, changing nothing', async () => {
    const before = storeDigest(dataDir);
    const r = await measured(['redact', ID, '--auto']);
    console.log(`frame-bomb: redact --auto peak RSS ${r.maxRssMb.toFixed(0)} MB`);
    // The refusal is the last line; before it only the OCR engine's own notes on frames 1 and 2
    // (issue 11, item 13, quiets them), never a stack trace.
    expect(r.stderr.endsWith(`\n${REFUSAL}`) || r.stderr === REFUSAL, r.stderr).toBe(true);
    expect(r.stderr.split('\n').filter((l) => l.startsWith('cairn:') || /^\s+at /.test(l) || /Error/.test(l))).toHaveLength(1);
    expect(r.code).toBe(1);
    expect(r.maxRssMb).toBeLessThan(MAX_RSS_MB);
    expect(storeDigest(dataDir)).toBe(before);
  }, 120_000);
});

describe('the frame encoder', () => {
  it('refuses a screen grab larger than any screen Cairn records instead of decoding it', async () => {
    const started = Date.now();
    const rssBefore = process.memoryUsage().rss;
    const encoding = encodeFrame({ screen: webpBomb(), originX: 0, originY: 0, window: { x: 0, y: 0, width: 484, height: 394 }, masks: [] });
    await expect(encoding).rejects.toThrow(/pixel limit/);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(200 * 1024 * 1024);
  });
});
