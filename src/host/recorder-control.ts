// The recorder as the app drives it: one recording at a time in this process, started only after
// the same checks as `cairn record`, stopped by the person, by a hotkey, by a withdrawal or by the
// storage guard, and its status pushed about four times a second while it runs.
import { randomUUID } from 'node:crypto';
import type { MethodOutput } from '../shared/contract.ts';
import { DomainError } from '../core/domain-error.ts';
import { loadConsentText } from '../consent/consent-text.ts';
import { loadDefaultPolicy } from '../consent/default-policy.ts';
import type { WindowInfo } from '../core/window-info.ts';
import type { RecorderStatus } from '../recorder/recorder-status.ts';
import { newRecordingSession, recordingReadiness, windowPolicy } from '../recorder/recording-setup.ts';
import type { Recording } from '../recorder/start-recording.ts';
import { currentStorageProblem, type StorageGuard, startStorageGuard } from '../recorder/storage-guard.ts';
import { activeAcceptance } from '../store/consent-repo.ts';
import { forgetLast, type ForgetResult } from '../store/erase.ts';
import { applyAction, createSession } from '../store/session-repo.ts';
import { getSettings } from '../store/settings-repo.ts';
import { storeBytes } from '../store/storage-usage.ts';
import type { Store } from '../store/store.ts';

export type RecorderState = MethodOutput<'recorder.status'>;

export interface RecorderControlOptions {
  dataDir: string;
  store: Store;
  isOwnWindow: (window: WindowInfo) => boolean;
  onStatus: (state: RecorderState) => void;
  statusIntervalMs?: number;
}

interface Active {
  recording: Recording;
  sessionId: string;
  guard: StorageGuard;
  ticker: NodeJS.Timeout;
}

export function createRecorderControl(options: RecorderControlOptions) {
  const { store, dataDir } = options;
  let active: Active | null = null;
  let busy = false;
  let last: { sessionId: string | null; status: RecorderStatus | null; stoppedBecause: string | null } = {
    sessionId: null,
    status: null,
    stoppedBecause: null,
  };

  const state = (): RecorderState => {
    const status = active ? active.recording.recorder.status() : last.status;
    return {
      state: active ? (status?.paused ? 'paused' : 'recording') : 'idle',
      sessionId: active?.sessionId ?? last.sessionId,
      elapsedMs: status?.elapsedMs ?? 0,
      kept: status?.kept ?? 0,
      stored: status?.stored ?? 0,
      dropped: { ...(status?.dropped ?? {}) },
      frames: status?.frames ?? 0,
      bytes: status?.bytes ?? 0,
      storageUsed: storeBytes(store),
      storageBudget: getSettings(store).storageBudgetBytes,
      warnings: status?.warnings ?? [],
      stoppedBecause: last.stoppedBecause,
    };
  };
  const emit = (): RecorderState => {
    const now = state();
    options.onStatus(now);
    return now;
  };

  async function start(): Promise<RecorderState> {
    if (active || busy) throw new DomainError('conflict', 'A recording is already running; stop it before starting another.');
    const text = loadConsentText();
    const ready = recordingReadiness(store, text);
    if (!ready.ok) throw new DomainError('refused', notReadySentence(ready, text.version));
    const storage = currentStorageProblem(store, dataDir);
    if (storage) throw new DomainError('refused', `Cannot record: ${storage}`);
    busy = true;
    try {
      const sessionId = randomUUID();
      // Loaded only now, as in `cairn record`: no capture module before consent and policies are checked.
      const { startRecording } = await import('../recorder/start-recording.ts');
      const recording = await startRecording({
        dataDir,
        sessionId,
        screensWanted: ready.allowed.some((p) => p.screens === 'on'),
        policyOf: windowPolicy(ready.allowed, loadDefaultPolicy()),
        isOwnWindow: options.isOwnWindow,
        createSession: async (clockOrigin, layout, startedAt) => {
          createSession(store, newRecordingSession({ id: sessionId, startedAt, clockOrigin, layout, allowed: ready.allowed, consentId: ready.consentId }));
        },
      });
      recording.onFatal((why) => void finish(why === 'consent was withdrawn' ? 'discard' : 'keep', `Recording stopped: ${why}.`));
      recording.onHotkey((action) => {
        if (action === 'toggle-record') void finish('keep', null);
        else if (action === 'toggle-pause') (recording.recorder.paused ? resume : pause)();
        else void forget(5).catch(() => undefined);
      });
      const guard = startStorageGuard({ dataDir, onLimit: (reason) => void finish('keep', reason) });
      const ticker = setInterval(emit, options.statusIntervalMs ?? 250);
      active = { recording, sessionId, guard, ticker };
      last = { sessionId, status: null, stoppedBecause: null };
    } finally {
      busy = false;
    }
    return emit();
  }

  function pause(): RecorderState {
    if (!active) throw new DomainError('conflict', 'Nothing is being recorded, so there is nothing to pause.');
    active.recording.recorder.pause();
    return emit();
  }

  function resume(): RecorderState {
    if (!active) throw new DomainError('conflict', 'Nothing is being recorded, so there is nothing to resume.');
    active.recording.recorder.resume();
    return emit();
  }

  /** Ends the recording: kept (stopped) unless consent is gone, when what it holds is discarded. */
  async function finish(mode: 'keep' | 'discard', stoppedBecause: string | null): Promise<RecorderState> {
    const ending = active;
    if (!ending) return state();
    active = null;
    clearInterval(ending.ticker);
    ending.guard.stop();
    const keep = mode === 'keep' && activeAcceptance(store) !== undefined;
    const { recorder } = ending.recording;
    await recorder.stop(keep ? 'keep' : 'discard');
    if (keep) applyAction(store, ending.sessionId, 'stop', { actor: 'contributor', reason: stoppedBecause ?? 'stopped', at: recorder.clock.now() });
    last = { sessionId: ending.sessionId, status: recorder.status(), stoppedBecause: keep ? stoppedBecause : 'Recording stopped: consent was withdrawn.' };
    return emit();
  }

  /** Erases the last `minutes`; while recording, what the recorder holds is discarded first. */
  async function forget(minutes: number): Promise<ForgetResult> {
    const erase = () => forgetLast(store, minutes, Date.now(), 'contributor');
    return active ? active.recording.recorder.forgetRecent(async () => erase()) : erase();
  }

  return {
    state,
    start,
    pause,
    resume,
    stop: () => finish('keep', null),
    /** For withdrawal: stops without writing anything more. Returns whether a recording ran. */
    discard: async () => {
      const was = active !== null;
      await finish('discard', null);
      return was;
    },
    forget,
    recordingSessionId: () => active?.sessionId ?? null,
  };
}

export type RecorderControl = ReturnType<typeof createRecorderControl>;

function notReadySentence(ready: { missing: string; acceptedVersion?: string }, version: number): string {
  switch (ready.missing) {
    case 'consent':
      return 'No consent given yet: read and accept the consent text, then record.';
    case 'current-consent':
      return `The consent text changed (now version ${version}) since you accepted version ${ready.acceptedVersion}: read it and accept it again before recording.`;
    default:
      return 'No app is allowed yet: allow one on the Apps screen, then record.';
  }
}
