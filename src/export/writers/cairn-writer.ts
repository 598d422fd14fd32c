// Cairn's own format: every step of every session as one JSON line in episodes.jsonl (with the
// session's task as `instruction`, the paths of its frames observed before and after it, its element
// and its frame's tree), all frames of each session as image files, the element records
// (element-records.ts), and the manifest.
import { defineWriter } from './define-writer.ts';
import type { ExportWriter, WriterOptions } from './export-writer.ts';
import { stepElement, stepTreeFile, writeElementRecords } from './element-records.ts';
import { framePath, writeFrames } from './frame-files.ts';

export function cairnWriter(options: WriterOptions = {}): ExportWriter {
  return defineWriter('cairn', options, async (items, out, steps) => {
    const lines: string[] = [];
    for (const { session, actions } of items) {
      const frames = await writeFrames(out, session, session.frames.map((f) => f.seq));
      for (const action of actions) {
        const frame = framePath(frames, action.frameSeq);
        const afterFrame = framePath(frames, action.afterFrameSeq);
        lines.push(JSON.stringify({ session: session.id, instruction: session.task ?? '', ...action, frame, afterFrame, element: stepElement(session, action), frameTree: stepTreeFile(session, action) }));
        steps.step();
      }
    }
    await out.write('episodes.jsonl', lines.length === 0 ? '' : `${lines.join('\n')}\n`);
    await writeElementRecords(out, items);
  });
}
