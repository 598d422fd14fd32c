// Tampering with a real bundle the way an attacker with a hex editor would, but with every checksum
// made right again afterwards, so that only the edit itself is wrong and the import must see it.
import { createHash } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BundleRefused, DIGEST_NAME, HEADER_NAME } from '../../src/export/bundle/bundle-format.ts';
import { importBundle } from '../../src/export/bundle/import-bundle.ts';
import { packTar, type TarEntry, unpackTar } from '../../src/export/bundle/tar-container.ts';
import { openStore } from '../../src/store/open-store.ts';

export const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

/** The bundle re-packed after `edit` changed its header or its parts (a list: names may repeat),
 *  with bundle.json's part list, its digest and bundle.sha256 recomputed. */
export function repackBundle(bundle: Buffer, edit: (header: Record<string, unknown>, parts: TarEntry[]) => void): Buffer {
  const entries = unpackTar(bundle);
  const header = JSON.parse(entries[0]!.bytes.toString()) as Record<string, unknown>;
  const parts = entries.slice(1, -1).map((e) => ({ name: e.name, bytes: Buffer.from(e.bytes) }));
  edit(header, parts);
  header.parts = parts.map(({ name, bytes }) => ({ name, size: bytes.length, sha256: sha256(bytes) }));
  const headerBytes = Buffer.from(JSON.stringify(header));
  return Buffer.concat(packTar([{ name: HEADER_NAME, bytes: headerBytes }, ...parts, { name: DIGEST_NAME, bytes: Buffer.from(`${sha256(headerBytes)}  ${HEADER_NAME}\n`) }], 0));
}

type Row = Record<string, unknown>;
/** A session.json as parsed, open to any edit. */
export type SessionJson = Row & { frames: Row[]; findings: Row[] | null; audit: Row[] };

/** Changes the session.json of session `id` among `parts` in place. */
export function editSession(parts: TarEntry[], id: string, change: (session: SessionJson) => void): void {
  const part = parts.find((p) => p.name === `sessions/${id}/session.json`);
  if (!part) throw new Error(`no session ${id} in the bundle`);
  const session = JSON.parse(part.bytes.toString()) as SessionJson;
  change(session);
  part.bytes = Buffer.from(JSON.stringify(session));
}

/** The origin marker an import gives the claims of `bundle`: the sha256 of its bundle.json. */
export function bundleOrigin(bundle: Buffer): string {
  return `bundle:${sha256(unpackTar(bundle)[0]!.bytes)}`;
}

/** Imports `bytes` (written as a file in `scratchDir`) into the store in `dataDir` and answers the
 *  refusal's message; throws when the bundle is imported or fails otherwise. */
export async function importRefusal(bytes: Buffer, dataDir: string, scratchDir: string): Promise<string> {
  const file = join(scratchDir, 'probe.cairnbundle');
  writeFileSync(file, bytes);
  const store = openStore(dataDir);
  try {
    await importBundle(store, file, { actor: 'reviewer' });
  } catch (error) {
    if (error instanceof BundleRefused) return error.message;
    throw error;
  } finally {
    store.close();
    rmSync(file, { force: true });
  }
  throw new Error('the bundle was imported');
}
