// The data folder the API fuzzers aim at: one approved and one submitted session, an allowed app,
// and beside it the places an export path may try to reach (a symlink into the data folder, a
// folder that is not empty, a symlink to it, a dangling symlink).
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../src/store/open-store.ts';
import { setPolicy } from '../../src/store/policy-repo.ts';
import type { Store } from '../../src/store/store.ts';
import type { OutDirPlaces } from './fuzz-payloads.ts';
import { seedReviewSession } from './seed-review.ts';

export const APPROVED = 'aaaaaaaa-0000-4000-8000-000000000001';
export const SUBMITTED = 'bbbbbbbb-0000-4000-8000-000000000002';

export interface FuzzTarget {
  dataDir: string;
  places: OutDirPlaces;
  remove(): void;
}

/** `seed` adds to the store what one fuzzer needs beyond the common sessions and policy. */
export async function prepareFuzzTarget(name: string, seed?: (store: Store) => void): Promise<FuzzTarget> {
  const root = mkdtempSync(join(tmpdir(), `cairn-${name}-`));
  const dataDir = join(root, 'data');
  await seedReviewSession(dataDir, { id: APPROVED, state: 'approved', otherEvents: 40, findings: 'waived' });
  await seedReviewSession(dataDir, { id: SUBMITTED, state: 'submitted', otherEvents: 40, findings: 'waived' });
  const store = openStore(dataDir);
  setPolicy(store, { app: 'XTerm', allowed: true, keys: 'full', screens: 'on', titles: 'keep' }, { actor: 'contributor', sensitiveConfirmed: false });
  seed?.(store);
  store.close();
  const places = { dataDir, linkToData: join(root, 'link-to-data'), linkToFull: join(root, 'link-to-full'), dangling: join(root, 'dangling'), fullDir: join(root, 'full') };
  mkdirSync(places.fullDir);
  writeFileSync(join(places.fullDir, 'keep.txt'), 'keep');
  symlinkSync(dataDir, places.linkToData);
  symlinkSync(places.fullDir, places.linkToFull);
  symlinkSync(join(dataDir, 'not-yet'), places.dangling);
  return { dataDir, places, remove: () => rmSync(root, { recursive: true, force: true }) };
}
