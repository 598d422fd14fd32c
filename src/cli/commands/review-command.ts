// `cairn redact`, `waive`, `task`, `submit`, `approve`, `reject`: the review workflow from the command
// line. Every redaction is destructive and audited; approval is refused while a finding is open.
import type { Command } from 'commander';
import { plural } from '../../shared/format.ts';
import { blackOutBox } from '../../review/redaction/black-out-box.ts';
import { resolveFinding } from '../../review/redaction/resolve-finding.ts';
import { cutRange } from '../../review/redaction/cut-range.ts';
import { setSessionTask } from '../../review/session-task.ts';
import { approveSession, rejectSession, submitSession } from '../../review/workflow.ts';
import type { Store } from '../../store/store.ts';
import { parseBoxOption } from '../box-option.ts';
import { CliError } from '../cli-error.ts';
import { type CliContext, withStore } from '../context.ts';
import { resolveId } from './sessions-command.ts';

interface RedactOptions {
  auto?: boolean;
  text?: string;
  range?: string;
  box?: string;
  finding?: string;
  reason?: string;
  ocr: boolean;
}

export function registerReview(program: Command, context: () => CliContext): void {
  program
    .command('redact')
    .description('destroy what must not leave the machine: detected findings, a typed string, a time range or a box on a frame')
    .argument('<session>', 'session id (a unique prefix will do)')
    .option('--auto', 'scan typed text, titles and frames (OCR), then redact every open finding')
    .option('--text <str>', 'redact every occurrence of this typed text')
    .option('--range <from..to>', 'cut a time range out, in seconds since the start (e.g. 12.5..30)')
    .option('--box <frame:x,y,w,h>', 'black out a box on a frame (e.g. 3:10,20,300,40)')
    .option('--finding <id>', 'redact what one finding points at (a frame without a box: all of it)')
    .option('--reason <text>', 'why, for the audit trail')
    .option('--no-ocr', 'with --auto: scan typed text and titles only')
    .action(async (session: string, opts: RedactOptions) => {
      const ctx = context();
      const chosen = (['auto', 'text', 'range', 'box', 'finding'] as const).filter((k) => opts[k] !== undefined);
      if (chosen.length !== 1) throw new CliError('Give exactly one of --auto, --text STR, --range FROM..TO, --box FRAME:X,Y,W,H or --finding ID.', 2);
      const message = await withStore(ctx, (store) => redact(store, resolveId(store, session), opts, ctx));
      ctx.out(message);
    });

  program
    .command('waive')
    .description('keep what a finding points at, with the reason it is not sensitive (a reviewer\'s call)')
    .argument('<session>', 'session id (a unique prefix will do)')
    .argument('<finding>', 'the finding\'s number, as `cairn show` lists it')
    .requiredOption('--reason <text>', 'why it may stay, for the audit trail')
    .action(async (session: string, finding: string, opts: { reason: string }) => {
      const ctx = context();
      if (!opts.reason.trim()) throw new CliError('--reason must say why the finding may stay.', 2);
      const findingId = findingNumber(finding);
      const id = await withStore(ctx, async (store) => {
        const id = resolveId(store, session);
        await resolveFinding(store, id, findingId, 'waive', opts.reason.trim());
        return id;
      });
      ctx.out(`Waived finding ${findingId} of session ${id}; its content stays, with your reason in the audit trail.`);
    });

  program
    .command('task')
    .description('name or change what a session demonstrates (every export\'s instruction); "" clears it')
    .argument('<session>', 'session id (a unique prefix will do)')
    .argument('<task>', 'the task in one sentence, e.g. "Rename the report to Q3 draft"')
    .action(async (session: string, task: string) => {
      const ctx = context();
      const { id, stored } = await withStore(ctx, async (store) => {
        const id = resolveId(store, session);
        return { id, stored: await setSessionTask(store, id, task) };
      });
      ctx.out(stored === null ? `Session ${id} has no task now.` : `Session ${id}'s task is now ${JSON.stringify(stored)}.`);
    });

  program
    .command('submit')
    .description('hand a reviewed session on to a reviewer')
    .argument('<session>', 'session id')
    .action(async (session: string) => {
      const ctx = context();
      const id = await withStore(ctx, (store) => {
        const id = resolveId(store, session);
        submitSession(store, id);
        return id;
      });
      ctx.out(`Submitted session ${id} for review.`);
    });

  program
    .command('approve')
    .description('approve a submitted session (refused while a finding is open)')
    .argument('<session>', 'session id')
    .action(async (session: string) => {
      const ctx = context();
      const id = await withStore(ctx, async (store) => {
        const id = resolveId(store, session);
        await approveSession(store, id);
        return id;
      });
      ctx.out(`Approved session ${id}; it can now be exported.`);
    });

  program
    .command('reject')
    .description('send a submitted session back to its contributor with a reason')
    .argument('<session>', 'session id')
    .requiredOption('--reason <text>', 'what the contributor should change')
    .action(async (session: string, opts: { reason: string }) => {
      const ctx = context();
      if (!opts.reason.trim()) throw new CliError('--reason must say why the session is rejected.', 2);
      const id = await withStore(ctx, (store) => {
        const id = resolveId(store, session);
        rejectSession(store, id, opts.reason);
        return id;
      });
      ctx.out(`Rejected session ${id}; its contributor sees the reason in \`cairn show\`.`);
    });
}

