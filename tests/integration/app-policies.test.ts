// The sensitive-app rule and a browser's sites are one rule whichever front end asks: the same steps through `cairn apps`
// (a real child process) and through the host's `apps.set` (the one wrapper both hosts use) give the
// same answer, store the same policy rows and write the same audit rows, each in its own real store.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type CairnService, createCairnService } from '../../src/host/cairn-service.ts';
import { invoke } from '../../src/host/invoke.ts';
import { listAudit } from '../../src/store/audit-log.ts';
import { openStore } from '../../src/store/open-store.ts';
import { listPolicies } from '../../src/store/policy-repo.ts';
import { runCairn } from '../helpers/cli.ts';

interface Step {
  label: string;
  cli: string[];
  api: Record<string, unknown>;
}

/** A sensitive app confirmed 0, 1 and 2 times, then denied; a name of blanks; a plain app allowed. */
const STEPS: Step[] = [
  { label: 'sensitive, no confirmation', cli: ['allow', 'KeePassXC'], api: { app: 'KeePassXC', allowed: true } },
  { label: 'sensitive, confirmed once', cli: ['allow', 'KeePassXC', '--confirm-sensitive'], api: { app: 'KeePassXC', allowed: true, confirmSensitive: 1 } },
  {
    label: 'sensitive, confirmed twice',
    cli: ['allow', 'KeePassXC', '--keys', 'timing', '--confirm-sensitive', '--confirm-sensitive'],
    api: { app: 'KeePassXC', allowed: true, keys: 'timing', confirmSensitive: 2 },
  },
  { label: 'sensitive, denied again', cli: ['deny', ' keepassxc '], api: { app: ' keepassxc ', allowed: false } },
  { label: 'a name of blanks', cli: ['allow', '   '], api: { app: '   ', allowed: true } },
  { label: 'a plain app', cli: ['allow', 'XTerm', '--screens', 'off'], api: { app: 'XTerm', allowed: true, screens: 'off' } },
  { label: 'a browser on two sites', cli: ['allow', 'Chromium', '--site', 'Mail.Example.com', '--site', 'http://127.0.0.1:8001/'], api: { app: 'Chromium', allowed: true, sites: ['Mail.Example.com', 'http://127.0.0.1:8001/'] } },
  { label: 'a site with a path', cli: ['allow', 'Chromium', '--site', 'mail.example.com/inbox'], api: { app: 'Chromium', allowed: true, sites: ['mail.example.com/inbox'] } },
  { label: 'a site for an app that is no browser', cli: ['allow', 'XTerm', '--site', 'example.com'], api: { app: 'XTerm', allowed: true, sites: ['example.com'] } },
];

/** What a step answered (ok or an error code, with the refusal's sentence up to the front end's
 *  own hint) and what the store holds after it. */
interface Answer {
  outcome: string;
  sentence: string | null;
  policies: unknown[];
  audit: unknown[];
}

const EXIT_CODES: Record<number, string> = { 0: 'ok', 1: 'refused', 2: 'invalid-input' };
const sentenceOf = (message: string) => message.replace(/^cairn: /, '').trim().split(/: repeat the command|\.$/)[0]!;

function stored(dataDir: string): Pick<Answer, 'policies' | 'audit'> {
  const store = openStore(dataDir);
  try {
    return {
      policies: listPolicies(store).map(({ updatedAt: _at, ...p }) => p),
      audit: listAudit(store)
        .filter((a) => a.action.startsWith('policy.'))
        .map((a) => ({ action: a.action, actor: a.actor, detail: a.detail })),
    };
  } finally {
    store.close();
  }
}

describe('the app-policy rule through both front ends', () => {
  const cliDir = mkdtempSync(join(tmpdir(), 'cairn-apps-cli-'));
  const hostDir = mkdtempSync(join(tmpdir(), 'cairn-apps-host-'));
  let service: CairnService | undefined;
  afterAll(async () => service?.close());

  it('gives the same answer, rows and audit for a sensitive app confirmed 0, 1, 2 times, denied, and for bad names', { timeout: 120_000 }, async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, CAIRN_DATA_DIR: cliDir };
    delete env.DISPLAY;
    const cli: Answer[] = [];
    for (const step of STEPS) {
      const r = await runCairn(['apps', ...step.cli], env);
      cli.push({ outcome: EXIT_CODES[r.code ?? -1] ?? `exit ${r.code}`, sentence: r.code === 0 ? null : sentenceOf(r.stderr), ...stored(cliDir) });
    }

    service = createCairnService({ dataDir: hostDir });
    const host: Answer[] = [];
    for (const step of STEPS) {
      const r = await invoke(service.handlers, 'apps.set', step.api);
      host.push({ outcome: r.ok ? 'ok' : r.error.code, sentence: r.ok ? null : sentenceOf(r.error.message), ...stored(hostDir) });
    }

    // The blank name is refused by the contract's schema on the host and by the service in the CLI:
    // the same code, in words of each.
    const [blankCli, blankHost] = [cli[4]!, host[4]!];
    expect({ ...blankCli, sentence: null }).toEqual({ ...blankHost, sentence: null });
    cli.splice(4, 1);
    host.splice(4, 1);
    expect(cli).toEqual(host);

    expect(host.map((a) => a.outcome)).toEqual(['refused', 'refused', 'ok', 'ok', 'ok', 'ok', 'invalid-input', 'invalid-input']);
    expect(host[0]!.sentence).toBe('KeePassXC is a sensitive app (password manager) and stays denied unless you confirm twice');
    expect(host[0]!.policies).toEqual([]);
    expect(host[2]!.policies).toEqual([{ app: 'KeePassXC', allowed: true, keys: 'timing', screens: 'on', titles: 'keep', sites: null, sensitiveConfirmed: true }]);
    expect(host[3]!.policies).toEqual([{ app: 'KeePassXC', allowed: false, keys: 'off', screens: 'off', titles: 'off', sites: null, sensitiveConfirmed: false }]);
    expect(host[3]!.audit.at(-1)).toEqual({
      action: 'policy.deny',
      actor: 'contributor',
      detail: { app: 'keepassxc', keys: 'off', screens: 'off', titles: 'off', sites: null, sensitiveConfirmed: false },
    });
    expect(host[5]!.policies[0]).toMatchObject({ app: 'Chromium', sites: ['http://127.0.0.1:8001', 'mail.example.com'] });
    expect(host[6]!.sentence).toMatch(/^The site "mail.example.com\/inbox" is not an origin/);
    expect(host[7]!.sentence).toMatch(/^XTerm is not a browser Cairn knows/);
    expect(host[7]!.policies).toEqual(host[5]!.policies);
    expect(blankHost.outcome).toBe('invalid-input');
    expect(blankHost.policies).toEqual(host[3]!.policies);
  });
});
