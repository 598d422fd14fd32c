// The computer-use tool vocabularies, one JSON Lines file each: computer-use/anthropic.jsonl and
// computer-use/openai.jsonl, one line per step.
import { anthropicActions } from './anthropic-actions.ts';
import { openaiActions } from './openai-actions.ts';
import { defineWriter } from './define-writer.ts';
import type { ExportWriter, WriterOptions } from './export-writer.ts';
import { writeStepLines } from './step-lines.ts';

export function computerUseWriter(options: WriterOptions = {}): ExportWriter {
  return defineWriter('computer-use', options, (items, out, steps) =>
    writeStepLines(items, out, steps, {
      'computer-use/anthropic.jsonl': anthropicActions,
      'computer-use/openai.jsonl': openaiActions,
    }),
  );
}
