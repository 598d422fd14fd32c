// The task of a session through the real CLI: `cairn task` names it (audited without its text),
// `sessions` and `show` print it, the detectors scan it like a title (a finding on it blocks
// approval until redacted, and redaction leaves no byte of it on disk), it can no longer change once
// approved, and every export format carries it as its instruction. Bad task text exits 2.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parquetReadObjects } from 'hyparquet';
import { beforeEach, describe, expect, it } from 'vitest';
import { EXPORT_FORMATS } from '../../src/export/writers/index.ts';
import { openStore } from '../../src/store/open-store.ts';
import { runCairn } from '../helpers/cli.ts';
import { filesContaining } from '../helpers/disk-bytes.ts';
import { SECRET, seedReviewSession } from '../helpers/seed-review.ts';

const ID = '7a5c0000-aaaa-4bbb-8ccc-0123456789ab';
const TASK = `Reply "It's done" in the terminal`;

/** The instruction of every line or row an export wrote, whatever the format's layout. */
async function instructions(out: string, format: (typeof EXPORT_FORMATS)[number]): Promise<unknown[]> {
  const lines = (file: string) => readFileSync(join(out, file), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { instruction: unknown });
  switch (format) {
    case 'cairn':
      return lines('episodes.jsonl').map((l) => l.instruction);
    case 'pyautogui':
      return lines('trajectories.jsonl').map((l) => l.instruction);
    case 'computer13':
      return lines('computer13.jsonl').map((l) => l.instruction);
    case 'computer-use':
      return [...lines('computer-use/anthropic.jsonl'), ...lines('computer-use/openai.jsonl')].map((l) => l.instruction);
    case 'hf': {
      const file = readFileSync(join(out, 'data/train-00000-of-00001.parquet'));
      const rows = await parquetReadObjects({ file: file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength), columns: ['instruction'] });
      return rows.map((r) => r.instruction);
    }
  }
}

describe('the task of a session', () => {
  let dataDir: string;
  let env: NodeJS.ProcessEnv;

  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'cairn-task-'));
    env = { ...process.env, CAIRN_DATA_DIR: dataDir };
    const store = openStore(dataDir);
    await seedReviewSession(store, { id: ID, state: 'recorded' });
    store.close();
  }, 60_000);

  const cairn = (...args: string[]) => runCairn(args, env);
  const show = async () => JSON.parse((await cairn('show', ID, '--json')).stdout);

  it('is named with `cairn task`, audited without its text, listed by sessions and show, and exported as every format\'s instruction', async () => {
    const set = await cairn('task', ID.slice(0, 8), `  ${TASK}\n`);
    expect(set.stdout).toBe(`Session ${ID}'s task is now ${JSON.stringify(TASK)}.\n`);
    const view = await show();
    expect(view.task).toBe(TASK);
    const audit = view.audit.filter((a: { action: string }) => a.action === 'session.task');
    expect(audit).toEqual([expect.objectContaining({ actor: 'contributor', detail: { had: false, chars: TASK.length } })]);
    expect((await cairn('show', ID)).stdout).toContain(`task: ${JSON.stringify(TASK)}`);
    expect(JSON.parse((await cairn('sessions', '--json')).stdout).sessions[0].task).toBe(TASK);
    expect((await cairn('sessions')).stdout).toContain(TASK);

    // The seeded typed secret is a finding of its own: redact it, then the session can be approved.
    expect((await cairn('redact', ID, '--text', SECRET)).code).toBe(0);
    expect((await cairn('submit', ID)).code).toBe(0);
    expect((await cairn('approve', ID)).code).toBe(0);
    const late = await cairn('task', ID, 'Something else');
    expect(late.code).toBe(1);
    expect(late.stderr).toBe(`cairn: Session ${ID} is approved, so its task can no longer change.\n`);

    for (const format of EXPORT_FORMATS) {
      const out = join(mkdtempSync(join(tmpdir(), 'cairn-task-out-')), format);
      const run = await cairn('export', '--format', format, '--out', out);
      expect(run.code, run.stderr).toBe(0);
      const found = await instructions(out, format);
      expect(found.length, format).toBeGreaterThan(0);
      expect(new Set(found), format).toEqual(new Set([TASK]));
    }
  }, 180_000);

  it('is scanned like a title: an e-mail address in it blocks approval until redacted, and no byte of it stays on disk', async () => {
    expect((await cairn('task', ID, 'Write to pat.lee@example.org about the invoice')).code).toBe(0);
    expect((await cairn('redact', ID, '--text', SECRET)).code).toBe(0);
    expect((await cairn('submit', ID)).code).toBe(0);
    const view = await show();
    expect(view.findings.filter((f: { source: string }) => f.source === 'task')).toEqual([
      expect.objectContaining({ source: 'task', detector: 'email', status: 'open', location: {} }),
    ]);
    expect(JSON.stringify(view.findings)).not.toContain('pat.lee');
    expect((await cairn('approve', ID)).code).toBe(1);

    expect((await cairn('redact', ID, '--auto', '--no-ocr')).code).toBe(0);
    expect((await show()).task).toBeNull();
    expect((await cairn('approve', ID)).code).toBe(0);
    expect(filesContaining(dataDir, 'pat.lee@example.org')).toEqual([]);
  }, 120_000);

  it('refuses a task longer than 500 characters in a sentence (exit 2), from `cairn task` and `cairn record --task`, and stores nothing', async () => {
    const long = 'a'.repeat(501);
    for (const args of [['task', ID, long], ['record', '--task', long, '--duration', '1']]) {
      const run = await cairn(...args);
      expect(run.code, args[0]).toBe(2);
      expect(run.stderr).toBe('cairn: The task is 501 characters long; shorten it to at most 500.\n');
    }
    expect((await show()).task).toBeNull();
  }, 60_000);
});
