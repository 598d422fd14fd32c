// pyautogui code in AgentNet's trajectory layout: trajectories.jsonl holds one line per session,
// {task_id, instruction, traj: [{index, image, value: {action, code}}]}, as AgentNet's dataset card
// shows it ("Each JSONL file contains trajectories in the following structure": task_id,
// instruction, ..., "traj": [{"index": 0, "image": "....png", "value": {"observation", "thought",
// "action", "code", ...}}]). The instruction is the session's task; Cairn has no chain of thought,
// so that stays out, and Cairn's own facts about a step go under `cairn`.
import { defineWriter } from './define-writer.ts';
import type { ExportWriter, WriterOptions } from './export-writer.ts';
import { framePath, pairedFrames, writeFrames } from './frame-files.ts';
import { writeElementRecords } from './element-records.ts';
import { describeStep, pyautoguiCode } from './pyautogui-code.ts';
import { isRefusal } from './refusal.ts';

export function pyautoguiWriter(options: WriterOptions = {}): ExportWriter {
  return defineWriter('pyautogui', options, async (items, out, steps) => {
    const lines: string[] = [];
    for (const { session, actions } of items) {
      const frames = await writeFrames(out, session, pairedFrames(actions));
      const sizes = new Map(session.frames.map((f) => [f.seq, [f.width, f.height]]));
      const traj: unknown[] = [];
      const refused: { index: number; kind: string; reason: string }[] = [];
      for (const step of actions) {
        steps.step();
        const code = pyautoguiCode(step);
        if (isRefusal(code)) {
          refused.push({ index: step.index, kind: step.kind, reason: code.refused });
          continue;
        }
        traj.push({
          index: step.index,
          image: framePath(frames, step.frameSeq),
          value: { action: describeStep(step), code },
          cairn: {
            kind: step.kind,
            t_ms: step.t,
            frame_size: step.frameSeq === null ? null : (sizes.get(step.frameSeq) ?? null),
            app: step.window?.app ?? null,
            flags: step.flags,
            ...(step.kind === 'drag' ? { path: step.path.map((p) => [p.xNorm, p.yNorm]) } : {}),
            ...(step.kind === 'type' && step.redacted > 0 ? { redacted_keys: step.redacted } : {}),
            ...(step.kind === 'wait' ? { wait_ms: step.ms } : {}),
            after_image: framePath(frames, step.afterFrameSeq),
          },
        });
      }
      const last = actions.at(-1);
      const final = last ? { final_image: framePath(frames, last.afterFrameSeq) } : {};
      lines.push(JSON.stringify({ task_id: session.id, instruction: session.task ?? '', traj, cairn: { ...final, ...(refused.length > 0 ? { refused } : {}) } }));
    }
    await out.write('trajectories.jsonl', lines.length === 0 ? '' : `${lines.join('\n')}\n`);
    // AgentNet's recorder keeps its element and tree records beside the trajectory.
    await writeElementRecords(out, items);
  });
}
