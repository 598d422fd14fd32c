// Events per second through the recorder's real ingest path (consent gate -> coalescer -> a batch
// every 100 ms of event time -> StoreWriter worker -> SQLite file), end to end until flush()
// resolves, against raw better-sqlite3 inserts of the same input events into the same events table.
// Prints figures; asserts nothing.
// Run: node --import tsx bench/ingest.bench.ts        (CAIRN_BENCH_EVENTS=N to change the size)
import os from 'node:os';
import { Coalescer, type EventRow, type WindowRow } from '../src/core/coalescer.ts';
import { ConsentGate, type DropCounts } from '../src/core/consent-gate.ts';
import { FocusTimeline } from '../src/core/focus-timeline.ts';
import { WindowJudge } from '../src/core/window-decision.ts';
import { StoreWriter } from '../src/store/store-writer.ts';
import { SESSION_ID, freshStore } from './helpers/bench-store.ts';
import { median, num, printTable } from './helpers/figures.ts';
import { CLOCK_ORIGIN, SPACING_MS, type SyntheticStream, policyOf, syntheticStream } from './helpers/synthetic-stream.ts';

const EVENTS = Number(process.env.CAIRN_BENCH_EVENTS ?? 1_000_000);
const ROUNDS = 3;
const RAW_TX_ROWS = 1000;
// The recorder pumps the gate every 20 ms and flushes a batch every 100 ms; here in event time.
const PUMP_EVERY = Math.round(20 / SPACING_MS);
const FLUSH_EVERY = Math.round(100 / SPACING_MS);

interface PipelineRun {
  totalMs: number;
  /** Time the recorder's thread was busy (gate, coalescer, packing, postMessage). */
  mainMs: number;
  stored: number;
  kept: number;
  thinned: number;
  dropped: DropCounts;
}

/** The recorder's path, mirrored from src/recorder/recorder.ts; `withStore: false` measures the
 *  gate and coalescer alone (rows are built and then discarded). */
async function pipeline(stream: SyntheticStream, withStore: boolean): Promise<PipelineRun> {
  const target = freshStore();
  target.store.close();
  let writer: StoreWriter | undefined;
  try {
    writer = withStore ? await StoreWriter.start(target.dir, SESSION_ID) : undefined;
    const timeline = new FocusTimeline();
    let windows: WindowRow[] = [];
    let events: EventRow[] = [];
    let keyArrivals: number[] = [];
    const coalescer = new Coalescer({
      clockOrigin: CLOCK_ORIGIN,
      emitWindow: (row) => windows.push(row),
      emitEvent: (row, kept) => {
        events.push(row);
        if (row.kind === 'key-down') keyArrivals.push(performance.timeOrigin + kept.event.arrivedAt);
      },
    });
    const judge = new WindowJudge({ rules: { policyOf, isBrowser: () => false, isPrivateTitle: () => false }, isOwnWindow: () => false });
    const gate = new ConsentGate({ timeline, judge, onKept: (kept) => coalescer.push(kept) });
    let discarded = 0;
    const flush = (): void => {
      if (!windows.length && !events.length) return;
      const batch = { windows, events, frames: [], dropped: { ...gate.dropped }, keyArrivedAt: keyArrivals, at: Date.now() };
      if (writer) writer.write(batch);
      else discarded += events.length;
      windows = [];
      events = [];
      keyArrivals = [];
    };

    const input = stream.events;
    const focus = stream.focus;
    let nextFocus = 0;
    let lastInputTime = Number.NEGATIVE_INFINITY;
    const t0 = performance.now();
    for (let i = 0; i < input.length; i++) {
      const event = input[i]!;
      while (nextFocus < focus.length && focus[nextFocus]!.time <= event.time) timeline.record(focus[nextFocus++]!);
      event.arrivedAt = performance.now();
      lastInputTime = event.time;
      gate.push(event);
      if (i % PUMP_EVERY === PUMP_EVERY - 1) {
        timeline.advance(event.time); // the watcher's heartbeat: everything up to now is reported
        gate.pump(performance.now());
      }
      if (i % FLUSH_EVERY === FLUSH_EVERY - 1) {
        if (event.time - lastInputTime > 100) coalescer.flushHeldMove();
        flush();
      }
    }
    // Stop, as Recorder.finish does: the watcher vouches for the tail, then everything is written.
    timeline.advance(lastInputTime + 1000);
    gate.pump(performance.now());
    gate.discardPending('focus-stale');
    coalescer.flushHeldMove();
    flush();
    writer?.write({ windows: [], events: [], frames: [], dropped: { ...gate.dropped }, at: Date.now() });
    const mainMs = performance.now() - t0;
    const totals = writer ? await writer.flush() : undefined;
    const totalMs = performance.now() - t0;
    return {
      totalMs,
      mainMs,
      stored: totals ? totals.committedEvents : discarded,
      kept: gate.kept,
      thinned: coalescer.thinned,
      dropped: { ...gate.dropped },
    };
  } finally {
    await writer?.close();
    target.remove();
  }
}

