// Why a recording ends by itself: a code the front ends decide on (a withdrawal discards what is
// held, the rest keep it) and the end of a sentence they show ("Recording stopped: <reason>.").
export interface RecordingFault {
  code: 'consent-withdrawn' | 'focus-watcher-stopped' | 'input-stopped' | 'store-failed' | 'disk-full';
  reason: string;
}

export const CONSENT_WITHDRAWN: RecordingFault = { code: 'consent-withdrawn', reason: 'consent was withdrawn' };
