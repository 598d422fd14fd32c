// `cairn remote add` and the desktop app's "Connect" alike: the token is checked by asking the
// service who it is, and only then written to <data dir>/remote.json. The same service and person
// again keep what was submitted from here, so `sync` still knows what to erase there.
import fs from 'node:fs';
import path from 'node:path';
import { Me, ROUTES } from './api-schemas.ts';
import { RemoteClient } from './remote-client.ts';
import { readRemoteConfig, REMOTE_FILE, type RemoteConfig, writeRemoteConfig } from './remote-config.ts';

export async function connectRemote(dataDir: string, url: string, token: string): Promise<RemoteConfig> {
  const client = new RemoteClient(url, token);
  const me = await client.json(ROUTES.me, Me);
  let kept: Partial<RemoteConfig> = {};
  try {
    const before = readRemoteConfig(dataDir);
    if (before.url === client.url && before.name === me.name) kept = before;
  } catch {
    // None yet, or damaged: start afresh.
  }
  const config: RemoteConfig = { pending: [], submitted: {}, erased: [], ...kept, url: client.url, token, name: me.name, role: me.role };
  writeRemoteConfig(dataDir, config);
  return config;
}

/** This data folder's service, or null when `remote add` was never run here (a damaged file is
 *  refused with readRemoteConfig's own sentence). */
export function remoteConfigOrNull(dataDir: string): RemoteConfig | null {
  return fs.existsSync(path.join(dataDir, REMOTE_FILE)) ? readRemoteConfig(dataDir) : null;
}
