// Sessions written straight into a real store (no recorder): for tests and figures of the hosts.
import os from 'node:os';
import { recordAcceptance } from '../../src/store/consent-repo.ts';
import { openStore } from '../../src/store/open-store.ts';
import { applyAction, createSession } from '../../src/store/session-repo.ts';
import { writeBatch, type EventRow, type FrameRow } from '../../src/store/write-batch.ts';
import type { KeyboardLayout } from '../../src/shared/keyboard-layout.ts';
import type { Store } from '../../src/store/store.ts';

export interface SeedOptions {
  id: string;
  /** Window title written into the session (a marker to look for on disk). */
  title?: string;
  events?: number;
  frames?: number;
  startedAt?: number;
}

export interface SeedSessionRow {
  id: string;
  startedAt: number;
  /** sha256 of the consent text the session's acceptance names. */
  consentSha?: string;
  clockOrigin?: number;
  layout?: KeyboardLayout;
}

/** A session row in state recording, under a consent acceptance of its own, as `cairn record` creates it. */
export function createSeedSession(store: Store, o: SeedSessionRow): void {
  const consent = recordAcceptance(store, { version: '1', sha256: o.consentSha ?? 'a'.repeat(64), at: o.startedAt - 1000 });
  createSession(store, {
    id: o.id,
    startedAt: o.startedAt,
    clockOrigin: o.clockOrigin ?? 0,
    layout: o.layout ?? { name: 'builtin:us', keys: { '30': ['a', 'A'] } },
    policies: [{ app: 'XTerm', allowed: true, keys: 'full', screens: 'on', titles: 'keep' }],
    consentId: consent.id,
    pid: process.pid,
    host: os.hostname(),
    actor: 'contributor',
  });
}

/** A finished (recorded) session with `events` key and move events and `frames` frames. */
export function seedRecordedSession(dataDir: string, o: SeedOptions): void {
  const store = openStore(dataDir);
  try {
    const startedAt = o.startedAt ?? Date.now() - 60_000;
    createSeedSession(store, { id: o.id, startedAt });
    const events: EventRow[] = Array.from({ length: o.events ?? 20 }, (_, i) =>
      i % 2 === 0
        ? { seq: i + 1, t: i * 5, kind: 'key-down', windowSeq: 1, keycode: 30, mods: 0 }
        : { seq: i + 1, t: i * 5, kind: 'mouse-move', windowSeq: 1, x: i % 800, y: i % 600, mods: 0 },
    );
    const frames: FrameRow[] = Array.from({ length: o.frames ?? 2 }, (_, i) => ({
      seq: i + 1,
      t: i * 100,
      windowSeq: 1,
      reason: 'click',
      width: 64,
      height: 48,
      format: 'webp',
      sha256: 'f'.repeat(64),
      bytes: Buffer.from(`RIFF-frame-${o.id}-${i}-`.repeat(40)),
    }));
    writeBatch(store, o.id, {
      windows: [{ seq: 1, t: 0, app: 'XTerm', title: o.title ?? 'Terminal', x: 0, y: 0, width: 800, height: 600 }],
      events,
      frames,
      at: startedAt + 10_000,
    });
    applyAction(store, o.id, 'stop', { actor: 'contributor', at: startedAt + 10_000 });
  } finally {
    store.close();
  }
}