/** Every input event as a row, one prepared INSERT per row, 1000 rows a transaction, same table. */
function raw(stream: SyntheticStream): { totalMs: number; stored: number } {
  const target = freshStore();
  try {
    const db = target.store.db;
    const insert = db.prepare('INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
    const input = stream.events;
    const tx = db.transaction((from: number, to: number) => {
      for (let i = from; i < to; i++) {
        const e = input[i]!;
        const t = e.time - CLOCK_ORIGIN;
        switch (e.kind) {
          case 'key-down':
          case 'key-up':
            insert.run(SESSION_ID, i + 1, t, e.kind, 1, null, null, null, null, e.keycode, 0, null, null);
            break;
          case 'mouse-down':
          case 'mouse-up':
            insert.run(SESSION_ID, i + 1, t, e.kind, 1, e.x, e.y, e.button, e.clicks, null, 0, null, null);
            break;
          case 'mouse-move':
            insert.run(SESSION_ID, i + 1, t, e.kind, 1, e.x, e.y, null, null, null, 0, null, null);
            break;
          case 'wheel':
            insert.run(SESSION_ID, i + 1, t, e.kind, 1, e.x, e.y, null, null, null, 0, e.rotation, e.axis);
            break;
        }
      }
    });
    const t0 = performance.now();
    for (let from = 0; from < input.length; from += RAW_TX_ROWS) tx(from, Math.min(input.length, from + RAW_TX_ROWS));
    const totalMs = performance.now() - t0;
    const stored = db.prepare('SELECT count(*) FROM events').pluck().get() as number;
    return { totalMs, stored };
  } finally {
    target.remove();
  }
}

const started = performance.now();
const stream = syntheticStream(EVENTS);
const runs = { raw: [] as ReturnType<typeof raw>[], pipeline: [] as PipelineRun[], core: [] as PipelineRun[] };
// Interleaved rounds, median reported: neighbours on this machine make single runs noisy.
for (let r = 0; r < ROUNDS; r++) {
  runs.raw.push(raw(stream));
  runs.pipeline.push(await pipeline(stream, true));
  runs.core.push(await pipeline(stream, false));
}

const perSec = (ms: number) => (EVENTS / ms) * 1000;
const rawRate = median(runs.raw.map((r) => perSec(r.totalMs)));
const pipeRate = median(runs.pipeline.map((r) => perSec(r.totalMs)));
const coreRate = median(runs.core.map((r) => perSec(r.totalMs)));
const last = runs.pipeline.at(-1)!;
const c = stream.counts;

console.log(`ingest: ${num(EVENTS)} input events per run (${num((c['mouse-move'] / EVENTS) * 100, 1)}% moves, ` +
  `${num(c['key-down'] + c['key-up'])} key events, ${num(c['mouse-down'] + c['mouse-up'])} button events, ` +
  `${stream.focus.length - 1} focus switches, ${SPACING_MS} ms apart = ${num((EVENTS * SPACING_MS) / 60000, 1)} min of input)`);
console.log(`median of ${ROUNDS} interleaved rounds; Node ${process.version}, ${os.cpus().length} cores, ${os.cpus()[0]?.model ?? ''}`);
console.log('');
printTable(
  ['path', 'events/s', 'ms/run', 'rows stored', 'vs raw', 'runs (events/s)'],
  [
    ['raw better-sqlite3 (1 INSERT/row, 1000 rows/tx)', num(rawRate), num(median(runs.raw.map((r) => r.totalMs))), num(runs.raw[0]!.stored), '1.00x', runs.raw.map((r) => num(perSec(r.totalMs))).join(' / ')],
    ['gate + coalescer + StoreWriter, until flush()', num(pipeRate), num(median(runs.pipeline.map((r) => r.totalMs))), num(last.stored), `${(pipeRate / rawRate).toFixed(2)}x`, runs.pipeline.map((r) => num(perSec(r.totalMs))).join(' / ')],
    ['  of which gate + coalescer alone (no store)', num(coreRate), num(median(runs.core.map((r) => r.totalMs))), '-', `${(coreRate / rawRate).toFixed(2)}x`, runs.core.map((r) => num(perSec(r.totalMs))).join(' / ')],
  ],
);
console.log('');
const drops = Object.entries(last.dropped).filter(([, n]) => n > 0).map(([k, n]) => `${k} ${num(n)}`).join(', ');
console.log(`pipeline outcome: kept by the gate ${num(last.kept)}, dropped ${drops || 'none'}; rows committed ${num(last.stored)} ` +
  `(${num(last.kept - last.stored)} moves thinned by the coalescer; its \`thinned\` counter says ${num(last.thinned)})`);
console.log(`pipeline time split (median): recorder thread busy ${num(median(runs.pipeline.map((r) => r.mainMs)))} ms, ` +
  `then waiting for the worker's last commit ${num(median(runs.pipeline.map((r) => r.totalMs - r.mainMs)))} ms`);
console.log(`targets: >= 100,000 events/s -> ${pipeRate >= 100_000 ? 'met' : 'MISSED'} (${num(pipeRate)}); ` +
  `>= 50% of raw -> ${pipeRate >= rawRate / 2 ? 'met' : 'MISSED'} (${num((pipeRate / rawRate) * 100)}%)`);
console.log(`took ${num((performance.now() - started) / 1000, 1)} s`);
