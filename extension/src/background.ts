// Cairn's extension, its service worker (Chromium) or event page (Firefox): holds a native-messaging
// port to Cairn's host and sends it a numbered snapshot of the windows (window-report.ts) whenever a
// tab is activated, created, moved, retitled or navigated, a window opens, closes, moves or is
// resized, and twice a second besides. The heartbeat both bounds how stale Cairn's picture can be
// and keeps the worker alive: an open native port keeps an MV3 service worker running.
//
// Focus is not taken from here (windows.onFocusChanged is unreliable on X11): Cairn takes focus from
// the X server and pairs the focused X window with these reports by geometry.
import { NATIVE_HOST_NAME } from '../../src/capture/browser/extension-identity.ts';
import { snapshot } from './window-report.ts';

const HEARTBEAT_MS = 500;
/** After the host went away (not installed, crashed), wait this long before asking again. */
const RECONNECT_MS = 5_000;

// Firefox offers the same API as `browser` (with promises); Chromium as `chrome`.
const api: typeof chrome = (globalThis as { browser?: typeof chrome }).browser ?? chrome;

let port: chrome.runtime.Port | undefined;
let heartbeat: ReturnType<typeof setInterval> | undefined;
let retryAt = 0;
/** Numbers every window report of this connection; a new connection (a new host process) restarts it. */
let seq = 0;

function connect(): void {
  if (port || Date.now() < retryAt) return;
  const opened = api.runtime.connectNative(NATIVE_HOST_NAME);
  port = opened;
  seq = 0;
  opened.onDisconnect.addListener(() => {
    // Reading lastError marks it handled (Chromium logs it otherwise): "host not found" and the like.
    void api.runtime.lastError;
    if (port === opened) port = undefined;
    clearInterval(heartbeat);
    heartbeat = undefined;
    retryAt = Date.now() + RECONNECT_MS;
    setTimeout(send, RECONNECT_MS);
  });
  heartbeat = setInterval(send, HEARTBEAT_MS);
}

async function report(): Promise<void> {
  connect();
  if (!port) return;
  const windows = await api.windows.getAll({ populate: true, windowTypes: ['normal'] });
  // Numbered only now, so that numbers follow the order in which snapshots are sent.
  port?.postMessage(snapshot(windows, () => ++seq, Date.now()));
}

/** Reports now; a failure (the browser shutting down, a window closing meanwhile) waits for the next. */
function send(): void {
  report().catch(() => undefined);
}

api.tabs.onActivated.addListener(send);
api.tabs.onCreated.addListener(send);
api.tabs.onRemoved.addListener(send);
api.tabs.onAttached.addListener(send);
api.tabs.onDetached.addListener(send);
api.tabs.onReplaced.addListener(send);
api.tabs.onUpdated.addListener((_id, change) => {
  if (change.url !== undefined || change.title !== undefined) send();
});
api.windows.onCreated.addListener(send);
api.windows.onRemoved.addListener(send);
api.windows.onFocusChanged.addListener(send);
// Chromium only; Firefox's heartbeat catches a moved window within HEARTBEAT_MS.
api.windows.onBoundsChanged?.addListener(send);
api.runtime.onStartup.addListener(send);
api.runtime.onInstalled.addListener(send);
send();
