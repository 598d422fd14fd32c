// The browser host never holds its thread while an export of thousands of steps runs (it runs in
// a worker thread): measured with Node's own event-loop delay histogram over a real host and store;
// the figure is printed. (A scan's stall is measured on a real `cairn serve` in stop-on-signal.)
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HttpHost, startHttpHost } from '../../src/host/http-host.ts';
import { seedReviewSession } from '../helpers/seed-review.ts';

// Before exports left the thread this stall was over a second; a loaded 2-core machine stays well
// under this.
const MAX_STALL_MS = 400;
const APPROVED = 'a0000000-0000-4000-8000-00000000e100';
let host: HttpHost;

beforeAll(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'cairn-loop-'));
  await seedReviewSession(dataDir, { id: APPROVED, state: 'approved', otherEvents: 30_000, frames: 300, frameBytes: 60_000, findings: 'waived' });
  host = await startHttpHost({ dataDir });
}, 120_000);
afterAll(async () => {
  await host?.close();
});

async function longestStall(work: () => Promise<Response>): Promise<{ stallMs: number; tookMs: number; status: number }> {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  const began = Date.now();
  const response = await work();
  await response.text();
  histogram.disable();
  return { stallMs: Math.round(histogram.max / 1e6), tookMs: Date.now() - began, status: response.status };
}

const api = (method: string, input: unknown) =>
  fetch(`http://127.0.0.1:${host.port}/api/${method}`, { method: 'POST', headers: { authorization: `Bearer ${host.token}`, 'content-type': 'application/json' }, body: JSON.stringify(input) });

describe('the browser host keeps its event loop free', () => {
  it('while export.run writes 30,000 steps and 300 frames', async () => {
    const outDir = join(mkdtempSync(join(tmpdir(), 'cairn-loop-out-')), 'export');
    const r = await longestStall(() => api('export.run', { sessionIds: [APPROVED], format: 'cairn', outDir }));
    console.log(`export.run: ${r.tookMs} ms, longest event-loop stall ${r.stallMs} ms`);
    expect(r.status).toBe(200);
    expect(r.stallMs).toBeLessThan(MAX_STALL_MS);
  }, 120_000);
});
