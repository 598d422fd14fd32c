// JSON Lines of per-step actions in another vocabulary: one line per step with the session, its
// task (`instruction`), the step's index and time, the frame observed before it (`image`, the one its
// coordinates are in) and its size, the actions that spell it, and the frame observed once it
// settled (`after_image`): what OSWorld's runner stores after each step (its `screenshot_file`) and
// what a computer-use tool returns as the result of an action, so the last line's is the
// trajectory's final observation. A step the vocabulary cannot spell has no actions and says why (`refused`).
import type { Action } from '../actions/action.ts';
import type { ExportItem, OutputDir, StepCounter } from './export-writer.ts';
import { framePath, pairedFrames, writeFrames } from './frame-files.ts';
import { isRefusal, type Refusal } from './refusal.ts';

export async function writeStepLines(
  items: readonly ExportItem[],
  out: OutputDir,
  steps: StepCounter,
  files: Record<string, (step: Action) => unknown[] | Refusal>,
): Promise<void> {
  const lines = new Map(Object.keys(files).map((path) => [path, [] as string[]]));
  for (const { session, actions } of items) {
    const images = await writeFrames(out, session, pairedFrames(actions));
    const sizes = new Map(session.frames.map((f) => [f.seq, [f.width, f.height]]));
    for (const step of actions) {
      const envelope = {
        session_id: session.id,
        instruction: session.task ?? '',
        index: step.index,
        kind: step.kind,
        t_ms: step.t,
        image: framePath(images, step.frameSeq),
        image_size: step.frameSeq === null ? null : (sizes.get(step.frameSeq) ?? null),
      };
      const after = { after_image: framePath(images, step.afterFrameSeq) };
      for (const [path, spell] of Object.entries(files)) {
        const actions = spell(step);
        const line = isRefusal(actions) ? { ...envelope, actions: [], refused: actions.refused, ...after } : { ...envelope, actions, ...after };
        lines.get(path)!.push(JSON.stringify(line));
      }
      steps.step();
    }
  }
  for (const [path, list] of lines) await out.write(path, list.length === 0 ? '' : `${list.join('\n')}\n`);
}
