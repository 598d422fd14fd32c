// The renderer's recorder store keeps the newest status: a `load` that answers after a start (or a
// pushed status) must not put an older state back on screen. Seen on a loaded CI machine: the
// Record screen's load answered "idle" after the start had answered "recording", and the
// recording indicator vanished while recording.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MethodOutput } from '../../src/shared/contract.ts';
import { WINDOW_API_KEY } from '../../src/shared/window-api.ts';

type Status = MethodOutput<'recorder.status'>;

const status = (state: Status['state']): Status => ({
  state, sessionId: state === 'idle' ? null : 'f00d', elapsedMs: 0, kept: 0, stored: 0, dropped: {}, frames: 0, bytes: 0,
  storageUsed: 0, storageBudget: 1, warnings: [], stoppedBecause: null,
} as Status);

/** A promise with its resolver, so a test decides when an answer arrives. */
function later<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('the recorder store', () => {
  let statusAnswer: ReturnType<typeof later<Status>>;
  let listener: ((s: Status) => void) | null;

  beforeEach(() => {
    vi.resetModules();
    statusAnswer = later<Status>();
    listener = null;
    const api = {
      'recorder.status': () => statusAnswer.promise,
      'recorder.capability': async () => ({ ok: true, problem: null }),
      'recorder.start': async () => status('recording'),
      'recorder.pause': async () => status('paused'),
      onEvent: (_name: string, fn: (s: Status) => void) => ((listener = fn), () => (listener = null)),
    };
    vi.stubGlobal('window', { [WINDOW_API_KEY]: api });
  });
  afterEach(() => vi.unstubAllGlobals());

  const store = async () => (await import('../../renderer/stores/recorder-store.ts')).useRecorder;

  it('drops a load answer that comes after the start answered', async () => {
    const useRecorder = await store();
    const loading = useRecorder.getState().load();
    await useRecorder.getState().start('');
    expect(useRecorder.getState().status?.state).toBe('recording');
    statusAnswer.resolve(status('idle'));
    await loading;
    expect(useRecorder.getState().status?.state).toBe('recording');
    expect(useRecorder.getState().capability).toEqual({ ok: true, problem: null });
  });

  it('drops a load answer that comes after a pushed status', async () => {
    const useRecorder = await store();
    useRecorder.getState().subscribe();
    const loading = useRecorder.getState().load();
    listener!(status('paused'));
    statusAnswer.resolve(status('recording'));
    await loading;
    expect(useRecorder.getState().status?.state).toBe('paused');
  });

  it('takes a load answer when nothing newer came, and later pushes over it', async () => {
    const useRecorder = await store();
    useRecorder.getState().subscribe();
    statusAnswer.resolve(status('recording'));
    await useRecorder.getState().load();
    expect(useRecorder.getState().status?.state).toBe('recording');
    listener!(status('idle'));
    expect(useRecorder.getState().status?.state).toBe('idle');
  });
});
