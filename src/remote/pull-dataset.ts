// `cairn remote pull`: a researcher's dataset of approved sessions, written by the same writers as
// `cairn export` (every format, its manifest with provenance and tombstones). Each session arrives as
// a bundle and is verified as `bundle import` verifies one before anything of it is written; a
// failure takes back what was written. A folder that already holds a dataset is not written to:
// the command says which of its sessions were withdrawn since, so they can be purged.
import fs from 'node:fs';
import path from 'node:path';
import { deriveActions } from '../export/actions/derive-actions.ts';
import { verifyBundleBytes } from '../export/bundle/import-bundle.ts';
import type { VerifiedSession } from '../export/bundle/verify-bundle.ts';
import type { ExportSession } from '../export/export-session.ts';
import { checkOutDir, prepareOutDir, undoOutDir } from '../export/out-dir.ts';
import { type ExportFormat, type ExportItem, writerFor } from '../export/writers/index.ts';
import type { AppPolicy } from '../core/app-policy.ts';
import type { EventRow } from '../core/stored-rows.ts';
import type { KeyboardLayout } from '../shared/keyboard-layout.ts';
import { Pull, ROUTES, Withdrawn } from './api-schemas.ts';
import type { RemoteClient } from './remote-client.ts';

export type PullOutcome =
  | { kind: 'pulled'; outDir: string; pull: number; sessions: string[]; steps: number; files: number; tombstones: number }
  | { kind: 'checked'; outDir: string; sessions: string[]; withdrawn: Withdrawn['withdrawn'] };

export async function pullDataset(o: { client: RemoteClient; outDir: string; dataDir: string; format: ExportFormat; sessions?: string[] }): Promise<PullOutcome> {
  const earlier = datasetIn(o.outDir);
  if (earlier) {
    const { withdrawn } = await o.client.json(ROUTES.withdrawn, Withdrawn, { json: { sessions: earlier } });
    return { kind: 'checked', outDir: o.outDir, sessions: earlier, withdrawn };
  }
  const dir = checkOutDir(o.outDir, o.dataDir);
  const pull = await o.client.json(ROUTES.pulls, Pull, { json: { format: o.format, destination: dir, sessions: o.sessions } });
  const prepared = prepareOutDir(dir);
  try {
    const items: ExportItem[] = [];
    for (const s of pull.sessions) {
      const bytes = await o.client.bytes(ROUTES.pulledBundle(pull.id, s.id));
      const bundle = await verifyBundleBytes(bytes, `Session ${s.id} as the server sent it`);
      const session = exportSessionOf(bundle.sessions[0]!, { reviewer: s.reviewer, approvedAt: s.approvedAt });
      items.push({ session, actions: deriveActions(session) });
    }
    const wrote = await writerFor(o.format, { tombstones: pull.tombstones }).writeMany(items, dir);
    return { kind: 'pulled', outDir: dir, pull: pull.id, sessions: items.map((i) => i.session.id), steps: wrote.steps, files: wrote.files.length, tombstones: pull.tombstones.length };
  } catch (error) {
    undoOutDir(prepared);
    throw error;
  }
}

/** The session ids of the dataset (an export's manifest.json) in `dir`, or null when it holds none. */
function datasetIn(dir: string): string[] | null {
  try {
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as { format?: unknown; sessionIds?: unknown };
    if (manifest.format === 'cairn-export' && Array.isArray(manifest.sessionIds)) return manifest.sessionIds.filter((id): id is string => typeof id === 'string');
  } catch {
    // No manifest, or not one of Cairn's: an ordinary output folder.
  }
  return null;
}

/** The export read model of a verified bundle's session, approved on the server by `review.reviewer`. */
export function exportSessionOf(s: VerifiedSession, review: { reviewer: string; approvedAt: number }): ExportSession {
  const p = s.part;
  const events: EventRow[] = s.events.map(([seq, t, kind, windowSeq, x, y, button, clicks, keycode, mods, rotation, axis]) => ({ seq, t, kind, windowSeq, x, y, button, clicks, keycode, mods, rotation, axis }));
  return {
    id: p.id,
    state: 'approved',
    startedAt: p.startedAt,
    endedAt: p.endedAt,
    task: null,
    layout: JSON.parse(p.layoutJson) as KeyboardLayout,
    policies: JSON.parse(p.policiesJson) as AppPolicy[],
    consent: p.consent,
    review,
    windows: p.windows,
    events,
    elements: p.elements,
    frames: p.frames.map(({ part: _part, ...f }) => ({ ...f, size: s.frames.get(f.seq)!.length })),
    frameBytes: (seq) => {
      const bytes = s.frames.get(seq);
      if (!bytes) throw new Error(`Frame ${seq} of session ${p.id} is not in what the server sent.`);
      return bytes;
    },
  };
}
