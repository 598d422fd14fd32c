// Cairn's desktop app, main process: app lifecycle and wiring only. The store and the recorder run
// in a utility process (service-client.ts); windows are hardened by window-hardening.ts; the API is
// reached over one IPC channel whose sender is checked (ipc.ts). Bundled to dist/electron/main.cjs.
import { join } from 'node:path';
import { app, BrowserWindow, globalShortcut, ipcMain, Notification, session, utilityProcess } from 'electron';
import { LEAN_NODE_FLAGS, leanEnv } from '../core/lean-process.ts';
import { invoke } from '../host/invoke.ts';
import { resolveDataDir } from '../store/data-dir.ts';
import type { ControlAction } from '../shared/hotkeys.ts';
import { createAppWindow } from './app-window.ts';
import { registerAppScheme, serveApp } from './app-protocol.ts';
import { registerHotkeys } from './hotkeys.ts';
import { INDICATOR_EVENT, INDICATOR_METHOD } from './indicator-api.ts';
import { handleApiCall } from './ipc.ts';
import { API_CHANNEL, EVENT_CHANNEL } from './ipc-channels.ts';
import { createDesktopControls } from './desktop-controls.ts';
import { createRecordingIndicator } from './recording-indicator.ts';
import { createServiceClient } from './service-client.ts';
import { createTray } from './tray.ts';
import { navigationDecision, permissionDecision, windowOpenDecision } from './window-hardening.ts';

const PRELOAD = join(__dirname, 'preload.cjs');
const INDICATOR_PRELOAD = join(__dirname, 'indicator-preload.cjs');
const RENDERER_DIR = join(__dirname, '..', 'renderer');
const SERVICE_ENTRY = join(__dirname, '..', 'node', 'service-process.js');

// The name is also the X11 WM_CLASS, which the default policy lists as sensitive ("Cairn").
app.setName('Cairn');
app.commandLine.appendSwitch('class', 'Cairn');
registerAppScheme();

function dataDirArgument(argv: readonly string[]): string | undefined {
  const flag = argv.findIndex((a) => a === '--data-dir' || a.startsWith('--data-dir='));
  if (flag < 0) return undefined;
  return argv[flag]!.includes('=') ? argv[flag]!.slice('--data-dir='.length) : argv[flag + 1];
}

function hardenEveryWindow(): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event) => {
      if (navigationDecision(event.url) === 'deny') event.preventDefault();
    });
    contents.on('will-redirect', (event) => {
      if (navigationDecision(event.url) === 'deny') event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(windowOpenDecision);
  });
  session.defaultSession.setPermissionRequestHandler((_contents, permission, callback, details) =>
    callback(permissionDecision(permission, details.requestingUrl)),
  );
  session.defaultSession.setPermissionCheckHandler((_contents, permission, origin) => permissionDecision(permission, origin));
}

function start(): void {
  const dataDir = resolveDataDir(dataDirArgument(process.argv));
  const ownWebContents = new Set<number>();
  const service = createServiceClient(() =>
    utilityProcess.fork(SERVICE_ENTRY, ['--data-dir', dataDir], { serviceName: 'Cairn service', stdio: 'inherit', env: leanEnv(process.env), execArgv: [...LEAN_NODE_FLAGS] }),
  );
  // Windows of these processes (main, renderers, GPU, the service) are Cairn's own: never recorded.
  const sendOwnPids = (): void => service.setOwnPids(app.getAppMetrics().map((m) => m.pid));

  const broadcast = (name: string, payload: unknown): void => {
    for (const window of BrowserWindow.getAllWindows()) {
      const id = window.webContents.id;
      if (!ownWebContents.has(id) || (indicator.owns(id) && name !== INDICATOR_EVENT)) continue;
      window.webContents.send(EVENT_CHANNEL, name, payload);
    }
  };
  const track = (window: BrowserWindow): void => {
    const id = window.webContents.id;
    ownWebContents.add(id);
    window.setContentProtection(true);
    window.webContents.on('did-finish-load', sendOwnPids);
    window.on('closed', () => ownWebContents.delete(id));
  };

  let quitting = false;
  const main = createAppWindow(PRELOAD, track, () => quitting);
  const indicator = createRecordingIndicator(INDICATOR_PRELOAD, track);
  const notify = (body: string): void => {
    if (Notification.isSupported()) new Notification({ title: 'Cairn', body }).show();
  };
  const controls = createDesktopControls(
    service.handlers,
    (phase, snapshot, phaseChanged) => {
      if (phaseChanged) {
        tray.update(phase);
        indicator.update(phase);
      }
      broadcast('recorder.status', snapshot);
    },
    (message, action: ControlAction) => {
      notify(message);
      if (action === 'toggle-record') main.show();
    },
  );
  const tray = createTray({ open: main.show, control: (action) => void controls.run(action), quit: () => app.quit() });
  // Electron cannot list trays; the app tests (tests/electron/app.test.ts) find this one here.
  Object.assign(globalThis, { cairnTray: tray.tray });

  service.onEvent((name, payload) => (name === 'recorder.status' ? controls.observe(payload) : broadcast(name, payload)));
  ipcMain.handle(API_CHANNEL, async (event, method: unknown, input: unknown) => {
    const reply = await handleApiCall(service.handlers, event, method, input, (id) => ownWebContents.has(id), (id) =>
      indicator.owns(id) ? [INDICATOR_METHOD] : 'all',
    );
    if (reply.ok && typeof method === 'string' && method.startsWith('recorder.') && method !== 'recorder.capability') {
      controls.observe(reply.result);
    }
    return reply;
  });

  const refused = registerHotkeys(globalShortcut, (action) => void controls.hotkey(action));
  if (refused.length) notify(`The desktop kept these hotkeys for itself: ${refused.join(', ')}. Use the tray menu instead.`);

  sendOwnPids();
  setInterval(sendOwnPids, 10_000).unref();
  void invoke(service.handlers, 'recorder.status', {}).then((reply) => reply.ok && controls.observe(reply.result));

  let serviceStopped = false;
  app.on('before-quit', () => {
    quitting = true;
  });
  app.on('will-quit', (event) => {
    globalShortcut.unregisterAll();
    if (serviceStopped) return;
    // Let the service stop a running recording and close the store before the process ends.
    event.preventDefault();
    indicator.destroy();
    void service.stop().finally(() => {
      serviceStopped = true;
      tray.tray.destroy();
      app.quit();
    });
  });
}

if (!app.requestSingleInstanceLock()) {
  // One Cairn at a time: a second start shows the first one's window.
  app.quit();
} else {
  void app.whenReady().then(() => {
    hardenEveryWindow();
    serveApp(RENDERER_DIR);
    start();
  });
}
