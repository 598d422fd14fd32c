// Cairn's service: every method of the API contract implemented over the core, for both hosts (the
// Electron service process and `cairn serve`). It owns one store connection and at most one
// recording; handlers are called only through `invoke`, which has validated their input.
import path from 'node:path';
import { DomainError } from '../core/domain-error.ts';
import type { Handlers } from './invoke.ts';
import { loadConsentText } from '../consent/consent-text.ts';
import { loadDefaultPolicy } from '../consent/default-policy.ts';
import { withdrawConsent } from '../services/withdraw-consent.ts';
import { orgPolicyInfo } from '../services/org-policy.ts';
import { listApps, setAppPolicy } from '../services/app-policies.ts';
import { sessionSteps } from '../services/session-steps.ts';
import { createRecordingService } from '../services/recording-service.ts';
import type { WindowInfo } from '../core/window-info.ts';
import { listRunningWindows } from '../capture/running-windows.ts';
import { ownWindowMatcher } from '../recorder/own-windows.ts';
import { captureProblem } from '../recorder/capture-capability.ts';
import { recordAcceptance } from '../store/consent-repo.ts';
import { deleteSession } from '../store/erase.ts';
import { openStore } from '../store/open-store.ts';
import { effectiveAllowedPolicies, effectiveRetentionDays } from '../store/org-policy-repo.ts';
import { recoverInterrupted } from '../store/recovery.ts';
import { applyRetention } from '../store/retention.ts';
import { readEventSlice, readStoredFrame } from '../store/session-content.ts';
import { listSessions } from '../store/session-list.ts';
import { getSettings, setSettings } from '../store/settings-repo.ts';
import { describeSession } from '../review/session-view.ts';
import { consentInfo, myData } from './my-data.ts';
import { closeOcr } from '../review/detectors/index.ts';
import { exportHandlers } from './export-handlers.ts';
import { recorderHandlers } from './recorder-handlers.ts';
import { remoteHandlers } from './remote-handlers.ts';
import { reviewHandlers } from './review-handlers.ts';
import { announcingChanges, type AnnounceChange, recordingChanges } from './session-events.ts';

export interface CairnServiceOptions {
  dataDir: string;
  /** Windows of the host itself (the app's windows); the terminal running Cairn is always excluded. */
  ownWindow?: (window: WindowInfo) => boolean;
  onEvent?: (name: string, payload: unknown) => void;
}

export interface CairnService {
  handlers: Handlers;
  close(): Promise<void>;
}

const RETENTION_EVERY_MS = 60 * 60 * 1000;

export function createCairnService(options: CairnServiceOptions): CairnService {
  const dataDir = path.resolve(options.dataDir);
  const store = openStore(dataDir);
  recoverInterrupted(store);
  const announce: AnnounceChange = (payload) => options.onEvent?.('sessions.changed', payload);
  const retain = () => {
    if (applyRetention(store, effectiveRetentionDays(store), Date.now()).length > 0) announce({ id: null });
  };
  retain();
  const retention = setInterval(() => {
    try {
      retain();
    } catch {
      // A locked store is tried again at the next hour.
    }
  }, RETENTION_EVERY_MS);
  retention.unref();

  const terminal = ownWindowMatcher();
  const recording = createRecordingService({
    dataDir,
    withStore: async (fn) => fn(store),
    isOwnWindow: (w) => terminal(w) || (options.ownWindow?.(w) ?? false),
  });
  const recordingChanged = recordingChanges(announce);
  const recorder = recorderHandlers({
    store,
    recording,
    onStatus: (snapshot) => {
      options.onEvent?.('recorder.status', snapshot);
      recordingChanged(snapshot);
    },
  });
  const exports = exportHandlers(store, (progress) => options.onEvent?.('export.progress', progress));
  const defaults = loadDefaultPolicy();
  // apps.set answers with the window count apps.list saw last, rather than opening the display again.
  let lastWindows: WindowInfo[] = [];

  const handlers: Handlers = {
    'consent.get': () => consentInfo(store, loadConsentText()),
    'consent.accept': ({ sha256 }) => {
      const text = loadConsentText();
      if (sha256 !== text.sha256) {
        throw new DomainError('refused', `That sha256 is not the one of consent text version ${text.version}; read the current text and accept it again.`);
      }
      recordAcceptance(store, { version: text.version, sha256: text.sha256, at: Date.now() });
      return consentInfo(store, text);
    },
    'consent.withdraw': () => withdrawConsent(dataDir, recording),

    'apps.list': async () => {
      const running = await listRunningWindows();
      lastWindows = running.windows;
      return listApps(store, running.windows, defaults);
    },
    'apps.set': (choice) => setAppPolicy(store, choice, { defaults, windows: lastWindows }),
    'org.get': () => orgPolicyInfo(store),

    'recorder.capability': async () => {
      const allowed = effectiveAllowedPolicies(store);
      const problem = await captureProblem({ screensWanted: allowed.length === 0 || allowed.some((p) => p.screens === 'on') });
      return { ok: problem === null, problem };
    },
    ...recorder.handlers,

    'sessions.list': () => listSessions(store),
    'sessions.get': ({ id, events }) => describeSession(store, id, { events }),
    'sessions.events': ({ id, fromSeq, limit }) => readEventSlice(store, id, fromSeq, limit),
    'sessions.steps': ({ id }) => sessionSteps(store, id),
    'sessions.frame': ({ id, seq }) => {
      const frame = readStoredFrame(store, id, seq);
      if (!frame) throw new DomainError('not-found', `Session ${id} has no frame ${seq}; it may have been erased.`);
      return { mime: `image/${frame.format === 'jpg' ? 'jpeg' : frame.format}`, base64: frame.bytes.toString('base64') };
    },
    'sessions.delete': ({ id }) => {
      if (recording.current()?.sessionId === id) {
        throw new DomainError('conflict', 'This session is being recorded; stop the recording before deleting it.');
      }
      const { events, frames } = deleteSession(store, id, 'contributor');
      return { events, frames };
    },

    'data.get': () => myData(store, dataDir, loadConsentText()),
    'data.forget': async ({ minutes }) => {
      const r = await recording.forget(minutes);
      return { events: r.events, frames: r.frames, deletedSessions: r.deletedSessions.length };
    },

    ...reviewHandlers(store),
    ...remoteHandlers(store, dataDir),
    ...exports.handlers,

    'settings.get': () => getSettings(store),
    'settings.set': (changes) => {
      const settings = setSettings(store, changes, { actor: 'contributor' });
      if (changes.retentionDays !== undefined) retain();
      return settings;
    },
  };

  return {
    handlers: announcingChanges(handlers, announce),
    close: async () => {
      clearInterval(retention);
      // An export cut short is taken back (its folder removed), never left half-written.
      await exports.cancel();
      // A recording running when the host closes is kept, as after Stop.
      recorder.close();
      await recording.stop({ code: 'stopped' }).catch(() => undefined);
      // review.scan may have started the OCR worker; it would keep the process alive.
      await closeOcr();
      store.close();
    },
  };
}
