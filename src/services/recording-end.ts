// Why a recording could not start and why it ended, as codes rather than sentences: each front end
// says them in its own words (the CLI names its commands, the app its screens), and no one compares
// a sentence as text to decide what to do.
import type { RecordingFault } from '../recorder/recording-fault.ts';
import type { RecorderCounters } from '../recorder/recorder-counters.ts';

export type NotReady =
  | { code: 'already-recording' }
  | { code: 'no-consent' }
  | { code: 'consent-outdated'; acceptedVersion: string; currentVersion: number }
  /** `orgDenied`: apps the person allowed that the organisation's policy does not (works-council mode). */
  | { code: 'no-app'; orgDenied: string[] }
  /** The organisation's policy covers consent text `orgVersion`, not this install's `currentVersion`. */
  | { code: 'org-consent'; orgVersion: number; currentVersion: number }
  /** `sentence` is the end of a sentence: what is over its limit and what to do. */
  | { code: 'storage-limit'; sentence: string };

export type StopCause =
  /** The person: Stop, Ctrl+C, SIGTERM, the tray. */
  | { code: 'stopped' }
  /** The stop hotkey, seen by the recorder itself. */
  | { code: 'hotkey' }
  /** `cairn record --duration` ran out. */
  | { code: 'duration' }
  /** The storage guard; `sentence` starts with "Recording stopped:". */
  | { code: 'storage-limit'; sentence: string }
  | RecordingFault;

export interface RecordingEnd {
  sessionId: string;
  cause: StopCause;
  /** False when what the recording held was discarded, because consent was withdrawn. */
  kept: boolean;
  counters: RecorderCounters;
}

/** Stops someone asked for, as opposed to ones the recording came to by itself. */
export function askedFor(cause: StopCause): boolean {
  return cause.code === 'stopped' || cause.code === 'hotkey' || cause.code === 'duration';
}

/** A few words for the session's audit row and the CLI's summary ("recorded (duration reached)"). */
export function describeStop(cause: StopCause): string {
  switch (cause.code) {
    case 'stopped':
      return 'stopped';
    case 'hotkey':
      return 'stopped by hotkey';
    case 'duration':
      return 'duration reached';
    case 'storage-limit':
      return 'storage limit reached';
    default:
      return cause.reason;
  }
}
