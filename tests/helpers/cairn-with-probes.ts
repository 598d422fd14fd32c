// `cairn` with probes for tests and benchmarks, which the real `cairn` never has: a focus watcher
// made slow or silent (faulty-focus-watcher.ts), frames from whole-screen grabs, and the
// recording's final counters (latencies included) and the times it asked the watcher for round trips
// (sync-log-watcher.ts) written to JSON files. The first argument is
// the probes as JSON, the rest the command:
//   node --import tsx tests/helpers/cairn-with-probes.ts '{"watcherDelayMs":2500}' record
// It runs the CLI's sources through tsx, whatever bin/cairn.js runs; startRecording (cli.ts) uses it.
import { writeFileSync } from 'node:fs';
import { main } from '../../src/cli/main.ts';
import type { RecordingProbeOptions } from './cli.ts';
import { FaultyFocusWatcher } from './faulty-focus-watcher.ts';
import { SyncLogWatcher } from './sync-log-watcher.ts';

const [json = '{}', ...argv] = process.argv.slice(2);
const { watcherDelayMs, watcherSilentAfterMs, statsFile, captureMethod, syncTimesFile } = JSON.parse(json) as RecordingProbeOptions;
const faulty = watcherDelayMs !== undefined || watcherSilentAfterMs !== undefined;
let syncLog: SyncLogWatcher | undefined;

process.exitCode = await main(argv, {
  recording: {
    wrapFocusWatcher:
      faulty || syncTimesFile
        ? (watcher) => {
            const inner = faulty ? new FaultyFocusWatcher(watcher, { delayMs: watcherDelayMs ?? 0, silentAfterMs: watcherSilentAfterMs }) : watcher;
            if (!syncTimesFile) return inner;
            syncLog = new SyncLogWatcher(inner);
            return syncLog;
          }
        : undefined,
    captureMethod,
    onEnd: (end) => {
      if (statsFile) writeFileSync(statsFile, JSON.stringify({ sessionId: end.sessionId, ...end.counters }, null, 2));
      if (syncTimesFile) writeFileSync(syncTimesFile, JSON.stringify(syncLog?.asked ?? []));
    },
  },
});
// As bin/cairn.js does: threads parked on an X server that went away would keep the process alive.
const { exitIfXConnectionLost } = await import('../../src/capture/x-io-guard.ts');
exitIfXConnectionLost(process.exitCode);
