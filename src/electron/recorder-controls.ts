// What the tray menu and the global hotkeys do, through the same API wrapper as the UI: record or
// stop, pause or resume, forget the last five minutes. Keeps the last recorder state it saw (from
// the service's events and from every recorder answer) so a toggle knows which way to go.
import type { MethodName } from '../shared/contract.ts';
import { type Handlers, invoke } from '../host/invoke.ts';
import type { ControlAction } from '../core/control-keys.ts';

export type RecorderPhase = 'idle' | 'recording' | 'paused';

export interface RecorderView {
  state: RecorderPhase;
  elapsedMs: number;
}

export interface RecorderControls {
  readonly current: RecorderView;
  /** Takes a recorder state seen elsewhere (an event, an answer to the UI). */
  observe(status: unknown): void;
  run(action: ControlAction): Promise<void>;
  /** A global hotkey was pressed (see hotkeyActsHere for which ones this side handles). */
  hotkey(action: ControlAction): Promise<void>;
}

/**
 * While a recording runs, the recorder in the service process sees Cairn's hotkeys itself (its
 * consent gate keeps them out of the recording and acts on them), so the main process acting too
 * would do everything twice: a pause undone at once, a second stop. globalShortcut handles them
 * only when nothing is recording: starting a recording, or forgetting the last five minutes.
 */
export function hotkeyActsHere(state: RecorderPhase): boolean {
  return state === 'idle';
}

export function createRecorderControls(
  handlers: Handlers,
  onChange: (view: RecorderView, status: unknown, stateChanged: boolean) => void,
  onError: (message: string, action: ControlAction) => void,
): RecorderControls {
  let current: RecorderView = { state: 'idle', elapsedMs: 0 };

  const observe = (status: unknown): void => {
    const s = status as Partial<RecorderView> | null;
    if (!s || (s.state !== 'idle' && s.state !== 'recording' && s.state !== 'paused')) return;
    const stateChanged = s.state !== current.state;
    current = { state: s.state, elapsedMs: typeof s.elapsedMs === 'number' ? s.elapsedMs : 0 };
    onChange(current, status, stateChanged);
  };

  const call = async (method: MethodName, input: unknown, action: ControlAction): Promise<void> => {
    const reply = await invoke(handlers, method, input);
    if (!reply.ok) return onError(reply.error.message, action);
    if (method.startsWith('recorder.')) observe(reply.result);
  };

  const methodFor = (action: ControlAction): [MethodName, unknown] | null => {
    if (action === 'forget-5-minutes') return ['data.forget', { minutes: 5 }];
    if (action === 'toggle-record') return [current.state === 'idle' ? 'recorder.start' : 'recorder.stop', {}];
    if (current.state === 'recording') return ['recorder.pause', {}];
    if (current.state === 'paused') return ['recorder.resume', {}];
    return null;
  };

  const run = async (action: ControlAction): Promise<void> => {
    const target = methodFor(action);
    if (target) await call(target[0], target[1], action);
  };

  return {
    get current() {
      return current;
    },
    observe,
    run,
    hotkey: (action) => (hotkeyActsHere(current.state) ? run(action) : Promise.resolve()),
  };
}
