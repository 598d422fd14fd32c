// The API's recorder methods over this process's recording service (services/recording-service.ts,
// which owns the session itself): every answer is a RecordingSnapshot, pushed about four times a
// second as the `recorder.status` event while a recording runs, and a recording that cannot start
// is refused with a sentence that points at the app's screens.
import { DomainError } from '../core/domain-error.ts';
import type { RecordingSnapshot } from '../shared/contract.ts';
import { askedFor, describeStop, type NotReady, type RecordingEnd } from '../services/recording-end.ts';
import type { RecordingService } from '../services/recording-service.ts';
import { getSettings } from '../store/settings-repo.ts';
import { storeBytes } from '../store/storage-usage.ts';
import type { Store } from '../store/store.ts';
import type { Handlers } from './invoke.ts';

type RecorderMethod = 'recorder.status' | 'recorder.start' | 'recorder.pause' | 'recorder.resume' | 'recorder.stop' | 'recorder.control';

export interface RecorderHandlersOptions {
  store: Store;
  recording: RecordingService;
  onStatus: (snapshot: RecordingSnapshot) => void;
  statusIntervalMs?: number;
}

export function recorderHandlers(options: RecorderHandlersOptions): { handlers: Pick<Handlers, RecorderMethod>; close(): void } {
  const { store, recording } = options;
  let ticker: NodeJS.Timeout | null = null;
  let closed = false;
  // A stop that failed half-way leaves no end to report; its message is shown instead.
  let failure: string | null = null;

  const snapshot = (): RecordingSnapshot => {
    const now = recording.current();
    const end = recording.lastEnd();
    const counters = now?.counters ?? end?.counters;
    return {
      state: recording.phase(),
      sessionId: now?.sessionId ?? end?.sessionId ?? null,
      elapsedMs: counters?.elapsedMs ?? 0,
      kept: counters?.kept ?? 0,
      stored: counters?.stored ?? 0,
      dropped: { ...(counters?.dropped ?? {}) },
      frames: counters?.frames ?? 0,
      bytes: counters?.bytes ?? 0,
      storageUsed: storeBytes(store),
      storageBudget: getSettings(store).storageBudgetBytes,
      warnings: counters?.warnings ?? [],
      stoppedBecause: now ? null : end ? stoppedBecause(end) : failure,
    };
  };
  const emit = (): RecordingSnapshot => {
    const now = snapshot();
    options.onStatus(now);
    return now;
  };
  // The last status of a recording stopped by close() would come after the store has closed.
  const emitUnlessClosed = (): void => {
    if (!closed) emit();
  };

  /** Pushes the status while a recording runs, however it started, and once more when it ends. */
  const watch = (): void => {
    if (ticker || recording.phase() === 'idle') return;
    failure = null;
    ticker = setInterval(emitUnlessClosed, options.statusIntervalMs ?? 250);
    void recording
      .ended()
      .catch((error: Error) => {
        failure = `Recording stopped: ${error.message}`;
      })
      .finally(() => {
        if (ticker) clearInterval(ticker);
        ticker = null;
        emitUnlessClosed();
      });
  };

  const whileRecording = (what: string): void => {
    if (recording.phase() === 'idle') throw new DomainError('conflict', `Nothing is being recorded, so there is nothing to ${what}.`);
  };

  return {
    handlers: {
      'recorder.status': snapshot,
      'recorder.start': async ({ task }) => {
        const started = await recording.start({ task });
        if (!started.ok) throw notReadyError(started.notReady);
        watch();
        return emit();
      },
      'recorder.pause': () => {
        whileRecording('pause');
        recording.pause();
        return emit();
      },
      'recorder.resume': () => {
        whileRecording('resume');
        recording.resume();
        return emit();
      },
      'recorder.stop': async () => {
        await recording.stop({ code: 'stopped' });
        return emit();
      },
      'recorder.control': async ({ action }) => {
        const outcome = await recording.control(action);
        if ('started' in outcome && !outcome.started.ok) throw notReadyError(outcome.started.notReady);
        watch();
        return emit();
      },
    },
    close: () => {
      closed = true;
      if (ticker) clearInterval(ticker);
    },
  };
}

/** Why the last recording ended, when it was not the person's own stop. */
function stoppedBecause(end: RecordingEnd): string | null {
  if (end.kept && askedFor(end.cause)) return null;
  return end.cause.code === 'storage-limit' ? end.cause.sentence : `Recording stopped: ${describeStop(end.cause)}.`;
}

function notReadyError(notReady: NotReady): DomainError {
  switch (notReady.code) {
    case 'already-recording':
      return new DomainError('conflict', 'A recording is already running; stop it before starting another.');
    case 'no-consent':
      return new DomainError('refused', 'No consent given yet: read and accept the consent text, then record.');
    case 'consent-outdated':
      return new DomainError(
        'refused',
        `The consent text changed (now version ${notReady.currentVersion}) since you accepted version ${notReady.acceptedVersion}: read it and accept it again before recording.`,
      );
    case 'no-app':
      if (notReady.orgDenied.length > 0) {
        return new DomainError('refused', `Your organisation's policy allows none of the apps you allowed (${notReady.orgDenied.join(', ')}): allow one it lists on the Apps screen.`);
      }
      return new DomainError('refused', 'No app is allowed yet: allow one on the Apps screen, then record.');
    case 'org-consent':
      return new DomainError(
        'refused',
        `Your organisation's policy covers consent text version ${notReady.orgVersion}, but this Cairn has version ${notReady.currentVersion}: update Cairn or ask your admin for a policy that covers it.`,
      );
    case 'storage-limit':
      return new DomainError('refused', `Cannot record: ${notReady.sentence}`);
  }
}
