// "My data": everything Cairn stores about the person, in figures, with the whole audit log, and
// the consent as the API shows it.
import type { MethodOutput } from '../shared/contract.ts';
import type { ConsentText } from '../consent/consent-text.ts';
import { listAudit } from '../store/audit-log.ts';
import { activeAcceptance } from '../store/consent-repo.ts';
import { osKeyStore } from '../store/encryption/key-store.ts';
import { listExports } from '../store/export-records.ts';
import { freeDiskBytes, storeBytes, storedCounts } from '../store/storage-usage.ts';
import type { Store } from '../store/store.ts';

export function consentInfo(store: Store, text: ConsentText): MethodOutput<'consent.get'> {
  return { version: text.version, sha256: text.sha256, title: text.title, text: text.body, accepted: acceptedInfo(store, text) };
}

function acceptedInfo(store: Store, text: ConsentText): MethodOutput<'consent.get'>['accepted'] {
  const accepted = activeAcceptance(store);
  if (!accepted) return null;
  return { version: accepted.version, sha256: accepted.sha256, acceptedAt: accepted.acceptedAt, current: accepted.sha256 === text.sha256 };
}

export function myData(store: Store, dataDir: string, text: ConsentText): MethodOutput<'data.get'> {
  const counts = storedCounts(store);
  return {
    dataDir,
    sessions: counts.sessions,
    events: counts.events,
    frames: counts.frames,
    bytes: storeBytes(store),
    freeDiskBytes: freeDiskBytes(dataDir),
    encryption: { encrypted: store.key !== null, keyStore: store.key ? osKeyStore().name : null },
    exports: listExports(store),
    consent: acceptedInfo(store, text),
    tombstones: counts.tombstones,
    audit: listAudit(store),
  };
}
