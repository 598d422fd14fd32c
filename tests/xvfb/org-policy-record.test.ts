// A real recording under Xvfb on a machine that runs under an organisation's policy: what the
// person allowed is recorded only as far as the policy allows it, on the bytes.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConsentText } from '../../src/consent/consent-text.ts';
import { generateSigningKey, readEd25519Key, signPolicy } from '../../src/consent/org-policy-signature.ts';
import type { OrgPolicy } from '../../src/core/org-policy.ts';
import { type CliResult, runCairn, startRecording } from '../helpers/cli.ts';
import { readyToRecord } from '../helpers/ready-to-record.ts';
import { filesContaining } from '../helpers/disk-bytes.ts';
import { keycodesOf, sleep } from '../helpers/typing.ts';
import { type Xterm, type XvfbDisplay, openXterm, startXvfb, xdotool, xvfbMissingReason } from '../helpers/xvfb.ts';

const missing = xvfbMissingReason();
if (missing) console.warn(`Skipping the organisation-policy recording test: ${missing}.`);

describe.skipIf(missing !== null)('recording under an organisation policy (Xvfb)', () => {
  let x: XvfbDisplay;
  const terms: Record<'full' | 'unlisted' | 'timing', Xterm | undefined> = { full: undefined, unlisted: undefined, timing: undefined };
  let dataDir: string;
  let env: NodeJS.ProcessEnv;

  const cli = async (args: string[]): Promise<CliResult> => {
    const result = await runCairn(args, env);
    if (result.code !== 0) throw new Error(`cairn ${args.join(' ')} failed: ${result.stderr}`);
    return result;
  };

  beforeAll(async () => {
    x = await startXvfb({ width: 1280, height: 800 });
    terms.full = await openXterm(x.env, { cls: 'OrgFullTerm', geometry: '60x12+0+0', title: 'ORGFULL-TITLE-71' });
    terms.unlisted = await openXterm(x.env, { cls: 'OrgUnlistedTerm', geometry: '60x12+0+300', title: 'ORGUNLISTED-TITLE-72' });
    terms.timing = await openXterm(x.env, { cls: 'OrgTimingTerm', geometry: '60x12+640+0', title: 'ORGTIMING-TITLE-73' });
    dataDir = mkdtempSync(join(tmpdir(), 'cairn-org-rec-'));
    env = { ...x.env, CAIRN_DATA_DIR: dataDir };
    // The person allows all three in full.
    readyToRecord(dataDir, ['OrgFullTerm', 'OrgUnlistedTerm', 'OrgTimingTerm'].map((app) => ({ app, screens: 'off' })));
    const policy: OrgPolicy = {
      format: 'cairn-org-policy',
      version: 1,
      organisation: 'Example Lab',
      issuedAt: '2026-12-01T09:00:00Z',
      apps: [
        { app: 'OrgFullTerm', keys: 'full', screens: 'on', titles: 'keep', sites: null },
        { app: 'OrgTimingTerm', keys: 'timing', screens: 'off', titles: 'off', sites: null },
      ],
      retentionDays: 30,
      consent: { version: loadConsentText().version, sha256: loadConsentText().sha256 },
      purposes: ['Training computer-use agents'],
    };
    const key = () => readEd25519Key(generateSigningKey().privateKeyPem, 'private', 'test key');
    const signed = signPolicy(signPolicy({ policy, signatures: [] }, 'admin', key()), 'council', key());
    const file = join(dataDir, '..', `${dataDir.split('/').at(-1)}-policy.json`);
    writeFileSync(file, JSON.stringify(signed));
    await cli(['org', 'install', file]);
  }, 60_000);

  afterAll(async () => {
    for (const t of Object.values(terms)) t?.kill();
    await x?.stop();
  });

  const focus = (term: Xterm) => xdotool(x.env, 'windowactivate', '--sync', term.windowId);
  const type = (text: string) => xdotool(x.env, 'type', '--delay', '15', text);

  it('keeps the listed app in full, drops the unlisted one, keeps only the timing of the limited one and not its title', async () => {
    const rec = await startRecording([], env);
    await sleep(500);
    for (const [term, marker] of [[terms.full!, 'kilo61full'], [terms.unlisted!, 'lima62unlisted'], [terms.timing!, 'mike63timing'], [terms.full!, 'november64full']] as const) {
      await focus(term);
      await sleep(150);
      await type(marker);
      await sleep(150);
    }
    await sleep(1000);
    const stopped = await rec.stop('SIGINT');
    expect(stopped.code, stopped.stderr).toBe(0);

    const show = JSON.parse((await cli(['show', rec.sessionId, '--json'])).stdout) as {
      policies: { app: string; keys: string; titles: string }[];
      typedText: { app: string; text: string }[];
      windows: { app: string; title: string | null }[];
      dropped: Record<string, number>;
    };
    // The session names the policies it was recorded under: the narrowed ones.
    expect(show.policies.map((p) => `${p.app}:${p.keys}:${p.titles}`).sort()).toEqual(['OrgFullTerm:full:keep', 'OrgTimingTerm:timing:off']);
    const text = show.typedText.map((t) => t.text).join('|');
    expect(text).toContain('kilo61full');
    expect(text).toContain('november64full');
    expect(show.dropped['app-denied']).toBeGreaterThan(0);
    expect(show.windows.some((w) => w.app === 'OrgTimingTerm')).toBe(true);
    expect(show.windows.every((w) => w.app !== 'OrgUnlistedTerm')).toBe(true);

    for (const needle of ['lima62unlisted', 'mike63timing', 'ORGUNLISTED-TITLE-72', 'ORGTIMING-TITLE-73']) {
      expect(filesContaining(dataDir, needle), needle).toEqual([]);
    }
    const db = new Database(join(dataDir, 'cairn.db'), { readonly: true });
    const keycodes = (db.prepare("SELECT keycode FROM events WHERE kind = 'key-down' ORDER BY session_id, seq").pluck().all() as (number | null)[]).join(',');
    db.close();
    expect(keycodes).toContain(keycodesOf('kilo61full').join(','));
    expect(keycodes).not.toContain(keycodesOf('lima62unlisted').join(','));
    expect(keycodes).not.toContain(keycodesOf('mike63timing').join(','));
  }, 90_000);
});
