// Frames as image files, the same layout in every format: frames/<session>/<seq>.<format>.
import type { ExportSession } from '../export-session.ts';
import type { OutputDir } from './export-writer.ts';

/** Writes the frames `seqs` (each once) and returns their paths by seq. */
export async function writeFrames(out: OutputDir, session: ExportSession, seqs: Iterable<number>): Promise<Map<number, string>> {
  const formats = new Map(session.frames.map((f) => [f.seq, f.format]));
  const paths = new Map<number, string>();
  for (const seq of [...new Set(seqs)].sort((a, b) => a - b)) {
    const path = `frames/${session.id}/${seq}.${formats.get(seq) ?? 'webp'}`;
    await out.write(path, session.frameBytes(seq));
    paths.set(seq, path);
  }
  return paths;
}

/** The frames the steps are paired with: each one's observation before and after. */
export function pairedFrames(actions: readonly { frameSeq: number | null; afterFrameSeq: number | null }[]): number[] {
  const seqs = new Set<number>();
  for (const a of actions) {
    if (a.frameSeq !== null) seqs.add(a.frameSeq);
    if (a.afterFrameSeq !== null) seqs.add(a.afterFrameSeq);
  }
  return [...seqs];
}

/** The path a frame was written to (writeFrames' answer), or null for a step without that frame. */
export function framePath(paths: ReadonlyMap<number, string>, seq: number | null): string | null {
  return seq === null ? null : (paths.get(seq) ?? null);
}
