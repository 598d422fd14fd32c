import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addFindings, markWaived, listFindings } from '../../src/store/findings-repo.ts';
import { openStore } from '../../src/store/open-store.ts';
import { listSessions } from '../../src/store/session-list.ts';
import { seedReviewSession } from '../helpers/seed-review.ts';

describe('the session list', () => {
  it('counts the open findings that keep an approved session from being exported', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cairn-list-'));
    const id = '0c0c0c0c-1111-4a4a-8b8b-000000000001';
    await seedReviewSession(dataDir, { id, state: 'approved', findings: 'waived' });
    const store = openStore(dataDir);
    try {
      expect(listSessions(store).find((s) => s.id === id)?.openFindings).toBe(0);
      addFindings(store, id, [{ source: 'frame', detector: 'email', preview: 'j•••@e•••.com', location: { frameSeq: 1, box: { x: 1, y: 2, width: 30, height: 10 } } }], 'system');
      expect(listSessions(store).find((s) => s.id === id)?.openFindings).toBe(1);
      markWaived(store, listFindings(store, id, 'open')[0]!.id, 'a test address', Date.now());
      expect(listSessions(store).find((s) => s.id === id)?.openFindings).toBe(0);
    } finally {
      store.close();
    }
  });
});
