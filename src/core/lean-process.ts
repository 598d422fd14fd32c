// What a long-running recording process asks of the C library and of V8 before it starts.
// - glibc's malloc gives each thread that allocates while another does its own arena (up to 8 per
//   core), and each arena keeps what was freed in it: a recorder has a dozen threads (uiohook's, the
//   libuv pool that reads frames, the store worker, libvips, V8's helpers) that allocate little and
//   rarely at once, so beyond two arenas they only hold memory. glibc reads MALLOC_ARENA_MAX when
//   the process starts.
// - glibc serves a large block (a window's pixels, 1-8 MB, several times a second with screens on)
//   with mmap at first, but each time one is freed it raises that threshold, up to 32 MB, so later
//   blocks come from the heap and stay there, fragmented, after they are freed. MALLOC_MMAP_THRESHOLD_
//   set (to glibc's own first value, 128 KiB) keeps it fixed: every such block goes back to the
//   system when freed. Ten minutes with screens on: peak 125.5 -> 118.1 MB, 109.5 -> 96.8 MB at the
//   end. Mapping each block afresh faults its pages in again: the window capture keeps its own frames
//   in a small pool (native/x-window-capture/src/pixel_pool.c) so that its threads do not pay that.
// - V8 lets its young generation grow to 16 MB per semi-space while start-up allocates, which is
//   the recorder's early peak. Capped at 4 MB: at 1 or 2 MB the batches held for a second were
//   promoted and the old generation crept up (4-minute runs, screens on: peak 124-127 MB at 1 and 2,
//   119 MB at 4, 123 MB uncapped).
// - V8 leaves what outlives its young generation in the old one until that reaches a limit set at
//   the last full collection: under a recorder's steady input no full collection came for many
//   minutes after the first seconds, and RSS rose ~1.2 MB a minute of which about half was such
//   garbage (--trace-gc: 15.2 -> 16.9 MB after each scavenge over 100 s; with a full collection every
//   20 s, 14.8-15.1 MB after each). A recording asks for one every HEAP_TRIM_PERIOD_MS
//   (collectGarbagePeriodically, through --expose-gc): 14-20 ms of the main thread each (--trace-gc,
//   ~0.06% of a core), marking concurrently. Most of the other half was SQLite's page cache in the
//   store worker (WRITER_CACHE_KIB in src/store/store-worker.ts).
// - A regular full collection frees dead objects but V8 keeps their pages committed, pooled for
//   later, and over a long recording those pooled and partly used pages were where RSS kept growing
//   (/proc/PID/smaps over thirty minutes: V8's pages 25.0 -> 27.8 MB, glibc's heap flat from minute
//   7; heap snapshots at minutes 4, 12 and 20: the live objects +0.6 MB, most of it compiled code).
//   Every MEMORY_REDUCING_EVERY-th collection is therefore V8's memory-reducing one (gc's
//   "last-resort" flavor: it compacts and gives the spare pages back). Twenty minutes side by side:
//   the lowest RSS of each five minutes 104.3, 104.8, 104.2, 105.9 MB against 102.7, 108.4, 108.8,
//   109.0 without it, second-half slope 0.03 against 0.08 MB/min, CPU 0.98x.
// Measured with `npm run bench -- recorder-load`: together about 20 MB off the peak and 15 MB off
// the steady state, for no CPU that shows. Both must be in force when the process starts: the Electron
// app forks its service with them, and `cairn record` and `cairn serve` (the browser host, which
// records too) restart themselves once with them (execLean) before anything else runs.

import { commandWord } from './command-word.ts';

export const LEAN_PROCESS_ENV: Readonly<Record<string, string>> = { MALLOC_ARENA_MAX: '2', MALLOC_MMAP_THRESHOLD_: '131072' };
export const LEAN_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=4', '--expose-gc'];

/** Between the full collections a recording asks for (ms). */
export const HEAP_TRIM_PERIOD_MS = 30_000;
/** Every this many of them (every two minutes), the collection also gives back the pages V8 keeps
 *  for later (see the top of this file). Key-to-disk latency over twenty minutes: p99 607 ms with
 *  it, 608 ms without. */
export const MEMORY_REDUCING_EVERY = 4;

/**
 * Asks V8 for a full collection every `periodMs` until the returned function is called, every
 * MEMORY_REDUCING_EVERY-th a memory-reducing one (see the top of this file), calling `trimNative`
 * (the recorder's trimMalloc) just before each: it gives back what the last collection and the
 * native side freed since, swept by then. Does nothing where the process runs without --expose-gc
 * (tests that record from the sources).
 */
export function collectGarbagePeriodically(periodMs: number = HEAP_TRIM_PERIOD_MS, trimNative: () => unknown = () => undefined): () => void {
  const gc = globalThis.gc;
  if (typeof gc !== 'function') return () => undefined;
  let count = 0;
  const timer = setInterval(() => {
    trimNative();
    const flavor = ++count % MEMORY_REDUCING_EVERY === 0 ? 'last-resort' : 'regular';
    void gc({ type: 'major', execution: 'async', flavor });
  }, periodMs);
  timer.unref();
  return () => clearInterval(timer);
}

/** The environment `env` with LEAN_PROCESS_ENV in force (what `env` sets itself is kept). */
export function leanEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...LEAN_PROCESS_ENV, ...env };
}

/**
 * Replaces this process by the same program with the same arguments, LEAN_NODE_FLAGS first and
 * under leanEnv (same pid, same stdio, so a parent's signals still reach it), unless it already runs
 * so or cannot: only on Linux, where glibc reads the variable and Node has execve. Call it before
 * anything else has started.
 */
export function execLean(): void {
  if (process.platform !== 'linux' || typeof process.execve !== 'function') return;
  const flags = LEAN_NODE_FLAGS.filter((flag) => !process.execArgv.includes(flag));
  const envReady = Object.keys(LEAN_PROCESS_ENV).every((name) => process.env[name] !== undefined);
  if (envReady && flags.length === 0) return;
  process.execve(process.execPath, [process.execPath, ...flags, ...process.execArgv, ...process.argv.slice(1)], leanEnv(process.env));
}

/** The commands that record, for hours: `cairn record`, and `cairn serve` whose UI records. */
const RECORDING_COMMANDS = new Set(['record', 'serve']);

/** Whether CLI arguments `args` (without node and the script) run a recording command: their
 *  command word is one of RECORDING_COMMANDS. */
export function runsRecordings(args: readonly string[]): boolean {
  const word = commandWord(args);
  return word !== undefined && RECORDING_COMMANDS.has(word);
}
