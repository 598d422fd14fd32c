// `cairn record [--task TEXT] [--duration S] [--frame-period S]`: a recording session of the recording service
// (the same one the app runs), until Ctrl+C, SIGTERM, the stop hotkey or S seconds. This command
// only says what happens: the live status line, a sentence per hotkey, the summary, and exit code 3
// when consent was withdrawn mid-recording.
import type { Command } from 'commander';
import { formatCounters } from '../../recorder/recorder-counters.ts';
import { ownWindowMatcher } from '../../recorder/own-windows.ts';
import { askedFor, describeStop, type NotReady, type StopCause } from '../../services/recording-end.ts';
import { type ControlOutcome, createRecordingService, type RecordingProbes } from '../../services/recording-service.ts';
import { type ControlAction, hotkeyLabel } from '../../shared/hotkeys.ts';
import { plural } from '../../shared/format.ts';
import { CliError } from '../cli-error.ts';
import { type CliContext, withStore } from '../context.ts';

interface RecordOptions {
  task?: string;
  duration?: string;
  framePeriod?: string;
}

export function registerRecord(program: Command, context: () => CliContext, probes?: RecordingProbes): void {
  program
    .command('record')
    .description('record until Ctrl+C, SIGTERM or --duration seconds, showing a live status line')
    .option('--task <text>', 'what this recording demonstrates, in one sentence (every export\'s instruction)')
    .option('--duration <seconds>', 'stop by itself after this many seconds')
    .option('--frame-period <seconds>', 'seconds between periodic frames (default 10)')
    .action(async (opts: RecordOptions) => {
      const ctx = context();
      const duration = optionalNumber(opts.duration, '--duration', 'a number of seconds greater than 0');
      const framePeriod = optionalNumber(opts.framePeriod, '--frame-period', 'a number of seconds greater than 0');
      const recording = createRecordingService({
        dataDir: ctx.dataDir,
        withStore: (fn) => withStore(ctx, fn),
        isOwnWindow: ownWindowMatcher(),
        framePeriodMs: framePeriod === undefined ? undefined : framePeriod * 1000,
        onHotkey: (outcome) => sayHotkey(ctx, outcome),
        probes,
      });
      // Ctrl+C and SIGTERM are caught from before the start: one that arrives while the recording
      // starts, or just as it says so, stops it once started, rather than killing the process (the
      // default action) with the session half-written.
      let live = false;
      let requested: StopCause | undefined;
      // A failed stop is reported once, through ended() below.
      const stop = (cause: StopCause) => {
        if (live) void recording.stop(cause).catch(() => undefined);
        else requested ??= cause;
      };
      process.once('SIGINT', () => stop({ code: 'stopped' }));
      process.once('SIGTERM', () => stop({ code: 'stopped' }));
      const started = await recording.start({ task: opts.task });
      if (!started.ok) throw new CliError(notReadySentence(started.notReady));
      const { sessionId } = started;
      ctx.err(
        `Recording session ${sessionId} (apps: ${started.apps.join(', ')}). Stop with Ctrl+C or ${hotkeyLabel('toggle-record')}; ` +
          `pause with ${hotkeyLabel('toggle-pause')}; forget the last 5 minutes with ${hotkeyLabel('forget-5-minutes')}.`,
      );

      live = true;
      if (requested) stop(requested);
      if (duration !== undefined) setTimeout(() => stop({ code: 'duration' }), duration * 1000).unref();
      const line = setInterval(() => {
        const now = recording.current();
        if (now) writeStatus(formatCounters(now.counters));
      }, process.stderr.isTTY ? 250 : 5000);
      const end = await recording.ended().finally(() => clearInterval(line));

      if (process.stderr.isTTY) process.stderr.write('\n');
      if (!end.kept) {
        throw new CliError(`Recording stopped: ${describeStop(end.cause)}; nothing more of session ${sessionId} was written and it is being erased.`, 3);
      }
      if (end.cause.code === 'storage-limit') ctx.err(end.cause.sentence);
      ctx.err(formatCounters(end.counters));
      for (const w of end.counters.warnings) ctx.err(`warning: ${w}`);
      // Stopped by itself rather than by the person: say so before the summary.
      if (!askedFor(end.cause)) ctx.err(`Recording stopped: ${describeStop(end.cause)}.`);
      ctx.out(`Session ${sessionId} recorded (${describeStop(end.cause)}): ${plural(end.counters.stored, 'event')}, ${plural(end.counters.frames, 'frame')}. Review it with \`cairn show ${sessionId}\`.`);
    });
}

function notReadySentence(notReady: NotReady): string {
  switch (notReady.code) {
    case 'no-consent':
      return 'No consent given yet: read it with `cairn consent show`, accept it with `cairn consent accept`, then record.';
    case 'consent-outdated':
      return `The consent text changed (now version ${notReady.currentVersion}) since you accepted version ${notReady.acceptedVersion}: read it with \`cairn consent show\` and accept it again.`;
    case 'no-app':
      if (notReady.orgDenied.length > 0) {
        return `Your organisation's policy allows none of the apps you allowed (${notReady.orgDenied.join(', ')}): see \`cairn org show\` for the apps it allows.`;
      }
      return 'No app is allowed yet: allow one with `cairn apps allow APP` (see `cairn apps list` for names).';
    case 'org-consent':
      return `Your organisation's policy covers consent text version ${notReady.orgVersion}, but this Cairn has version ${notReady.currentVersion}: update Cairn or ask your admin for a policy that covers it.`;
    case 'storage-limit':
      return `Cannot record: ${notReady.sentence}`;
    case 'already-recording':
      return 'A recording is already running in this process; stop it before starting another.';
  }
}

function sayHotkey(ctx: CliContext, outcome: ControlOutcome | { action: ControlAction; failed: Error }): void {
  if ('failed' in outcome) {
    // A failed stop ends the command with its own error; only a failed forget needs a word here.
    if (outcome.action === 'forget-5-minutes') ctx.err(`Could not forget the last 5 minutes: ${outcome.failed.message}`);
  } else if ('phase' in outcome) {
    ctx.err(outcome.phase === 'paused' ? `Paused: nothing is recorded until you resume (${hotkeyLabel('toggle-pause')}).` : 'Resumed.');
  } else if ('forgotten' in outcome) {
    ctx.err(`Forgot the last 5 minutes: ${plural(outcome.forgotten.events, 'event')} and ${plural(outcome.forgotten.frames, 'frame')} erased.`);
  }
}

function writeStatus(line: string): void {
  if (process.stderr.isTTY) process.stderr.write(`\r\x1b[K${line}`);
  else process.stderr.write(`${line}\n`);
}

function optionalNumber(value: string | undefined, flag: string, what: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new CliError(`${flag} must be ${what}, not "${value}".`, 2);
  return n;
}
