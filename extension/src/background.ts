// Cairn's extension, its service worker (Chromium) or event page (Firefox): holds a native-messaging
// port to Cairn's host and sends it a numbered snapshot of the windows (window-report.ts) whenever a
// tab is activated, created, moved, retitled or navigated, a window opens, closes, moves or is
// resized, and twice a second besides. The heartbeat both bounds how stale Cairn's picture can be
// and keeps the worker alive: an open native port keeps an MV3 service worker running.
//
// Focus is not taken from here (windows.onFocusChanged is unreliable on X11): Cairn takes focus from
// the X server and pairs the focused X window with these reports by geometry.
//
// The element acted on: while a recording runs, the host passes on the sites it allows (page-sites.ts);
// the element script (extension/page/) is registered for those sites only and injected into their
// open tabs, and every page is checked again, exactly, before it may listen and before what it says
// is forwarded: only the top frame of a normal (not private) tab of an allowed site. When the
// recording ends the host says so, and the script is unregistered and every page told to stop.
import type { ElementSites, PageTarget } from '../../src/capture/browser/element-message.ts';
import { NATIVE_HOST_NAME } from '../../src/capture/browser/extension-identity.ts';
import { matchPatterns, mayReport, type PageSites } from './page-sites.ts';
import { originOf, snapshot } from './window-report.ts';

const HEARTBEAT_MS = 500;
/** After the host went away (not installed, crashed), wait this long before asking again. */
const RECONNECT_MS = 5_000;

// Firefox offers the same API as `browser` (with promises); Chromium as `chrome`.
const api: typeof chrome = (globalThis as { browser?: typeof chrome }).browser ?? chrome;

let port: chrome.runtime.Port | undefined;
let heartbeat: ReturnType<typeof setInterval> | undefined;
let retryAt = 0;
/** The sites the recording allows pages to report on; none while no recording has said. */
let pageSites: PageSites = [];
let siteChange: Promise<void> = Promise.resolve();
const ELEMENT_SCRIPT = { id: 'cairn-elements', file: 'element-script.js' };
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
    void setPageSites([]);
    clearInterval(heartbeat);
    heartbeat = undefined;
    retryAt = Date.now() + RECONNECT_MS;
    setTimeout(send, RECONNECT_MS);
  });
  opened.onMessage.addListener((message: Partial<ElementSites>) => {
    if (message && 'elementSites' in message && message.elementSites !== undefined) void setPageSites(message.elementSites);
  });
  heartbeat = setInterval(send, HEARTBEAT_MS);
}

/** Registers the element script for `sites` only (none: unregistered), and tells open pages to ask
 *  again. One change at a time, so that an older one never lands after a newer one. */
function setPageSites(sites: PageSites): Promise<void> {
  pageSites = sites;
  siteChange = siteChange.then(() => (pageSites === sites ? applyPageSites(sites) : undefined));
  return siteChange;
}

async function applyPageSites(sites: PageSites): Promise<void> {
  await api.scripting.unregisterContentScripts({ ids: [ELEMENT_SCRIPT.id] }).catch(() => undefined);
  const tabs = await api.tabs.query({});
  for (const tab of tabs) if (tab.id !== undefined) api.tabs.sendMessage(tab.id, { cairn: 'sites-changed' }).catch(() => undefined);
  if (sites !== null && sites.length === 0) return;
  await api.scripting
    .registerContentScripts([{ id: ELEMENT_SCRIPT.id, matches: matchPatterns(sites), js: [ELEMENT_SCRIPT.file], runAt: 'document_idle', allFrames: false, persistAcrossSessions: false }])
    .catch(() => undefined);
  for (const tab of tabs) {
    if (tab.id === undefined || tab.incognito || !mayReport(sites, originOf(tab.url))) continue;
    api.scripting.executeScript({ target: { tabId: tab.id }, files: [ELEMENT_SCRIPT.file] }).catch(() => undefined);
  }
}

interface PageMessage {
  cairn?: string;
  sentAt?: number;
  kind?: 'click' | 'focus';
  point?: { x: number; y: number } | null;
  target?: PageTarget | null;
}

/** The element script's questions and reports: answered and forwarded for allowed pages only. */
api.runtime.onMessage.addListener((message: PageMessage, sender, reply) => {
  const origin = originOf(sender.url);
  const allowed = sender.id === api.runtime.id && sender.tab !== undefined && !sender.tab.incognito && sender.frameId === 0 && mayReport(pageSites, origin);
  if (message?.cairn === 'may-report') {
    reply(allowed);
    return;
  }
  if (message?.cairn !== 'element' || !allowed || !port || !sender.tab || message.sentAt === undefined || !message.kind) return;
  port.postMessage({ sentAt: message.sentAt, element: { kind: message.kind, windowId: sender.tab.windowId, origin, point: message.point ?? null, target: message.target ?? null } });
});

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
// A registration left from before a restart of the worker belongs to no recording.
void setPageSites([]);
api.runtime.onInstalled.addListener(send);
send();
