// Blacking out a box on a frame: the frame is decoded, the box painted pure black, and the image
// re-encoded as lossless WebP (lossy coding would smear grey into the box and keep faint edges of
// what was under it), then the stored bytes and sha256 are replaced. The old encoded image is gone
// from the file: secure_delete zeroes the freed cells and overflow pages, the checkpoint the WAL.
import { createHash } from 'node:crypto';
import { DomainError } from '../../core/domain-error.ts';
import { openFrameImage } from '../frame-image.ts';
import { listFindings, markRedacted, type Box } from '../../store/findings-repo.ts';
import { replaceFrameImage } from '../../store/redaction-repo.ts';
import { readStoredFrame, type StoredFrame } from '../../store/session-content.ts';
import type { Store } from '../../store/store.ts';
import { type ChangeResult, destructiveChange } from './destructive-change.ts';

/** A box that covers any frame (it is clipped to the frame): the whole frame blacked out. */
export const WHOLE_FRAME: Box = { x: 0, y: 0, width: 2 ** 31 - 1, height: 2 ** 31 - 1 };

export async function blackOutBox(
  store: Store,
  sessionId: string,
  frameSeq: number,
  box: Box,
  options: { reason?: string; actor?: string; at?: number } = {},
): Promise<ChangeResult<{ box: Box; sha256: string }>> {
  const frame = readFrame(store, sessionId, frameSeq);
  const { image, width, height } = await openFrameImage(frame.bytes, `Frame ${frameSeq} of session ${sessionId}`);
  const clipped = clip(box, width, height);
  if (!clipped) {
    throw new DomainError('invalid-input', `The box ${box.x},${box.y},${box.width},${box.height} lies outside frame ${frameSeq} (${width}x${height}).`);
  }
  const black = { create: { width: clipped.width, height: clipped.height, channels: 3 as const, background: { r: 0, g: 0, b: 0 } } };
  const bytes = await image
    .removeAlpha()
    .composite([{ input: black, left: clipped.x, top: clipped.y }])
    .removeAlpha()
    .webp({ lossless: true })
    .toBuffer();
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const spec = { sessionId, kind: 'box' as const, target: { frameSeq, ...clipped }, reason: options.reason ?? 'box blacked out', actor: options.actor, at: options.at };
  return destructiveChange(store, spec, () => {
    // The frame may have changed while it was being painted (another redaction): refuse, not overwrite.
    if (readFrame(store, sessionId, frameSeq).sha256 !== frame.sha256) {
      throw new DomainError('conflict', `Frame ${frameSeq} changed while the box was drawn; try again.`);
    }
    replaceFrameImage(store, sessionId, frameSeq, { bytes, sha256, format: 'webp' });
    const whole = clipped.width === width && clipped.height === height;
    const covered = listFindings(store, sessionId)
      .filter((f) => f.status !== 'redacted' && f.location.frameSeq === frameSeq && covers(clipped, whole, f.location.box))
      .map((f) => f.id);
    markRedacted(store, covered, options.at ?? Date.now());
    return { box: clipped, sha256 };
  });
}

function readFrame(store: Store, sessionId: string, frameSeq: number): StoredFrame {
  const frame = readStoredFrame(store, sessionId, frameSeq);
  if (!frame) throw new DomainError('not-found', `Session ${sessionId} has no frame ${frameSeq}; \`cairn show\` lists its frames.`);
  return frame;
}

function clip(b: Box, width: number, height: number): Box | undefined {
  const x = Math.max(0, Math.floor(b.x));
  const y = Math.max(0, Math.floor(b.y));
  const right = Math.min(width, Math.ceil(b.x + b.width));
  const bottom = Math.min(height, Math.ceil(b.y + b.height));
  return right > x && bottom > y ? { x, y, width: right - x, height: bottom - y } : undefined;
}

/** Whether a black-out of `box` (all of the frame when `whole`) covers a finding at `found`: a
 *  finding without a box is the whole frame (a place a typed secret may be). The team service
 *  counts its reviewers' black-outs by this rule too. */
export function covers(box: Box, whole: boolean, found: Box | undefined): boolean {
  return found ? inside(found, box) : whole;
}

function inside(inner: Box, outer: Box): boolean {
  return inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.width <= outer.x + outer.width && inner.y + inner.height <= outer.y + outer.height;
}
