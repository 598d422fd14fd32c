// The review commands of the real CLI: redact, submit, approve (refused while a finding is open),
// reject with a reason, and `show` listing findings and the review. Bad input exits 2, refusals 1.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open-store.ts';
import { runCairn } from '../helpers/cli.ts';
import { filesContaining } from '../helpers/disk-bytes.ts';
import { PATCH, SECRET, seedReviewSession } from '../helpers/seed-review.ts';

const ID = '5e551011-aaaa-4bbb-8ccc-0123456789ab';

describe('cairn redact / submit / approve / reject', () => {
  let dataDir: string;
  let env: NodeJS.ProcessEnv;

  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'cairn-review-cli-'));
    env = { ...process.env, CAIRN_DATA_DIR: dataDir };
    const store = openStore(dataDir);
    await seedReviewSession(store, { id: ID, state: 'recorded', title: 'inbox - jane.doe@example.com' });
    store.close();
  }, 60_000);

  const cairn = (...args: string[]) => runCairn(args, env);
  const show = async () => JSON.parse((await cairn('show', ID, '--json')).stdout);

  it('a contributor redacts a typed string, submits; approval is refused while the title finding and the frames it may show on are open, then granted', async () => {
    const text = await cairn('redact', ID.slice(0, 8), '--text', SECRET);
    expect(text.stdout).toContain('Redacted 1 occurrence in');
    expect((await cairn('show', ID)).stdout).toContain('█'.repeat(SECRET.length));
    expect(filesContaining(dataDir, SECRET)).toEqual([]);

    // The title names an e-mail address; approval scans text and titles, not frames, so each frame
    // of that window may show it and nothing can tell it does not.
    expect((await cairn('submit', ID)).code).toBe(0);
    const refused = await cairn('approve', ID);
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim()).toMatch(/^cairn: Session .* has 3 open findings \(2 of them frames that may show a secret typed or titled there, which OCR could not find: look at each\); redact or waive each .* before approving\.$/);
    const view = await show();
    expect(view.findings).toEqual([
      expect.objectContaining({ source: 'title', detector: 'email', status: 'open', location: { windowSeq: 1 } }),
      expect.objectContaining({ source: 'frame', detector: 'email', status: 'open', location: { windowSeq: 1, frameSeq: 1 } }),
      expect.objectContaining({ source: 'frame', detector: 'email', status: 'open', location: { windowSeq: 1, frameSeq: 2 } }),
    ]);
    expect(JSON.stringify(view.findings)).not.toContain('jane.doe');
    expect((await cairn('show', ID)).stdout).toContain('frame #2, all of it: may show the secret in the title of window #1, which OCR could not find there nor rule out');

    const auto = await cairn('redact', ID, '--auto', '--no-ocr');
    expect(auto.stdout).toContain('2 remain open, 2 of them frames that may show a secret typed (or titled) there which OCR could not find nor rule out');
    expect((await cairn('approve', ID)).code).toBe(1);
    for (const f of (await show()).findings.filter((f: { status: string }) => f.status === 'open')) {
      const waive = await cairn('waive', ID, String(f.id), '--reason', 'an xterm draws its title outside its window');
      expect(waive.stdout).toContain(`Waived finding ${f.id}`);
    }
    expect((await cairn('approve', ID)).code).toBe(0);
    expect((await show()).review).toMatchObject({ reviewer: 'reviewer', reason: null });
    expect(filesContaining(dataDir, 'jane.doe@example.com')).toEqual([]);
  }, 90_000);

  it('reject stores the reason the contributor reads in show (text and --json)', async () => {
    await cairn('submit', ID);
    expect((await cairn('reject', ID, '--reason', 'Please cut the first minute.')).code).toBe(0);
    expect((await show()).review.reason).toBe('Please cut the first minute.');
    expect((await cairn('show', ID)).stdout).toContain('Rejected by reviewer');
  }, 90_000);

  it('--range cuts and --box blacks out; the text output lists the findings', async () => {
    expect((await cairn('redact', ID, '--range', '1.5..2.5')).stdout).toMatch(/Cut 1.5..2.5 s out .*erased \d+ events, 1 frame and/);
    const box = await cairn('redact', ID, '--box', `2:${PATCH.x},${PATCH.y},${PATCH.width},${PATCH.height}`, '--reason', 'badge');
    expect(box.stdout).toBe(`Blacked out 64x24 at 40,30 on frame 2 of session ${ID}.\n`);
    expect((await cairn('show', ID)).stdout).toMatch(/Findings \(0, 0 open\)/);
  }, 90_000);

  it('bad input is one sentence and exit 2; an illegal step or a missing frame is exit 1', async () => {
    for (const args of [['redact', ID], ['redact', ID, '--auto', '--text', 'x'], ['redact', ID, '--range', '30..12'], ['redact', ID, '--range', 'soon'], ['redact', ID, '--box', '1:1,2,3'], ['redact', ID, '--box', '1:5000,5000,5,5']]) {
      const r = await cairn(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
    expect((await cairn('redact', ID, '--box', '9:1,1,5,5')).code).toBe(1);
    const approve = await cairn('approve', ID);
    expect(approve.code).toBe(1);
    expect(approve.stderr).toMatch(/A session that is recorded cannot be approved/);
    expect((await cairn('reject', ID)).code).toBe(2);
  }, 90_000);

  it('redact --auto OCRs frames too small for tesseract to know their resolution and prints only its own lines', async () => {
    // The 320x200 frames once made tesseract print "Warning: Invalid resolution 25 dpi" and
    // "Estimating resolution as 147" into Cairn's output.
    const r = await cairn('redact', ID, '--auto');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Redacted \d+ findings? in session [0-9a-f-]{36}; [^\n]*\n$/);
    expect(r.stderr).toBe('Scanned 2/2 frames.\n');
  }, 90_000);
});
