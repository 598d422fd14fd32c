// kill -9 of the real `cairn record` at a random moment while keys are typed, 20 times in a row on
// one Xvfb: each time the next `cairn sessions` recovers the session as interrupted, the database
// passes integrity_check, and at most the last second of typing is lost. The loss is measured: the
// typist logs when it sends each key (one distinct letter every 50 ms), and the typed text rebuilt
// from the store tells which key was the last one stored.
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCairn, startRecording } from '../helpers/cli.ts';
import { openRecordingDesk, type RecordingDesk } from '../helpers/recording-desk.ts';
import { keycodesOf, sleep } from '../helpers/typing.ts';
import { type XvfbDisplay, xvfbMissingReason } from '../helpers/xvfb.ts';

const RUNS = 20;
const KEY_EVERY_MS = 50;
const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
const LETTER_OF = new Map(keycodesOf(LETTERS).map((code, i) => [code, LETTERS[i]!]));
const missing = xvfbMissingReason();
if (missing) console.warn(`Skipping the recorder crash test: ${missing}.`);

/** Types one letter every 50 ms through a single `xdotool -` (it runs each line as it arrives). */
class Typist {
  readonly sentAt: number[] = [];
  private readonly child: ChildProcess;
  private readonly timer: NodeJS.Timeout;

  constructor(env: NodeJS.ProcessEnv) {
    this.child = spawn('xdotool', ['-'], { env, stdio: ['pipe', 'ignore', 'ignore'] });
    this.timer = setInterval(() => {
      this.child.stdin!.write(`key ${LETTERS[this.sentAt.length % LETTERS.length]}\n`);
      this.sentAt.push(performance.now());
    }, KEY_EVERY_MS);
  }

  text(n = this.sentAt.length): string {
    return Array.from({ length: n }, (_, i) => LETTERS[i % LETTERS.length]).join('');
  }

  stop(): void {
    clearInterval(this.timer);
    this.child.stdin!.end();
  }
}

describe.skipIf(missing !== null)('the recorder killed with SIGKILL at random moments', () => {
  let desk: RecordingDesk;
  let x: XvfbDisplay;
  let env: NodeJS.ProcessEnv;
  let dataDir: string;

  beforeAll(async () => {
    desk = await openRecordingDesk({ app: 'CrashTerm', geometry: '100x30+0+0' });
    ({ x, env, dataDir } = desk);
    await desk.focus();
  }, 60_000);

  afterAll(() => desk?.close());

  it(`recovers every one of ${RUNS} killed recordings as interrupted, intact, losing at most the last second`, async () => {
    const losses: number[] = [];
    for (let run = 1; run <= RUNS; run++) {
      const rec = await startRecording([], env);
      const typist = new Typist(x.env);
      await sleep(1000 + Math.random() * 2000);
      const killedAt = performance.now();
      rec.child.kill('SIGKILL');
      typist.stop();
      await rec.exited;

      const list = await runCairn(['sessions', '--json'], env);
      expect(list.code, list.stderr).toBe(0);
      expect(list.stderr).toContain(`Session ${rec.sessionId} was cut short`);
      const session = JSON.parse(list.stdout).sessions.find((s: { id: string }) => s.id === rec.sessionId);
      expect(session?.state).toBe('interrupted');

      // The typed text straight from the rows (a `cairn show` per run would double the test's time).
      const db = new Database(join(dataDir, 'cairn.db'), { readonly: true });
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const codes = db
        .prepare(`SELECT keycode FROM events WHERE session_id = ? AND kind = 'key-down' ORDER BY seq`)
        .pluck()
        .all(rec.sessionId) as number[];
      db.close();
      const stored = codes.map((c) => LETTER_OF.get(c) ?? '?').join('');
      // What reached disk is exactly the first keys sent, in order: nothing reordered, no hole.
      expect(stored).toBe(typist.text(stored.length));
      const lastKept = stored.length > 0 ? typist.sentAt[stored.length - 1]! : typist.sentAt[0] ?? killedAt;
      const loss = Math.round(killedAt - lastKept);
      losses.push(loss);
      console.log(`run ${run}: killed after ${typist.sentAt.length} keys sent, ${stored.length} stored; lost the last ${loss} ms`);
      expect(loss).toBeLessThanOrEqual(1000);
    }
    console.log(`SIGKILL x${RUNS}: loss per run ${losses.join(', ')} ms; max ${Math.max(...losses)} ms`);
  }, 240_000);
});
