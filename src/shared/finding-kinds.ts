// The one kind of finding both sides must tell apart: a frame without a box is a frame where a
// secret found in typed text or a title may show but OCR could not find it (nor prove it gone).
// Nothing redacts it on its own: a person looks, then blacks out what shows it or waives it. Until
// then the session is not clean, whatever the other findings say.

interface FindingShape { source: string; status?: string; location: { frameSeq?: number; box?: unknown } }

export function isUnreadFrame(f: FindingShape): boolean {
  return f.source === 'frame' && f.location.frameSeq !== undefined && f.location.box === undefined;
}

/** How many open findings are such frames. */
export function openUnreadFrames(findings: readonly FindingShape[]): number {
  return findings.filter((f) => f.status === 'open' && isUnreadFrame(f)).length;
}
