// The tray icon and its menu. The icon changes with the recorder (ring idle, red dot recording,
// amber dot paused), so whether Cairn is recording is visible without opening anything.
import { Menu, nativeImage, Tray } from 'electron';
import type { ControlAction } from '../shared/hotkeys.ts';
import type { RecordingPhase } from '../shared/contract.ts';
import { TRAY_ICON_SIZE, trayIconBitmap, type TrayIconKind } from './tray-icons.ts';

export interface TrayActions {
  open(): void;
  control(action: ControlAction): void;
  quit(): void;
}

const TOOLTIPS: Record<TrayIconKind, string> = {
  idle: 'Cairn: not recording',
  recording: 'Cairn: RECORDING',
  paused: 'Cairn: recording paused',
};

export function createTray(actions: TrayActions): { tray: Tray; update(phase: RecordingPhase): void } {
  const icons = new Map<TrayIconKind, Electron.NativeImage>();
  const icon = (kind: TrayIconKind) => {
    let image = icons.get(kind);
    if (!image) {
      image = nativeImage.createFromBitmap(trayIconBitmap(kind), { width: TRAY_ICON_SIZE, height: TRAY_ICON_SIZE });
      icons.set(kind, image);
    }
    return image;
  };
  const tray = new Tray(icon('idle'));

  const update = (phase: RecordingPhase): void => {
    tray.setImage(icon(phase));
    tray.setToolTip(TOOLTIPS[phase]);
    tray.setContextMenu(
      Menu.buildFromTemplate([
        { label: 'Open Cairn', click: actions.open },
        { type: 'separator' },
        { label: phase === 'idle' ? 'Record' : 'Stop', click: () => actions.control('toggle-record') },
        {
          label: phase === 'paused' ? 'Resume' : 'Pause',
          enabled: phase !== 'idle',
          click: () => actions.control('toggle-pause'),
        },
        { label: 'Forget last 5 minutes', click: () => actions.control('forget-5-minutes') },
        { type: 'separator' },
        { label: 'Quit Cairn', click: actions.quit },
      ]),
    );
  };
  tray.on('click', actions.open);
  update('idle');
  return { tray, update };
}
