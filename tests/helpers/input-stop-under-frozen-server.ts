// A child process for tests/xvfb/batched-input-stop.test.ts: starts the batched input hook on
// DISPLAY, freezes that X server (SIGSTOP) and stops the hook while the server is frozen, with the
// server killed `killAfterMs` into the stop. The stop's Xlib calls then meet a server that went away
// without the process having seen it, as when the recorder stops because its focus watcher noticed
// first. Prints one JSON line ({ stopMs, lostAtStopEnd, warnings }), waits until the loss is seen,
// and exits 0 the way bin/cairn.js does.
//   node --import tsx tests/helpers/input-stop-under-frozen-server.ts XVFB_PID KILL_AFTER_MS
import { spawn } from 'node:child_process';
import { exitIfXConnectionLost, xConnectionLoss } from '../../src/capture/x-io-guard.ts';
import { BatchedInputSource } from '../../src/capture/x11/batched-input-source.ts';

const [xvfbPid, killAfterMs] = process.argv.slice(2).map(Number);
if (!xvfbPid || killAfterMs === undefined) throw new Error('usage: input-stop-under-frozen-server.ts XVFB_PID KILL_AFTER_MS');
const warnings: string[] = [];
const source = new BatchedInputSource();
source.start(() => undefined, undefined, (message) => warnings.push(message));
await new Promise((r) => setTimeout(r, 300)); // the hook's thread attaches asynchronously
process.kill(xvfbPid, 'SIGSTOP');
// A process of its own: this one's event loop is blocked for the whole stop.
spawn('sh', ['-c', `sleep ${killAfterMs / 1000}; kill -KILL ${xvfbPid}`], { stdio: 'ignore', detached: true }).unref();
const started = performance.now();
source.stop();
const stopMs = performance.now() - started;
console.log(JSON.stringify({ stopMs, lostAtStopEnd: xConnectionLoss() !== null, warnings }));
while (!xConnectionLoss()) await new Promise((r) => setTimeout(r, 20));
exitIfXConnectionLost(0);
