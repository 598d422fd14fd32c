// Hostile input through the IPC wrapper, `handleApiCall`, over a real Cairn service and store:
// 10,000 malformed calls from Cairn's own (trusted) frame, with values JSON cannot carry too, plus
// valid destructive calls from untrusted senders. Every call is refused with a 4xx-class code and
// one sentence, the wrapper never throws, prototypes stay clean and the store is unchanged.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpStatusOf } from '../../src/shared/api-error-codec.ts';
import { type ApiCallEvent, handleApiCall, type SenderFrame } from '../../src/electron/ipc.ts';
import { type CairnService, createCairnService } from '../../src/host/cairn-service.ts';
import { hostileOutDirs, malformedCall, prototypePolluted, sentenceProblem } from '../helpers/fuzz-payloads.ts';
import { APPROVED, type FuzzTarget, prepareFuzzTarget, SUBMITTED } from '../helpers/fuzz-target.ts';
import { storeDigest } from '../helpers/store-digest.ts';

const SEED = Number(process.env.FUZZ_SEED ?? 20260611);
const OWN = 7;
const isOwn = (id: number) => id === OWN;

let target: FuzzTarget;
let dataDir: string;
let service: CairnService;

const frame = (url: string, extra: Partial<SenderFrame> = {}): SenderFrame => ({ url, parent: null, processId: 4, routingId: 1, ...extra });
function event(o: { url?: string; senderFrame?: SenderFrame | null; webContentsId?: number } = {}): ApiCallEvent {
  const top = frame(o.url ?? 'cairn://app/index.html');
  return { senderFrame: o.senderFrame === undefined ? top : o.senderFrame, sender: { id: o.webContentsId ?? OWN, mainFrame: top } };
}
const trusted = event();
const untrusted: ApiCallEvent[] = [
  event({ senderFrame: null }),
  event({ url: 'https://evil.example/' }),
  event({ url: 'file:///tmp/evil.html' }),
  event({ url: 'cairn://app.evil/index.html' }),
  event({ webContentsId: 99 }),
  event({ senderFrame: frame('cairn://app/index.html', { parent: {}, routingId: 2 }) }),
  event({ senderFrame: { get url(): string { throw new Error('Render frame was disposed'); }, parent: null, processId: 4, routingId: 1 } }),
];

beforeAll(async () => {
  target = await prepareFuzzTarget('fuzz-ipc');
  ({ dataDir } = target);
  service = createCairnService({ dataDir });
});

afterAll(async () => {
  await service?.close();
  target?.remove();
});

describe('the IPC wrapper under hostile input', () => {
  it('refuses 10,000 malformed calls and every untrusted sender with a 4xx-class code and one sentence, changing nothing', { timeout: 120_000 }, async () => {
    const before = storeDigest(dataDir);
    const sample = <T>(arb: fc.Arbitrary<T>, n: number) => fc.sample(arb, { numRuns: n, seed: SEED });
    const calls: Array<{ label: string; event: ApiCallEvent; method: unknown; input: unknown }> = [];
    for (const c of sample(malformedCall(true), 10_000)) calls.push({ ...c, label: c.label.split(' ')[0]!, event: trusted });
    const { places } = target;
    for (const outDir of sample(hostileOutDirs(places), 500)) calls.push({ label: 'export-path', event: trusted, method: 'export.run', input: { sessionIds: [APPROVED], format: 'cairn', outDir } });
    const destructive: Array<[string, unknown]> = [['consent.withdraw', {}], ['sessions.delete', { id: APPROVED }], ['data.forget', { minutes: 60 * 24 * 365 }], ['settings.set', { retentionDays: 1 }], ['review.reject', { id: SUBMITTED, reason: 'x' }]];
    for (const [[method, input], e] of sample(fc.tuple(fc.constantFrom(...destructive), fc.constantFrom(...untrusted)), 500)) calls.push({ label: 'untrusted-sender', event: e, method, input });

    const codes = new Map<string, number>();
    const problems: string[] = [];
    const started = Date.now();
    for (const c of calls) {
      const show = `${c.label} ${typeof c.method === 'string' ? c.method.slice(0, 40) : typeof c.method} ${(() => { try { return JSON.stringify(c.input, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v))?.slice(0, 100); } catch { return '(not JSON)'; } })()}`;
      let reply;
      try {
        reply = await handleApiCall(service.handlers, c.event, c.method, c.input, isOwn);
      } catch (error) {
        problems.push(`${show}: threw ${(error as Error).message}`);
        continue;
      }
      if (reply.ok) {
        problems.push(`${show}: was accepted`);
        continue;
      }
      codes.set(reply.error.code, (codes.get(reply.error.code) ?? 0) + 1);
      const status = httpStatusOf(reply.error.code);
      if (!(status >= 400 && status <= 499)) problems.push(`${show}: code ${reply.error.code}: ${reply.error.message.slice(0, 200)}`);
      const bad = sentenceProblem(reply.error.message, show);
      if (bad) problems.push(`${show}: message ${bad}: ${reply.error.message.slice(0, 200)}`);
    }
    const seconds = (Date.now() - started) / 1000;
    console.log(`fuzz-ipc: ${calls.length} calls in ${seconds.toFixed(1)} s (seed ${SEED}); by code ${JSON.stringify(Object.fromEntries(codes))}`);

    expect(problems.slice(0, 20)).toEqual([]);
    expect(calls.length).toBeGreaterThanOrEqual(10_000);
    const alive = await handleApiCall(service.handlers, trusted, 'sessions.list', {}, isOwn);
    expect(alive.ok && (alive.result as Array<{ id: string }>).map((s) => s.id).sort()).toEqual([APPROVED, SUBMITTED]);
    expect(prototypePolluted()).toBe(false);
    expect(storeDigest(dataDir)).toBe(before);
  });
});
