// `sessions.changed` from the service itself, as both hosts receive it (its onEvent): once after each
// stored change of a session's state, naming the session, and never for reads or refused steps.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type CairnService, createCairnService } from '../../src/host/cairn-service.ts';
import { invoke } from '../../src/host/invoke.ts';
import { seedReviewSession } from '../helpers/seed-review.ts';

const A = '5e5e0000-0000-4000-8000-00000000000a';
const B = '5e5e0000-0000-4000-8000-00000000000b';
let service: CairnService | undefined;
let dataDir: string | undefined;
afterEach(async () => {
  await service?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('the service announces sessions.changed', () => {
  it('after a rejection, a deletion and a forget, and not after reads or a refused approval', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'cairn-session-events-'));
    await seedReviewSession(dataDir, { id: A, state: 'submitted' });
    await seedReviewSession(dataDir, { id: B, state: 'submitted' });
    const heard: [string, unknown][] = [];
    const s = createCairnService({ dataDir, onEvent: (name, payload) => heard.push([name, payload]) });
    service = s;
    const call = async (method: string, input: unknown = {}) => (await invoke(s.handlers, method, input)).ok;
    const changes = () => heard.filter(([name]) => name === 'sessions.changed').map(([, payload]) => payload);

    expect(await call('sessions.list')).toBe(true);
    expect(await call('sessions.get', { id: A })).toBe(true);
    expect(await call('review.queue')).toBe(true);
    // B's typed secret has no finding yet: the rescan before approval finds it and refuses.
    expect(await call('review.approve', { id: B })).toBe(false);
    expect(changes()).toEqual([]);

    expect(await call('review.reject', { id: A, reason: 'Cut the key.' })).toBe(true);
    expect(changes()).toEqual([{ id: A }]);
    expect(await call('sessions.delete', { id: B })).toBe(true);
    expect(await call('data.forget', { minutes: 5 })).toBe(true);
    expect(changes()).toEqual([{ id: A }, { id: B }, { id: null }]);
  }, 60_000);
});
