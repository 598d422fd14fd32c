// `cairn record` exactly as bin/cairn.js runs it (the build in ROOT/dist/node, nothing transpiled at
// run time), with the recording's final counters written to a JSON file: what recorder-load measures.
// Plain JavaScript, so that no TypeScript loader adds its own threads and memory to the figures.
//   node bench/helpers/record-with-stats.mjs ROOT STATS_FILE record --duration 30
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [root, statsFile, ...argv] = process.argv.slice(2);
const built = (file) => import(pathToFileURL(join(root, 'dist', 'node', file)).href);
// As bin/cairn.js does: the recorder restarts itself once with the environment that keeps it lean
// (a checkout from before that had no such step).
if (existsSync(join(root, 'dist', 'node', 'lean-process.js'))) (await built('lean-process.js')).execLean();
const { main } = await built('main.js');
// CAIRN_BENCH_HEAP_LOG: once a minute, V8's spaces (committed and used) and the process's memory as
// Node counts it, one JSON line each, to tell V8's share of a growth from native memory's.
const heapLog = process.env.CAIRN_BENCH_HEAP_LOG;
if (heapLog) {
  const { appendFileSync } = await import('node:fs');
  const v8 = await import('node:v8');
  const kb = (n) => Math.round(n / 1024);
  const log = () => {
    const spaces = Object.fromEntries(v8.getHeapSpaceStatistics().map((s) => [s.space_name, [kb(s.space_size), kb(s.space_used_size)]]));
    const m = process.memoryUsage();
    appendFileSync(heapLog, JSON.stringify({ at: Math.round(process.uptime()), rss: kb(m.rss), external: kb(m.external), arrayBuffers: kb(m.arrayBuffers), spaces }) + '\n');
  };
  setInterval(log, 60_000).unref();
}
process.exitCode = await main(argv, {
  recording: { onEnd: (end) => writeFileSync(statsFile, JSON.stringify({ sessionId: end.sessionId, ...end.counters }, null, 2)) },
});
const { exitIfXConnectionLost } = await built('x-io-guard.js');
exitIfXConnectionLost(process.exitCode);
