// Assembles a real recording on this machine: the platform's focus watcher, uiohook, the screen
// capturer and the keyboard layout, each checked up front so a missing piece is one clear sentence
// rather than a silent empty recording.
import type { ControlAction } from '../shared/hotkeys.ts';
import { BUILTIN_US_LAYOUT, type KeyboardLayout } from '../shared/keyboard-layout.ts';
import type { Millis } from '../core/input-event.ts';
import type { WindowInfo } from '../core/window-info.ts';
import { browserSocketPath } from '../capture/browser/browser-socket.ts';
import type { WindowRules } from '../core/window-decision.ts';
import { createFocusWatcher } from '../capture/create-focus-watcher.ts';
import type { FocusWatcher } from '../capture/focus-watcher.ts';
import { type CaptureMethod, createScreenCapturer } from '../capture/create-screen-capturer.ts';
import type { InputSource } from '../capture/input-source.ts';
import { UiohookInputSource } from '../capture/uiohook-input-source.ts';
import { BatchedInputSource, batchedInputMissingReason } from '../capture/x11/batched-input-source.ts';
import { X11KeyboardGroupWatcher } from '../capture/x11/x11-keyboard-group.ts';
import { AtspiSource } from '../capture/atspi/accessibility-source.ts';
import { readX11KeyboardLayout } from '../capture/x11/x11-keyboard-layout.ts';
import { captureProblem } from './capture-capability.ts';
import { CaptureUnavailable } from './capture-unavailable.ts';
import { Recorder, WATCHER_HEARTBEAT_MS } from './recorder.ts';
import type { RecordingFault } from './recording-fault.ts';

export interface StartRecordingOptions {
  dataDir: string;
  sessionId: string;
  screensWanted: boolean;
  rules: WindowRules;
  isOwnWindow: (window: WindowInfo) => boolean;
  framePeriodMs?: Millis;
  createSession: (clockOrigin: Millis, layout: KeyboardLayout, startedAt: number) => Promise<void>;
  /** For tests: wraps the platform's focus watcher (to make it slow or silent, see tests/helpers). */
  wrapFocusWatcher?: (watcher: FocusWatcher) => FocusWatcher;
  /** For tests and benchmarks: how frames are taken (the platform's best by default). */
  captureMethod?: CaptureMethod;
}

export interface Recording {
  recorder: Recorder;
  onFatal(listener: (fault: RecordingFault) => void): void;
  onHotkey(listener: (action: ControlAction) => void): void;
}

/** On X11 the batched hook (uiohook's, one call into JavaScript per batch) where it was built. */
function inputSource(): InputSource {
  if (!batchedInputMissingReason()) return new BatchedInputSource();
  // On X11 the hook and the watcher share the X server's clock; elsewhere both use arrival time.
  return new UiohookInputSource({ clock: process.platform === 'linux' ? 'hook' : 'arrival' });
}

export async function startRecording(options: StartRecordingOptions): Promise<Recording> {
  const problem = await captureProblem({ screensWanted: options.screensWanted });
  if (problem) throw new CaptureUnavailable(problem);
  // The watcher's own heartbeat only needs to notice a silent watcher; input asks for round trips.
  const platformWatcher = createFocusWatcher({ heartbeatMs: WATCHER_HEARTBEAT_MS });
  const focus = options.wrapFocusWatcher?.(platformWatcher) ?? platformWatcher;
  const onX11 = process.platform === 'linux';
  const layout = onX11 ? await readX11KeyboardLayout().catch(() => BUILTIN_US_LAYOUT) : BUILTIN_US_LAYOUT;
  // Without XKB every key counts as typed in the first group, as the layout alone would say.
  const keyboardGroup = onX11 && layout.groupKeys ? await X11KeyboardGroupWatcher.start().catch(() => undefined) : undefined;
  let fatal: (fault: RecordingFault) => void = () => undefined;
  let hotkey: (action: ControlAction) => void = () => undefined;
  const recorder = await Recorder.start({
    dataDir: options.dataDir,
    sessionId: options.sessionId,
    input: inputSource(),
    focus,
    capturer: options.screensWanted ? createScreenCapturer({ windowsAbove: (id) => focus.windowsAbove(id), method: options.captureMethod }) : null,
    rules: options.rules,
    isOwnWindow: options.isOwnWindow,
    framePeriodMs: options.framePeriodMs,
    createSession: (origin, startedAt) => options.createSession(origin, layout, startedAt),
    onFatal: (fault) => fatal(fault),
    onHotkey: (action) => hotkey(action),
    // Windows has no Unix sockets in Cairn yet: there the gate knows no browser site (fails closed).
    browserSocket: process.platform === 'win32' ? undefined : browserSocketPath(options.dataDir),
    keyboardGroup,
    // The accessibility tree (AT-SPI, on the session's D-Bus): the element acted on, password fields.
    accessibility: onX11 ? new AtspiSource() : null,
    layout,
  }).catch((error: Error) => {
    if (/connect|ENOENT|display/i.test(error.message) && !(error instanceof CaptureUnavailable)) {
      throw new CaptureUnavailable(`Cannot connect to the X display ${process.env.DISPLAY}: ${error.message}; check that it is running and that you may use it.`);
    }
    throw error;
  });
  return {
    recorder,
    onFatal: (listener) => {
      fatal = listener;
    },
    onHotkey: (listener) => {
      hotkey = listener;
    },
  };
}
