// Stored text never drives the terminal: app names, titles, typed text (a keyboard layout from a
// bundle may map a key to anything), findings, audit rows and a reviewer's reason carrying escape
// sequences (a title change, a clipboard write through OSC 52, an 8-bit CSI, bidi overrides) are
// printed by `cairn show` and `cairn sessions` as visible \uXXXX escapes, never as raw bytes; the
// --json output still parses back to exactly what is stored.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { appendAudit } from '../../src/store/audit-log.ts';
import { addFindings } from '../../src/store/findings-repo.ts';
import { openStore } from '../../src/store/open-store.ts';
import { applyAction } from '../../src/store/session-repo.ts';
import { writeBatch } from '../../src/store/write-batch.ts';
import { rejectSession } from '../../src/review/workflow.ts';
import { runCairn } from '../helpers/cli.ts';
import { createSeedSession } from '../helpers/seed-session.ts';

const ID = '7e57e5c0-0000-4000-8000-000000000001';
const TITLE_CHANGE = '\x1b]0;pwned\x07';
const CLIPBOARD_WRITE = '\x1b]52;c;cm0gLXJmIH4K\x07';
const CSI_8BIT = '\x9b2J';
const BIDI = '\u202eexe.txt\u202c\u2066';
const HOSTILE = { app: `XTerm${TITLE_CHANGE}${CSI_8BIT}`, title: `inbox ${CLIPBOARD_WRITE} ${BIDI}`, actor: `reviewer${CSI_8BIT}`, action: `session.note${TITLE_CHANGE}`, detector: `email${CSI_8BIT}`, preview: `j•••${CLIPBOARD_WRITE}`, reason: `fix this${TITLE_CHANGE}\u2028${BIDI}\x7f` };

/** Bytes that must never reach a terminal from stored data: C0 controls but the line feed, DEL,
 *  C1 controls (as UTF-8), bidi overrides and isolates, line and paragraph separators. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const RAW = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u2028\u2029]/;

let env: NodeJS.ProcessEnv;

beforeAll(() => {
  const dataDir = mkdtempSync(join(tmpdir(), 'cairn-inert-'));
  env = { ...process.env, CAIRN_DATA_DIR: dataDir };
  const store = openStore(dataDir);
  try {
    const startedAt = Date.now() - 60_000;
    // Key 30 types a title-change sequence: typed text is rebuilt through the stored layout.
    createSeedSession(store, { id: ID, startedAt, layout: { name: `us${BIDI}`, keys: { '30': [TITLE_CHANGE, CLIPBOARD_WRITE] } } });
    writeBatch(store, ID, {
      windows: [{ seq: 1, t: 0, app: HOSTILE.app, title: HOSTILE.title, x: 0, y: 0, width: 800, height: 600 }],
      events: [
        { seq: 1, t: 10, kind: 'key-down', windowSeq: 1, keycode: 30, mods: 0 },
        { seq: 2, t: 20, kind: 'key-up', windowSeq: 1, keycode: 30, mods: 0 },
      ],
      frames: [],
      at: startedAt + 1000,
    });
    applyAction(store, ID, 'stop', { actor: 'contributor', at: startedAt + 1000 });
    addFindings(store, ID, [{ source: 'title', detector: HOSTILE.detector, preview: HOSTILE.preview, location: { windowSeq: 1 } }], 'detector');
    appendAudit(store, { at: startedAt + 2000, actor: HOSTILE.actor, action: HOSTILE.action, sessionId: ID, detail: { note: CLIPBOARD_WRITE } });
    applyAction(store, ID, 'submit', { actor: 'contributor' });
    rejectSession(store, ID, HOSTILE.reason, { actor: HOSTILE.actor });
  } finally {
    store.close();
  }
});

describe('stored escape sequences reach the terminal inert', () => {
  for (const args of [['show', ID], ['show', ID, '--events'], ['sessions'], ['sessions', '--all']]) {
    it(`cairn ${args.join(' ')} prints them as visible escapes`, async () => {
      const r = await runCairn(args, env);
      expect(r.code).toBe(0);
      expect(r.stdout).not.toMatch(RAW);
      expect(r.stderr).not.toMatch(RAW);
      // What was there is still shown, as text a person can read.
      expect(r.stdout).toContain('XTerm\\u001b]0;pwned\\u0007');
      if (args[0] === 'show') {
        expect(r.stdout).toContain('\\u001b]52;c;cm0gLXJmIH4K\\u0007');
        expect(r.stdout).toContain('\\u009b2J');
        expect(r.stdout).toContain('\\u202eexe.txt\\u202c\\u2066');
        expect(r.stdout).toContain('\\u2028');
      }
    });
  }

  for (const args of [['show', ID, '--json'], ['sessions', '--json']]) {
    it(`cairn ${args.join(' ')} escapes them too, and parses back to what is stored`, async () => {
      const r = await runCairn(args, env);
      expect(r.code).toBe(0);
      // JSON.stringify leaves DEL, C1 controls, bidi controls and U+2028 raw: they must not pass.
      expect(r.stdout).not.toMatch(RAW);
      const parsed = JSON.parse(r.stdout);
      if (args[0] === 'sessions') {
        expect(parsed.sessions[0].apps).toEqual([HOSTILE.app]);
        return;
      }
      expect(parsed.windows[0]).toMatchObject({ app: HOSTILE.app, title: HOSTILE.title });
      expect(parsed.typedText[0].text).toBe(TITLE_CHANGE);
      expect(parsed.findings[0]).toMatchObject({ detector: HOSTILE.detector, preview: HOSTILE.preview });
      expect(parsed.review).toMatchObject({ reviewer: HOSTILE.actor, reason: HOSTILE.reason });
      expect(parsed.audit.map((a: { action: string }) => a.action)).toContain(HOSTILE.action);
    });
  }
});
