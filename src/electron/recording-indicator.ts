// The always-visible recording indicator: a small frameless window on top of everything, in the
// top-right corner, shown only while a recording runs (or is paused). It ignores the mouse so it
// never takes a click meant for the app being recorded, and is protected from capture. Its preload
// (indicator-preload.cjs) gives the page the recorder's status and nothing else of the API.
import { BrowserWindow, screen } from 'electron';
import { INDICATOR_PATH } from './indicator-page.ts';
import type { RecordingPhase } from '../shared/contract.ts';
import { APP_ORIGIN, secureWebPreferences } from './window-hardening.ts';

const WIDTH = 132;
const HEIGHT = 34;
const MARGIN = 12;

export function createRecordingIndicator(preloadPath: string, onCreated: (window: BrowserWindow) => void) {
  let window: BrowserWindow | null = null;

  const create = (): BrowserWindow => {
    const area = screen.getPrimaryDisplay().workArea;
    const created = new BrowserWindow({
      x: area.x + area.width - WIDTH - MARGIN,
      y: area.y + MARGIN,
      width: WIDTH,
      height: HEIGHT,
      frame: false,
      resizable: false,
      movable: false,
      minimizable: false,
      maximizable: false,
      fullscreenable: false,
      focusable: false,
      skipTaskbar: true,
      alwaysOnTop: true,
      show: false,
      title: 'Cairn is recording',
      backgroundColor: '#1b1b1f',
      webPreferences: secureWebPreferences(preloadPath),
    });
    created.setContentProtection(true);
    created.setAlwaysOnTop(true, 'screen-saver');
    created.setVisibleOnAllWorkspaces(true);
    created.setIgnoreMouseEvents(true);
    created.on('closed', () => {
      if (window === created) window = null;
    });
    onCreated(created);
    void created.loadURL(`${APP_ORIGIN}${INDICATOR_PATH}`);
    return created;
  };

  return {
    update(phase: RecordingPhase): void {
      if (phase === 'idle') {
        window?.hide();
        return;
      }
      window ??= create();
      if (!window.isVisible()) window.showInactive();
    },
    /** Whether this webContents is the indicator's (the main process gives it the status only). */
    owns(webContentsId: number): boolean {
      return window !== null && !window.isDestroyed() && window.webContents.id === webContentsId;
    },
    destroy(): void {
      window?.destroy();
      window = null;
    },
  };
}
