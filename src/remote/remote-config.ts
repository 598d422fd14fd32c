// What a data folder knows of its team service, in <data dir>/remote.json (0600: it holds the
// token): the server's URL and token, who that is, the uploads in progress (to resume them), and
// each session submitted from here with what it held then, so `remote sync` can tell what was
// deleted, forgotten or withdrawn since.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import * as z from 'zod';
import { DomainError } from '../core/domain-error.ts';
import { makePrivateDir, PRIVATE_FILE_MODE } from '../store/private-files.ts';
import { Role } from '../shared/team-review-api.ts';
import { RemoteClient } from './remote-client.ts';

export const REMOTE_FILE = 'remote.json';

const RemoteConfig = z.object({
  url: z.string(),
  token: z.string(),
  name: z.string(),
  role: Role,
  pending: z.array(z.object({ sessions: z.array(z.string()), file: z.string(), size: z.number(), sha256: z.string() })).default([]),
  submitted: z.record(z.string(), z.object({ events: z.number(), frames: z.number(), at: z.number() })).default({}),
  /** Sessions whose erasure the server confirmed. */
  erased: z.array(z.string()).default([]),
});
export type RemoteConfig = z.infer<typeof RemoteConfig>;

export function readRemoteConfig(dataDir: string): RemoteConfig {
  const file = path.join(dataDir, REMOTE_FILE);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new DomainError('invalid-input', 'This data folder has no team service yet: run `cairn remote add URL --token-file FILE` first.');
    throw error;
  }
  let parsed;
  try {
    parsed = RemoteConfig.safeParse(JSON.parse(text));
  } catch {
    parsed = null;
  }
  if (!parsed?.success) throw new DomainError('invalid-input', `${file} is damaged; run \`cairn remote add URL --token-file FILE\` again.`);
  return parsed.data;
}

/** Written whole or not at all, readable by the person alone. */
export function writeRemoteConfig(dataDir: string, config: RemoteConfig): void {
  makePrivateDir(dataDir);
  const file = path.join(dataDir, REMOTE_FILE);
  const temp = `${file}.${randomBytes(6).toString('hex')}.partial`;
  fs.writeFileSync(temp, `${JSON.stringify(config, null, 1)}\n`, { mode: PRIVATE_FILE_MODE, flag: 'wx' });
  fs.renameSync(temp, file);
}

/** The client of this data folder's service, as `remote add` set it up. */
export function remoteClientOf(dataDir: string): RemoteClient {
  const config = readRemoteConfig(dataDir);
  return new RemoteClient(config.url, config.token);
}
