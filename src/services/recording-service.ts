// A recording session, written once for every front end (`cairn record`, the browser host and the
// desktop app's service): the checks before anything is hooked, start, pause and resume, forgetting
// the last minutes, the one mapping of hotkeys and tray items to these, every kind of stop (the
// person, a hotkey, a time limit, the storage guard, a fault) and the last word on keeping or
// discarding what was recorded. Front ends only put it in their own words (see recording-end.ts).
import { randomUUID } from 'node:crypto';
import { type ConsentText, loadConsentText } from '../consent/consent-text.ts';
import { loadDefaultPolicy } from '../consent/default-policy.ts';
import type { AppPolicy } from '../core/app-policy.ts';
import type { ControlAction } from '../shared/hotkeys.ts';
import type { Millis } from '../core/input-event.ts';
import type { WindowInfo } from '../core/window-info.ts';
import type { CaptureMethod } from '../capture/create-screen-capturer.ts';
import type { FocusWatcher } from '../capture/focus-watcher.ts';
import type { RecorderCounters } from '../recorder/recorder-counters.ts';
import { CONSENT_WITHDRAWN } from '../recorder/recording-fault.ts';
import { newRecordingSession, recordingReadiness, windowRules } from '../recorder/recording-setup.ts';
import type { Recording } from '../recorder/start-recording.ts';
import { currentStorageProblem, type StorageGuard, startStorageGuard } from '../recorder/storage-guard.ts';
import type { RecordingPhase } from '../shared/contract.ts';
import { activeAcceptance } from '../store/consent-repo.ts';
import { type ForgetResult, forgetLast } from '../store/erase.ts';
import { applyAction, createSession, releaseRecorder } from '../store/session-repo.ts';
import { isDiskFull, withRoomOnFullDisk } from '../store/room-on-full-disk.ts';
import { parseTask } from '../core/task-text.ts';
import type { Store } from '../store/store.ts';
import { type NotReady, type RecordingEnd, type StopCause, describeStop } from './recording-end.ts';

export type StartResult = { ok: true; sessionId: string; apps: string[] } | { ok: false; notReady: NotReady };

/** What a control (hotkey, tray item, `recorder.control`) did. */
export type ControlOutcome =
  | { action: 'toggle-record'; started: StartResult }
  | { action: 'toggle-record'; ended: RecordingEnd | null }
  | { action: 'toggle-pause'; phase: RecordingPhase }
  | { action: 'forget-5-minutes'; forgotten: ForgetResult };

/** Seams for tests and benchmarks only (tests/helpers/cairn-with-probes.ts sets them). */
export interface RecordingProbes {
  /** Wraps the platform's focus watcher, e.g. to make it slow or silent. */
  wrapFocusWatcher?: (watcher: FocusWatcher) => FocusWatcher;
  /** How frames are taken ('screen': whole-screen grabs, the fallback); the platform's best by default. */
  captureMethod?: CaptureMethod;
  /** Told of every end, with the recorder's final counters (latencies included). */
  onEnd?: (end: RecordingEnd) => void;
}

export interface RecordingServiceOptions {
  dataDir: string;
  /** Runs `fn` on the store: the host's one connection, or a store the CLI opens for the step. */
  withStore: <T>(fn: (store: Store) => T) => Promise<T>;
  isOwnWindow: (window: WindowInfo) => boolean;
  framePeriodMs?: Millis;
  /** Told what a hotkey pressed during the recording did, or why it failed. */
  onHotkey?: (outcome: ControlOutcome | { action: ControlAction; failed: Error }) => void;
  probes?: RecordingProbes;
}

export interface RecordingService {
  /** 'idle' once a stop has finished: a recording still stopping counts as running. */
  phase(): RecordingPhase;
  /** The recording running (or stopping) now, with its live counters; null when idle. */
  current(): { sessionId: string; counters: RecorderCounters } | null;
  /** How the last recording ended; null while one runs or before the first. */
  lastEnd(): RecordingEnd | null;
  /** `task`: what the recording demonstrates, as typed (checked by core/task-text's rule). */
  start(request?: { task?: string }): Promise<StartResult>;
  pause(): RecordingPhase;
  resume(): RecordingPhase;
  /** Ends the recording running now (null when there is none); see finish() for keep or discard. */
  stop(cause: StopCause): Promise<RecordingEnd | null>;
  /** Erases the last `minutes`; while recording, what the recorder still holds goes first. */
  forget(minutes: number): Promise<ForgetResult>;
  /** The one mapping of a control to what it does; a stop it causes is recorded as `stopCause`. */
  control(action: ControlAction, stopCause?: StopCause): Promise<ControlOutcome>;
  /** Settles when the recording started last ends, whoever ends it (rejects if stopping failed). */
  ended(): Promise<RecordingEnd>;
}

