// Sessions in review states, written straight into a real store: a submitted session with every
// kind of content a bundle carries (binary frames, every event kind, a redaction, findings, audit
// rows), and approved ones for exports. State changes go through the one state machine.
import { createHash } from 'node:crypto';
import { addFindings, markWaived } from '../../src/store/findings-repo.ts';
import { createSeedSession } from './seed-session.ts';
import { openStore } from '../../src/store/open-store.ts';
import { applyAction } from '../../src/store/session-repo.ts';
import { type EventRow, type FrameRow, writeBatch } from '../../src/store/write-batch.ts';
import { webpOfAbout } from './webp.ts';

export interface ReviewSeed {
  id: string;
  events?: number;
  frames?: number;
  frameBytes?: number;
  title?: string;
  startedAt?: number;
  /** An open finding (blocks approval and export). */
  openFinding?: boolean;
}

const KINDS = ['key-down', 'key-up', 'mouse-down', 'mouse-up', 'mouse-move', 'wheel'] as const;

function eventAt(i: number): EventRow {
  const kind = KINDS[i % KINDS.length]!;
  const t = i * 7.25 + (i % 3) / 3; // non-integer times survive as REAL
  const windowSeq = 1 + (i % 2);
  if (kind === 'key-down' || kind === 'key-up') return { seq: i + 1, t, kind, windowSeq, keycode: 30 + (i % 20), mods: i % 16 };
  if (kind === 'wheel') return { seq: i + 1, t, kind, windowSeq, x: 100 + (i % 300), y: 200, rotation: i % 2 ? 1 : -1, axis: i % 4 ? 'vertical' : 'horizontal', mods: 0 };
  if (kind === 'mouse-move') return { seq: i + 1, t, kind, windowSeq, x: i % 800, y: (i * 3) % 600, mods: 0 };
  return { seq: i + 1, t, kind, windowSeq, x: 50 + (i % 700), y: 60 + (i % 500), button: 1 + (i % 3), clicks: 1 + (i % 2), mods: 0 };
}

/** A session in state submitted, with a consent receipt, content, a redaction and two findings
 *  (one waived; one open when asked). */
export function seedSubmitted(dataDir: string, o: ReviewSeed): void {
  const store = openStore(dataDir);
  try {
    const startedAt = o.startedAt ?? Date.now() - 3_600_000;
    createSeedSession(store, { id: o.id, startedAt, consentSha: 'c'.repeat(64), clockOrigin: 1234.5 });
    const frames: FrameRow[] = Array.from({ length: o.frames ?? 3 }, (_, i) => {
      // Real WebP images of random pixels, about frameBytes each, with their true size and sha256.
      const image = webpOfAbout(o.frameBytes ?? 2000);
      return {
        seq: i + 1,
        t: i * 1000.5,
        windowSeq: 1,
        reason: (['click', 'typing', 'focus', 'periodic'] as const)[i % 4]!,
        width: image.width,
        height: image.height,
        format: 'webp',
        sha256: createHash('sha256').update(image.bytes).digest('hex'),
        bytes: image.bytes,
      };
    });
    writeBatch(store, o.id, {
      windows: [
        { seq: 1, t: 0, app: 'XTerm', title: o.title ?? 'Terminal — ünïcode ✓', x: 0, y: 0, width: 800, height: 600 },
        { seq: 2, t: 500.25, app: 'XTerm', title: null, x: 10, y: 20, width: 640, height: 400 },
      ],
      events: Array.from({ length: o.events ?? 200 }, (_, i) => eventAt(i)),
      frames,
      dropped: { 'app-denied': 3, 'focus-stale': 1 },
      at: startedAt + 60_000,
    });
    applyAction(store, o.id, 'stop', { actor: 'contributor', at: startedAt + 60_000 });
    store.prepare('INSERT INTO redactions (session_id, kind, target, reason, actor, at) VALUES (?, ?, ?, ?, ?, ?)').run(o.id, 'box', '{"frameSeq":1}', 'a name', 'contributor', startedAt + 70_000);
    addFindings(
      store,
      o.id,
      [
        { source: 'text', detector: 'email', preview: 'j•••@e•••.com', location: { windowSeq: 1, fromSeq: 1, toSeq: 5 } },
        { source: 'frame', detector: 'card', preview: '•••• 4242', location: { frameSeq: 1, box: { x: 1, y: 2, width: 3, height: 4 } } },
      ],
      'detector',
      startedAt + 80_000,
    );
    const ids = store.prepare<[string], number>('SELECT id FROM findings WHERE session_id = ? ORDER BY id').pluck().all(o.id);
    markWaived(store, ids[0]!, 'a test address', startedAt + 85_000);
    if (!o.openFinding) markWaived(store, ids[1]!, 'a test card', startedAt + 86_000);
    applyAction(store, o.id, 'submit', { actor: 'contributor', at: startedAt + 90_000 });
  } finally {
    store.close();
  }
}

/** A submitted session, approved through the state machine. With `openFinding`, one finding stays
 *  open (as when a scan after approval finds something): such a session must not leave either. */
export function seedApproved(dataDir: string, o: ReviewSeed): void {
  seedSubmitted(dataDir, o);
  const store = openStore(dataDir);
  try {
    applyAction(store, o.id, 'approve', { actor: 'reviewer', at: (o.startedAt ?? Date.now() - 3_600_000) + 100_000 });
  } finally {
    store.close();
  }
}
