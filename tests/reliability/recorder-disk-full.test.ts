// The real `cairn record` with its data folder on a small tmpfs that a filler process eats while
// keys are typed into an allowed xterm. With a minimum of free disk set, the storage guard stops the
// recording before SQLite ever meets a full disk; with the minimum at 0, the disk really fills and
// the writer's SQLITE_FULL stops it. Either way the recording ends with one clear sentence, the
// session records the gap (why it stopped, and from when nothing was recorded), the database passes
// integrity_check, and the typed text that reached disk is exactly the first keys sent.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RESERVE_FILE } from '../../src/store/disk-reserve.ts';
import { runCairn, startRecording } from '../helpers/cli.ts';
import { acceptAndAllow } from '../helpers/ready-to-record.ts';
import { keycodesOf } from '../helpers/typing.ts';
import { type Xterm, type XvfbDisplay, openXterm, startXvfb, xdotool, xvfbMissingReason } from '../helpers/xvfb.ts';

const DISK_MB = 12;
const CHUNK = 256 * 1024;
const KEY_EVERY_MS = 40;
const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
const LETTER_OF = new Map(keycodesOf(LETTERS).map((code, i) => [code, LETTERS[i]!]));

/** A tmpfs of DISK_MB for a data folder, or null where mounting one is not permitted. */
function smallDisk(): { dir: string; release: () => void } | null {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-fill-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${DISK_MB}m`, 'tmpfs', dir], { stdio: 'ignore' });
    return { dir, release: () => (execFileSync('umount', [dir]), fs.rmdirSync(dir)) };
  } catch {
    fs.rmdirSync(dir);
    return null;
  }
}

function tmpfsMissingReason(): string | null {
  const probe = smallDisk();
  probe?.release();
  return probe ? null : 'mounting a tmpfs is not permitted here';
}

const missing = xvfbMissingReason() ?? tmpfsMissingReason();
if (missing) console.warn(`Skipping the recorder disk-full tests: ${missing}.`);

/** Types one letter every KEY_EVERY_MS through a single `xdotool -`. */
class Typist {
  sent = 0;
  private readonly child: ChildProcess;
  private readonly timer: NodeJS.Timeout;

  constructor(env: NodeJS.ProcessEnv) {
    this.child = spawn('xdotool', ['-'], { env, stdio: ['pipe', 'ignore', 'ignore'] });
    this.timer = setInterval(() => this.child.stdin!.write(`key ${LETTERS[this.sent++ % LETTERS.length]}\n`), KEY_EVERY_MS);
  }

  text(n = this.sent): string {
    return Array.from({ length: n }, (_, i) => LETTERS[i % LETTERS.length]).join('');
  }

  stop(): void {
    clearInterval(this.timer);
    this.child.stdin!.end();
  }
}

/**
 * Appends CHUNK after CHUNK to a file on the disk every 100 ms: `chunks` of them, or, 'until full',
 * while a whole CHUNK is free, and then the rest at once, ending at the refusal. Never a write after
 * the disk is full: one that came after the recorder had given its reserve back would take that
 * room, as another process may (the product then leaves the gap for the next start), and the test
 * would no longer show what it means to (a CI run failed so).
 */
function filler(dir: string, chunks: number | 'until full'): Promise<number | null> {
  const file = path.join(dir, 'filler');
  const write = `dd if=/dev/zero bs=${CHUNK} count=1 status=none >> ${file}`;
  const free = `$(( $(stat -f -c '%a' ${dir}) * $(stat -f -c '%S' ${dir}) ))`;
  const script =
    chunks === 'until full'
      ? `while [ ${free} -ge ${CHUNK} ]; do ${write} || exit 0; sleep 0.1; done; dd if=/dev/zero bs=4096 status=none >> ${file} 2>/dev/null; exit 0`
      : `for i in $(seq ${chunks}); do ${write} || exit 1; sleep 0.1; done`;
  const child = spawn('sh', ['-c', script], { stdio: 'ignore' });
  return new Promise((resolve) => child.on('close', resolve));
}

const freeBytes = (dir: string) => {
  const s = fs.statfsSync(dir);
  return s.bavail * s.bsize;
};
const mb = (bytes: number) => `${(bytes / 1024 ** 2).toFixed(2)} MB`;

interface Stored {
  integrity: string;
  text: string;
  events: number;
  session: { state: string; last_flush_at: number; started_at: number; stop_reason: string | null; stop_detail: string | null; stopped_at: number | null };
}

function stored(dataDir: string, sessionId: string): Stored {
  const db = new Database(path.join(dataDir, 'cairn.db'), { readonly: true });
  try {
    const codes = db.prepare(`SELECT keycode FROM events WHERE session_id = ? AND kind = 'key-down' ORDER BY seq`).pluck().all(sessionId) as number[];
    return {
      integrity: String(db.pragma('integrity_check', { simple: true })),
      text: codes.map((c) => LETTER_OF.get(c) ?? '?').join(''),
      events: db.prepare('SELECT count(*) FROM events WHERE session_id = ?').pluck().get(sessionId) as number,
      session: db.prepare('SELECT * FROM sessions WHERE id = ?').get(sessionId) as Stored['session'],
    };
  } finally {
    db.close();
  }
}

describe.skipIf(missing !== null)('the recorder on a data folder whose disk fills up', () => {
  let x: XvfbDisplay;
  let term: Xterm;
  const releases: (() => void)[] = [];

  beforeAll(async () => {
    x = await startXvfb({ width: 1024, height: 768 });
    term = await openXterm(x.env, { cls: 'DiskTerm', geometry: '100x30+0+0' });
  }, 30_000);

  afterEach(() => releases.splice(0).forEach((release) => release()));

  afterAll(async () => {
    term?.kill();
    await x?.stop();
  });

  async function recordingOnSmallDisk(minFreeDisk: string) {
    const disk = smallDisk()!;
    releases.push(disk.release);
    const dataDir = path.join(disk.dir, 'data');
    const env = { ...x.env, CAIRN_DATA_DIR: dataDir };
    acceptAndAllow(env, 'DiskTerm');
    const set = await runCairn(['settings', '--min-free-disk', minFreeDisk], env);
    expect(set.code, set.stderr).toBe(0);
    await xdotool(x.env, 'windowactivate', '--sync', term.windowId);
    const rec = await startRecording([], env);
    return { dir: disk.dir, dataDir, env, rec, typist: new Typist(x.env) };
  }

  it('with a free-disk minimum, stops by itself before the disk is full, says why, and records the gap', async () => {
    const { dir, dataDir, env, rec, typist } = await recordingOnSmallDisk('4M');
    // Leave 1.5 MB: below the 4 MB minimum, yet room enough that SQLite never meets a full disk.
    const filled = await filler(dir, Math.floor((freeBytes(dir) - 1.5 * 1024 ** 2) / CHUNK));
    const result = await rec.exited;
    typist.stop();
    const freeAtStop = freeBytes(dir);
    expect(filled).toBe(0);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/Recording stopped: the disk holding Cairn's data has only [\d.]+ MB free, less than the minimum of 4\.0 MB; free some space/);
    expect(result.stderr).not.toMatch(/is full/);
    expect(freeAtStop).toBeGreaterThan(1024 ** 2);

    const s = stored(dataDir, rec.sessionId);
    expect(s.integrity).toBe('ok');
    expect(s.text.length).toBeGreaterThan(10);
    expect(s.text).toBe(typist.text(s.text.length));
    expect(s.session).toMatchObject({ state: 'recorded', stop_reason: 'low-disk' });
    expect(s.session.stop_detail).toMatch(/^the disk holding Cairn's data has only [\d.]+ MB free, less than the minimum of 4\.0 MB/);
    expect(s.session.stopped_at).toBeGreaterThan(s.session.started_at);

    const view = JSON.parse((await runCairn(['show', rec.sessionId, '--json'], env)).stdout);
    expect(view.stopped).toMatchObject({ reason: 'low-disk', at: new Date(s.session.stopped_at!).toISOString() });
    const text = await runCairn(['show', rec.sessionId], env);
    expect(text.stdout).toMatch(/Recording stopped: free disk below the minimum at \d\d:\d\d — nothing after this was recorded/);
    console.log(
      `guard: ${s.events} events (${s.text.length} keys of ${typist.sent} sent) stored; ${mb(freeAtStop)} free at the stop; ` +
        `"${result.stderr.match(/Recording stopped: the disk[^\n]*/)![0]}"; show: "${text.stdout.match(/Recording stopped: free[^\n]*/)![0]}"`,
    );
  }, 60_000);

  it('with no minimum, stops on the full disk with the disk-full sentence, keeps every stored key intact and records the gap', async () => {
    const { dir, dataDir, env, rec, typist } = await recordingOnSmallDisk('0');
    await filler(dir, 'until full');
    const freeWhenFull = freeBytes(dir);
    const result = await rec.exited;
    typist.stop();
    expect(freeWhenFull).toBeLessThan(64 * 1024);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('Recording stopped: the disk holding the data folder is full (everything saved before is kept); free some space, then record again.');
    const storedCount = Number(/recorded \(.*\): (\d+) events/.exec(result.stdout)?.[1]);

    // Read while the disk is still full: nothing committed is lost, and the file is sound.
    const s = stored(dataDir, rec.sessionId);
    expect(s.integrity).toBe('ok');
    expect(s.events).toBe(storedCount);
    expect(s.text.length).toBeGreaterThan(5);
    expect(s.text).toBe(typist.text(s.text.length));
    expect(s.session).toMatchObject({ state: 'recorded', stop_reason: 'disk-full', stopped_at: s.session.last_flush_at });
    expect(s.session.stop_detail).toMatch(/^the disk holding the data folder is full/);
    const reserveSpent = !fs.existsSync(path.join(dataDir, RESERVE_FILE));
    // The store was never taken for damaged and rebuilt (which a full disk could not hold).
    expect(fs.existsSync(path.join(dataDir, 'damaged'))).toBe(false);

    // And once space is freed, the CLI shows the gap, in the session and in the list.
    fs.rmSync(path.join(dir, 'filler'));
    const view = JSON.parse((await runCairn(['show', rec.sessionId, '--json'], env)).stdout);
    expect(view.stopped).toMatchObject({ reason: 'disk-full', at: new Date(s.session.last_flush_at).toISOString() });
    expect(view.typedText.map((r: { text: string }) => r.text).join('')).toBe(s.text);
    const list = await runCairn(['sessions'], env);
    expect(list.stdout).toMatch(new RegExp(`${rec.sessionId}: Recording stopped: disk full at \\d\\d:\\d\\d — nothing after this was recorded`));
    expect(stored(dataDir, rec.sessionId).integrity).toBe('ok');
    console.log(
      `disk full: ${s.events} events (${s.text.length} keys of ${typist.sent} sent) stored and all present; ${mb(freeWhenFull)} free when full; ` +
        `gap written ${reserveSpent ? 'after spending the reserve' : 'without the reserve'}; "${list.stdout.match(/Recording stopped: disk[^\n]*/)![0]}"`,
    );
  }, 60_000);
});