/** The recording of this process, from its start until its stop has finished. */
interface Active {
  recording: Recording;
  sessionId: string;
  guard: StorageGuard;
  settle: { resolve(end: RecordingEnd): void; reject(error: unknown): void };
}

const FORGET_HOTKEY_MINUTES = 5;

export function createRecordingService(options: RecordingServiceOptions): RecordingService {
  const { dataDir } = options;
  let active: Active | null = null;
  let starting = false;
  let ending: Promise<RecordingEnd> | null = null;
  let lastEnd: RecordingEnd | null = null;
  let lastEnded: Promise<RecordingEnd> = Promise.reject(new Error('No recording was started.'));
  lastEnded.catch(() => undefined);

  const phase = (): RecordingPhase => (active ? (active.recording.recorder.paused ? 'paused' : 'recording') : 'idle');

  async function start(request: { task?: string } = {}): Promise<StartResult> {
    if (active || starting || ending) return { ok: false, notReady: { code: 'already-recording' } };
    const task = request.task === undefined ? null : parseTask(request.task);
    starting = true;
    try {
      const text = loadConsentText();
      const ready = await options.withStore((store) => readiness(store, text, dataDir));
      if (!ready.ok) return ready;
      const { allowed, consentId } = ready;
      const sessionId = randomUUID();
      // Loaded only now: no capture module (input hook, X connection, screen grabber) is even
      // loaded before consent and policies have been checked.
      const { startRecording } = await import('../recorder/start-recording.ts');
      const recording = await startRecording({
        dataDir,
        sessionId,
        screensWanted: allowed.some((p) => p.screens === 'on'),
        rules: windowRules(allowed, loadDefaultPolicy()),
        isOwnWindow: options.isOwnWindow,
        framePeriodMs: options.framePeriodMs,
        wrapFocusWatcher: options.probes?.wrapFocusWatcher,
        captureMethod: options.probes?.captureMethod,
        createSession: async (clockOrigin, layout, startedAt) => {
          await options.withStore((store) => createSession(store, newRecordingSession({ id: sessionId, startedAt, clockOrigin, layout, allowed, consentId, task })));
        },
      });
      // The listeners act only while this recording runs: a report after its stop began does nothing.
      const mine = () => active?.recording === recording && !ending;
      recording.onFatal((fault) => {
        if (mine()) void stop(fault).catch(() => undefined);
      });
      recording.onHotkey((action) => {
        if (!mine()) return;
        control(action, { code: 'hotkey' }).then(options.onHotkey, (error: Error) => options.onHotkey?.({ action, failed: error }));
      });
      const guard = startStorageGuard({
        dataDir,
        onLimit: (sentence) => {
          if (mine()) void stop({ code: 'storage-limit', sentence }).catch(() => undefined);
        },
      });
      let settle!: Active['settle'];
      lastEnded = new Promise<RecordingEnd>((resolve, reject) => (settle = { resolve, reject }));
      // Whoever ends it may not be listening (a hotkey, the guard): the failure is still kept here.
      lastEnded.catch(() => undefined);
      active = { recording, sessionId, guard, settle };
      lastEnd = null;
      return { ok: true, sessionId, apps: allowed.map((p) => p.app) };
    } finally {
      starting = false;
    }
  }

  // The recording counts as running until its stop has finished: a start meanwhile is refused.
  function stop(cause: StopCause): Promise<RecordingEnd | null> {
    if (ending) return ending;
    if (!active) return Promise.resolve(null);
    const stopping = active;
    const done = () => {
      active = null;
      ending = null;
    };
    ending = finish(stopping, cause).then(
      (end) => {
        done();
        lastEnd = end;
        stopping.settle.resolve(end);
        options.probes?.onEnd?.(end);
        return end;
      },
      (error: unknown) => {
        done();
        stopping.settle.reject(error);
        throw error;
      },
    );
    return ending;
  }

  /** Kept (stopped) unless consent is gone by now, whatever asked for the stop: then discarded. */
  async function finish({ recording, sessionId, guard }: Active, cause: StopCause): Promise<RecordingEnd> {
    guard.stop();
    // A stop may come from a withdrawal (its SIGTERM, or a Stop pressed just after it): then nothing
    // the recorder still holds may be written. A store that cannot tell whether consent is still in
    // force counts as not (fail closed), and capture stops all the same.
    const inForce = await options.withStore((store) => activeAcceptance(store) !== undefined).catch(() => false);
    const withdrawn = cause.code === 'consent-withdrawn' || !inForce;
    const { recorder } = recording;
    await recorder.stop(withdrawn ? 'discard' : 'keep');
    if (withdrawn) {
      await options.withStore((store) => releaseRecorder(store, sessionId));
      return { sessionId, cause: CONSENT_WITHDRAWN, kept: false, counters: recorder.status() };
    }
    const at = recorder.clock.now();
    const counters = recorder.status();
    try {
      await withRoomOnFullDisk(dataDir, () => options.withStore((store) => applyAction(store, sessionId, 'stop', { actor: 'contributor', reason: describeStop(cause), at })));
    } catch (error) {
      // Everything recorded is saved; only the session's state still says recording. The next
      // start finds its recorder gone and keeps it as interrupted, with the gap the disk left.
      if (!isDiskFull(error, dataDir)) throw error;
      counters.warnings = [...counters.warnings, 'the disk is full, so the stop itself could not be saved: at the next start this session is kept as interrupted'];
    }
    return { sessionId, cause, kept: true, counters };
  }

  async function forget(minutes: number): Promise<ForgetResult> {
    const erase = () => options.withStore((store) => forgetLast(store, minutes, Date.now(), 'contributor'));
    // A stopping recorder takes nothing more; what it wrote is erased once it has finished.
    if (ending) await ending.catch(() => undefined);
    return active ? active.recording.recorder.forgetRecent(erase) : erase();
  }

  const pause = (): RecordingPhase => {
    if (!ending) active?.recording.recorder.pause();
    return phase();
  };
  const resume = (): RecordingPhase => {
    if (!ending) active?.recording.recorder.resume();
    return phase();
  };

  async function control(action: ControlAction, stopCause: StopCause = { code: 'stopped' }): Promise<ControlOutcome> {
    switch (action) {
      case 'toggle-record':
        return active ? { action, ended: await stop(stopCause) } : { action, started: await start() };
      case 'toggle-pause':
        return { action, phase: phase() === 'recording' ? pause() : resume() };
      case 'forget-5-minutes':
        return { action, forgotten: await forget(FORGET_HOTKEY_MINUTES) };
    }
  }

  return {
    phase,
    current: () => (active ? { sessionId: active.sessionId, counters: active.recording.recorder.status() } : null),
    lastEnd: () => lastEnd,
    start,
    pause,
    resume,
    stop,
    forget,
    control,
    ended: () => lastEnded,
  };
}

type Readiness = { ok: true; consentId: number; allowed: AppPolicy[] } | { ok: false; notReady: NotReady };

/** Everything a recording needs, checked before the first hook or watcher starts. */
function readiness(store: Store, text: ConsentText, dataDir: string): Readiness {
  const ready = recordingReadiness(store, text);
  if (!ready.ok) {
    if (ready.missing === 'consent') return { ok: false, notReady: { code: 'no-consent' } };
    if (ready.missing === 'current-consent') return { ok: false, notReady: { code: 'consent-outdated', acceptedVersion: ready.acceptedVersion, currentVersion: text.version } };
    if (ready.missing === 'org-consent') return { ok: false, notReady: { code: 'org-consent', orgVersion: ready.orgVersion, currentVersion: text.version } };
    return { ok: false, notReady: { code: 'no-app', orgDenied: ready.orgDenied } };
  }
  const storage = currentStorageProblem(store, dataDir);
  if (storage) return { ok: false, notReady: { code: 'storage-limit', sentence: storage } };
  return ready;
}
