// A store made ready to record, in the test's own process: the consent text accepted and apps
// allowed through the very functions `cairn consent accept` and `cairn apps allow` call
// (recordAcceptance, setAppPolicy), on the real SQLite file the recorder then opens. For tests
// whose subject is the recording, not these commands (tests/integration/cli-errors, app-policies
// and org-policy drive the commands themselves). Each `cairn` run cost ~0.3-0.45 s of CPU, and the
// suite set up ~150 stores that way (a census of one `vitest run`).
import { loadConsentText } from '../../src/consent/consent-text.ts';
import { loadDefaultPolicy } from '../../src/consent/default-policy.ts';
import { setAppPolicy } from '../../src/services/app-policies.ts';
import { recordAcceptance } from '../../src/store/consent-repo.ts';
import { openStore } from '../../src/store/open-store.ts';
import { ALLOWED_DEFAULTS, type KeysMode, type ScreensMode, type TitlesMode } from '../../src/shared/policy-modes.ts';

/** An app to allow, as `cairn apps allow APP [--screens …] [--keys …] [--titles …] [--site …]` would. */
export interface AppToAllow {
  app: string;
  screens?: ScreensMode;
  keys?: KeysMode;
  titles?: TitlesMode;
  sites?: string[];
}

/** Accepts the current consent text in the store at `dataDir` and allows each of `apps`. */
export function readyToRecord(dataDir: string, apps: readonly (string | AppToAllow)[]): void {
  const text = loadConsentText();
  const defaults = loadDefaultPolicy();
  const store = openStore(dataDir);
  try {
    recordAcceptance(store, { version: text.version, sha256: text.sha256, at: Date.now() });
    for (const entry of apps) {
      const a = typeof entry === 'string' ? { app: entry } : entry;
      setAppPolicy(
        store,
        { ...ALLOWED_DEFAULTS, ...a, allowed: true, confirmSensitive: 0, sites: a.sites ?? [] },
        { defaults },
      );
    }
  } finally {
    store.close();
  }
}

/** `readyToRecord` for the data folder `env` names (CAIRN_DATA_DIR), `app` (or each of `apps`)
 *  allowed with screens on or off. */
export function acceptAndAllow(env: NodeJS.ProcessEnv, app: string | string[], screens: ScreensMode = 'off'): void {
  const dataDir = env.CAIRN_DATA_DIR;
  if (!dataDir) throw new Error('acceptAndAllow needs CAIRN_DATA_DIR in the environment it is given');
  readyToRecord(dataDir, (Array.isArray(app) ? app : [app]).map((a) => ({ app: a, screens })));
}
