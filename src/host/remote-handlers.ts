// The team-service methods of the API: what `cairn remote add | submit | sync | access-log` do,
// offered by the desktop app and `cairn serve` to a contributor (src/remote does the work, for the
// CLI too). The token stays in <data dir>/remote.json; the UI never receives it back.
import * as z from 'zod';
import { AccessEntry, ROUTES } from '../remote/api-schemas.ts';
import { connectRemote, remoteConfigOrNull } from '../remote/connect-remote.ts';
import { RemoteClient } from '../remote/remote-client.ts';
import { readRemoteConfig, type RemoteConfig } from '../remote/remote-config.ts';
import { submitSessions } from '../remote/submit-sessions.ts';
import { erasuresOf, syncWithdrawals } from '../remote/sync-withdrawals.ts';
import { takeNewerPolicy } from '../remote/take-newer-policy.ts';
import type { MethodOutput } from '../shared/contract.ts';
import { listSessions } from '../store/session-list.ts';
import type { Store } from '../store/store.ts';
import type { Handlers } from './invoke.ts';

type RemoteMethod = Extract<keyof Handlers, `remote.${string}`>;

export function remoteHandlers(store: Store, dataDir: string): Pick<Handlers, RemoteMethod> {
  const withStore = async <T>(fn: (s: Store) => T): Promise<T> => fn(store);
  const clientOf = (config: RemoteConfig) => new RemoteClient(config.url, config.token);
  const status = (): MethodOutput<'remote.status'> => teamLink(store, remoteConfigOrNull(dataDir));
  return {
    'remote.status': status,
    'remote.connect': async ({ url, token }) => {
      await connectRemote(dataDir, url, token);
      return status();
    },
    'remote.submit': async ({ sessionIds }) => {
      const config = readRemoteConfig(dataDir);
      return submitSessions({ dataDir, config, client: clientOf(config), withStore, sessions: sessionIds });
    },
    'remote.sync': async () => {
      const config = readRemoteConfig(dataDir);
      const client = clientOf(config);
      const result = await syncWithdrawals({ dataDir, config, client, erasures: erasuresOf(store, config) });
      // Erasures first: a policy that cannot be taken must not hold back a withdrawal.
      const policy = await takeNewerPolicy(client, withStore);
      return { erased: result.erased, alreadyErased: result.alreadyErased, policy };
    },
    'remote.accessLog': async ({ id }) => {
      const config = readRemoteConfig(dataDir);
      return clientOf(config).json(ROUTES.accessLog(id), z.array(AccessEntry));
    },
  };
}

function teamLink(store: Store, config: RemoteConfig | null): MethodOutput<'remote.status'> {
  const submittedHere = listSessions(store).filter((s) => s.state === 'submitted');
  if (!config) return { connected: false, url: null, name: null, role: null, sent: [], unsent: submittedHere.map((s) => s.id), erasuresWaiting: 0 };
  const sent = Object.entries(config.submitted).map(([id, s]) => ({ id, at: s.at, erasedThere: config.erased.includes(id) }));
  return {
    connected: true,
    url: config.url,
    name: config.name,
    role: config.role,
    sent: sent.sort((a, b) => b.at - a.at),
    unsent: submittedHere.filter((s) => !(s.id in config.submitted)).map((s) => s.id),
    erasuresWaiting: erasuresOf(store, config).length,
  };
}
