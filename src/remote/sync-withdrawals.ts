// `cairn remote sync`: tells the team service what the contributor erased on this machine since
// submitting. A session deleted here is erased there as `deleted`; after `consent withdraw` every
// session is, as `withdrawn`; a session `forget` emptied, or cut into (it holds fewer events or
// frames than it had when submitted), is erased there whole as `forgotten`, since the server's copy
// still holds what was forgotten here. Sessions the server confirmed are not sent again.
import { activeAcceptance } from '../store/consent-repo.ts';
import { tombstoneReason } from '../store/erase.ts';
import { listSessions } from '../store/session-list.ts';
import type { Store } from '../store/store.ts';
import { type EraseReason, ROUTES, SyncResult } from './api-schemas.ts';
import type { RemoteClient } from './remote-client.ts';
import { type RemoteConfig, writeRemoteConfig } from './remote-config.ts';

/** What to erase on the server, judged from the local store. */
export function erasuresOf(store: Store, config: RemoteConfig): { id: string; reason: EraseReason }[] {
  const withdrawn = activeAcceptance(store) === undefined;
  const here = new Map(listSessions(store).map((s) => [s.id, s]));
  const out: { id: string; reason: EraseReason }[] = [];
  for (const [id, sent] of Object.entries(config.submitted)) {
    if (config.erased.includes(id)) continue;
    const now = here.get(id);
    if (now) {
      if (now.eventCount < sent.events || now.frameCount < sent.frames) out.push({ id, reason: 'forgotten' });
      continue;
    }
    // Not listed: erased here (its tombstone says why), or never here (submitted from a copy of this folder).
    const why = tombstoneReason(store, id);
    if (why) out.push({ id, reason: withdrawn ? 'withdrawn' : why });
  }
  return out;
}

export async function syncWithdrawals(o: { dataDir: string; config: RemoteConfig; client: RemoteClient; erasures: { id: string; reason: EraseReason }[] }): Promise<SyncResult> {
  if (o.erasures.length === 0) return { erased: [], alreadyErased: [] };
  const result = await o.client.json(ROUTES.sync, SyncResult, { json: { erase: o.erasures } });
  o.config.erased = [...new Set([...o.config.erased, ...result.erased.map((e) => e.id), ...result.alreadyErased])];
  writeRemoteConfig(o.dataDir, o.config);
  return result;
}