async function redact(store: Store, id: string, opts: RedactOptions, ctx: CliContext): Promise<string> {
  const reason = opts.reason;
  // Loaded on use: the detectors behind these bring secretlint and tesseract.js.
  const { redactAuto, redactString } = await import('../../review/redaction/redact-matches.ts');
  if (opts.text !== undefined) {
    if (!opts.text) throw new CliError('--text needs the text to redact.', 2);
    const spans = redactString(store, id, opts.text, { reason });
    return spans.length === 0
      ? 'That text does not occur in the typed text of this session; nothing was changed.'
      : `Redacted ${plural(spans.length, 'occurrence')} in the typed text of session ${id}.`;
  }
  if (opts.range !== undefined) {
    const match = /^(\d+(?:\.\d+)?)\.\.(\d+(?:\.\d+)?)$/.exec(opts.range);
    const [from, to] = match ? [Number(match[1]), Number(match[2])] : [NaN, NaN];
    if (!match || to < from) throw new CliError(`--range must be FROM..TO in seconds with FROM <= TO (e.g. 12.5..30), not "${opts.range}".`, 2);
    const { result } = cutRange(store, id, from * 1000, to * 1000, { reason });
    return `Cut ${from}..${to} s out of session ${id}: erased ${plural(result.events, 'event')}, ${plural(result.frames, 'frame')} and ${plural(result.windows, 'window')}.`;
  }
  if (opts.box !== undefined) {
    const { frame, box } = parseBoxOption(opts.box);
    const { result } = await blackOutBox(store, id, frame, box, { reason });
    const b = result.box;
    return `Blacked out ${b.width}x${b.height} at ${b.x},${b.y} on frame ${frame} of session ${id}.`;
  }
  if (opts.finding !== undefined) {
    const f = await resolveFinding(store, id, findingNumber(opts.finding), 'redact', reason ?? 'redacted by a person');
    return `Redacted finding ${f.id} of session ${id}${f.location.frameSeq !== undefined && !f.location.box ? ` (all of frame ${f.location.frameSeq} is black now)` : ''}.`;
  }
  try {
    const progress = (done: number, total: number) => {
      if (done === total || done % 10 === 0) ctx.err(`Scanned ${done}/${plural(total, 'frame')}.`);
    };
    const { redacted, open, unreadFrames } = await redactAuto(store, id, { frames: opts.ocr, reason, onFrame: progress });
    const done = `Redacted ${plural(redacted, 'finding')} in session ${id}`;
    if (!open) return `${done}; none is open.`;
    if (!unreadFrames) return `${done}; ${plural(open, 'remains', 'remain')} open (see \`cairn show\`).`;
    return (
      `${done}; ${plural(open, 'remains', 'remain')} open, ${unreadFrames} of them ${unreadFrames === 1 ? 'a frame' : 'frames'} that may show a secret typed (or titled) there ` +
      `which OCR could not find nor rule out. Look at each (\`cairn show ${id}\` lists them), then black out what shows it ` +
      `(\`cairn redact ${id} --box FRAME:X,Y,W,H\`, or \`--finding ID\` for the whole frame) or waive it (\`cairn waive ${id} ID --reason TEXT\`).`
    );
  } finally {
    await (await import('../../review/detectors/index.ts')).closeOcr();
  }
}

function findingNumber(raw: string): number {
  if (!/^\d+$/.test(raw)) throw new CliError(`A finding is named by its number, as \`cairn show\` lists it (e.g. 3), not "${raw}".`, 2);
  return Number(raw);
}
