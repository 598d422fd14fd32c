// Withdrawing consent while recording stops capture at once and erases what was stored, proven on
// the bytes of every file in the data folder.
import { readFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCairn, startRecording } from '../helpers/cli.ts';
import { readyToRecord } from '../helpers/ready-to-record.ts';
import { filesContaining, filesUnder } from '../helpers/disk-bytes.ts';
import { sleep } from '../helpers/typing.ts';
import { type Xterm, type XvfbDisplay, openXterm, startXvfb, xdotool, xvfbMissingReason } from '../helpers/xvfb.ts';

const missing = xvfbMissingReason();
if (missing) console.warn(`Skipping the Xvfb withdrawal test: ${missing}.`);

describe.skipIf(missing !== null)('withdrawing consent', () => {
  let x: XvfbDisplay;
  let term: Xterm;

  beforeAll(async () => {
    x = await startXvfb({ width: 1024, height: 768 });
    term = await openXterm(x.env, { cls: 'AllowedTerm', bg: '#30a050', geometry: '60x15+10+10', title: 'WITHDRAWTITLE-77e1' });
  }, 60_000);

  afterAll(async () => {
    term?.kill();
    await x?.stop();
  });

  it('stops a running recording and leaves no byte of it on disk, only tombstones', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cairn-withdraw-'));
    const env = { ...x.env, CAIRN_DATA_DIR: dataDir };
    readyToRecord(dataDir, [{ app: 'AllowedTerm', screens: 'on' }]);

    // A finished session and a running one.
    const first = await startRecording(['--frame-period', '1'], env);
    await xdotool(x.env, 'windowactivate', '--sync', term.windowId);
    await xdotool(x.env, 'type', '--delay', '15', 'firstsession1');
    await sleep(1500);
    expect((await first.stop()).code).toBe(0);

    const rec = await startRecording(['--frame-period', '1'], env);
    await xdotool(x.env, 'type', '--delay', '15', 'secondsession2');
    await sleep(1500);

    // What is on disk now, to look for afterwards: the title and a slice of a frame's bytes.
    const db = new Database(join(dataDir, 'cairn.db'), { readonly: true });
    const frame = db.prepare('SELECT bytes FROM frames ORDER BY length(bytes) DESC LIMIT 1').pluck().get() as Buffer;
    db.close();
    expect(frame.length).toBeGreaterThan(200);
    expect(filesContaining(dataDir, 'WITHDRAWTITLE-77e1').length).toBeGreaterThan(0);
    const frameSlice = frame.subarray(frame.length / 2, frame.length / 2 + 64);

    const withdraw = await runCairn(['consent', 'withdraw'], env);
    expect(withdraw.code, withdraw.stderr).toBe(0);
    expect(withdraw.stdout).toMatch(/Erased 2 sessions/);
    const stopped = await rec.exited;
    expect(stopped.code).toBe(3);
    expect(stopped.stderr).toContain('consent was withdrawn');

    // Typing after withdrawal reaches nothing.
    await xdotool(x.env, 'type', '--delay', '15', 'afterwithdraw3');
    await sleep(500);

    for (const file of filesUnder(dataDir)) {
      const bytes = readFileSync(file);
      expect(bytes.includes(Buffer.from('WITHDRAWTITLE-77e1')), file).toBe(false);
      expect(bytes.includes(frameSlice), file).toBe(false);
    }
    const check = new Database(join(dataDir, 'cairn.db'), { readonly: true });
    expect(check.prepare('SELECT count(*) FROM events').pluck().get()).toBe(0);
    expect(check.prepare('SELECT count(*) FROM frames').pluck().get()).toBe(0);
    expect(check.prepare('SELECT count(*) FROM windows').pluck().get()).toBe(0);
    const tombstones = check.prepare('SELECT session_id, reason FROM tombstones ORDER BY session_id').all();
    check.close();
    expect(tombstones).toEqual(
      [first.sessionId, rec.sessionId].sort().map((id) => ({ session_id: id, reason: 'withdrawn' })),
    );
    const again = await runCairn(['record'], env);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('No consent given yet');
  }, 90_000);
});
