// The desktop's own controls of the recording: the tray menu and the global hotkeys. What each
// action does is decided once, by the recording service (`recorder.control`); this side only keeps
// the last phase it saw (from the service's events and every recorder answer), for the tray's icon
// and the recording indicator, and for knowing when globalShortcut may act.
import { RecordingPhase } from '../shared/contract.ts';
import { type Handlers, invoke } from '../host/invoke.ts';
import type { ControlAction } from '../shared/hotkeys.ts';

export interface DesktopControls {
  readonly phase: RecordingPhase;
  /** Takes a RecordingSnapshot seen elsewhere (an event, an answer to the UI). */
  observe(snapshot: unknown): void;
  /** A tray item was chosen. */
  run(action: ControlAction): Promise<void>;
  /** A global hotkey was pressed (see hotkeyActsHere for when this side handles it). */
  hotkey(action: ControlAction): Promise<void>;
}

/**
 * While a recording runs, the recorder in the service process sees Cairn's hotkeys itself (its
 * consent gate keeps them out of the recording and acts on them), so the main process acting too
 * would do everything twice: a pause undone at once, a second stop. globalShortcut handles them
 * only when nothing is recording: starting a recording, or forgetting the last five minutes.
 */
export function hotkeyActsHere(phase: RecordingPhase): boolean {
  return phase === 'idle';
}

export function createDesktopControls(
  handlers: Handlers,
  onChange: (phase: RecordingPhase, snapshot: unknown, phaseChanged: boolean) => void,
  onError: (message: string, action: ControlAction) => void,
): DesktopControls {
  let phase: RecordingPhase = 'idle';

  const observe = (snapshot: unknown): void => {
    const seen = RecordingPhase.safeParse((snapshot as { state?: unknown } | null)?.state);
    if (!seen.success) return;
    const phaseChanged = seen.data !== phase;
    phase = seen.data;
    onChange(phase, snapshot, phaseChanged);
  };

  const run = async (action: ControlAction): Promise<void> => {
    const reply = await invoke(handlers, 'recorder.control', { action });
    if (!reply.ok) return onError(reply.error.message, action);
    observe(reply.result);
  };

  return {
    get phase() {
      return phase;
    },
    observe,
    run,
    hotkey: (action) => (hotkeyActsHere(phase) ? run(action) : Promise.resolve()),
  };
}
