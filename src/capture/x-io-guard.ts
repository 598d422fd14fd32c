// The X I/O guard (native/x-io-guard, a small N-API addon): with it installed, the process survives
// its X server going away under Xlib. Without it, libuiohook's threads hit Xlib's default I/O error
// handler, which exits the whole process (exit 1, sometimes a crash when two threads exit at once)
// before the recorder can write what it holds. With it, the threads that met the dead server are
// parked for good, and `onLost` tells the recorder, which stops cleanly: it must then never call
// into uiohook again (every call touches the dead display), and the process leaves with `exitNow`,
// skipping library destructors that would touch it too. See native/x-io-guard/src/x_io_guard.c.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { appUrl } from '../core/app-root.ts';

interface Native {
  install(onLost: () => void): void;
  state(): { lost: boolean; lostAtMs: number; errno: number; onJsThread: boolean; parkedThreads: number };
  setExitCode(code: number): void;
  exitNow(code: number): never;
}

export interface XConnectionLoss {
  /** When Xlib saw the connection fail, on process.hrtime's clock (CLOCK_MONOTONIC), in ms. */
  lostAtMs: number;
  /** errno at the failure, e.g. ECONNRESET (104) or EPIPE (32); 0 for an orderly close. */
  errno: number;
}

const ADDON = fileURLToPath(appUrl('native/x-io-guard/build/Release/x_io_guard.node'));

let native: Native | undefined;
const listeners: ((loss: XConnectionLoss) => void)[] = [];

/** Why the guard is not available here, or null when it is. */
export function xIoGuardMissingReason(): string | null {
  if (process.platform !== 'linux') return 'it is for X11 only';
  if (!existsSync(ADDON)) return `it was not built (${ADDON} is missing; \`npm run build\` builds it with node-gyp, which needs make and a C compiler)`;
  return null;
}

/**
 * Installs the process-wide Xlib I/O error handler (once; later calls add listeners) and calls
 * `onLost` on the JS thread after the first loss. Returns false, changing nothing, where the guard
 * is not available; the process then ends as Xlib decides when its X server goes away.
 */
export function guardXConnections(onLost: (loss: XConnectionLoss) => void): boolean {
  if (xIoGuardMissingReason()) return false;
  listeners.push(onLost);
  if (native) return true;
  const addon = createRequire(import.meta.url)(ADDON) as Native;
  addon.install(() => {
    const loss = xConnectionLoss();
    if (loss) for (const listener of listeners) listener(loss);
  });
  native = addon;
  // Should a library destructor meet the dead display during exit, the process still ends with the
  // code it was meant to end with, not Xlib's 1.
  process.on('exit', (code) => addon.setExitCode(code));
  return true;
}

/** The loss, once Xlib has seen one (set by the thread that met it, before `onLost` runs). */
export function xConnectionLoss(): XConnectionLoss | null {
  const state = native?.state();
  return state?.lost ? { lostAtMs: state.lostAtMs, errno: state.errno } : null;
}

/** After a loss, ends the process at once with `code` (stdout and stderr are written synchronously
 *  on Linux, so nothing printed is lost); otherwise does nothing. Parked threads and uiohook's
 *  listener would keep the event loop alive for ever, and destructors would touch the dead display. */
export function exitIfXConnectionLost(code: number): void {
  if (native && xConnectionLoss()) native.exitNow(code);
}
