// `cairn record [--duration S]`: checks everything a recording needs before anything is hooked,
// then records until Ctrl+C, SIGTERM or S seconds, with a live status line.
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { type Command, Option } from 'commander';
import { loadConsentText } from '../../consent/consent-text.ts';
import { loadDefaultPolicy } from '../../consent/default-policy.ts';
import { activeAcceptance } from '../../store/consent-repo.ts';
import { forgetLast } from '../../store/erase.ts';
import { applyAction, createSession } from '../../store/session-repo.ts';
import { formatStatus } from '../../recorder/recorder-status.ts';
import { CliError } from '../cli-error.ts';
import { type CliContext, withStore } from '../context.ts';
import { ownWindowMatcher } from '../../recorder/own-windows.ts';
import { newRecordingSession, recordingReadiness, windowPolicy } from '../../recorder/recording-setup.ts';
import { currentStorageProblem, startStorageGuard } from '../../recorder/storage-guard.ts';

interface RecordOptions {
  duration?: string;
  watcherDelayMs?: string;
  watcherStopAfter?: string;
  framePeriod?: string;
  statsFile?: string;
}

export function registerRecord(program: Command, context: () => CliContext): void {
  program
    .command('record')
    .description('record until Ctrl+C, SIGTERM or --duration seconds, showing a live status line')
    .option('--duration <seconds>', 'stop by itself after this many seconds')
    .option('--frame-period <seconds>', 'seconds between periodic frames (default 10)')
    .addOption(hidden('--watcher-delay-ms <ms>', 'fault injection for tests: delay every focus report'))
    .addOption(hidden('--watcher-stop-after <seconds>', 'fault injection for tests: the focus watcher goes silent'))
    .addOption(hidden('--stats-file <file>', 'for benchmarks: write the final status (with latencies) as JSON'))
    .action(async (opts: RecordOptions) => {
      const ctx = context();
      const duration = optionalNumber(opts.duration, '--duration', 'a number of seconds greater than 0');
      const framePeriod = optionalNumber(opts.framePeriod, '--frame-period', 'a number of seconds greater than 0');
      const text = loadConsentText();
      const defaults = loadDefaultPolicy();

      // Everything is checked before the first hook or watcher starts.
      const { consentId, allowed } = await withStore(ctx, (store) => {
        const ready = recordingReadiness(store, text);
        if (!ready.ok && ready.missing === 'consent') {
          throw new CliError('No consent given yet: read it with `cairn consent show`, accept it with `cairn consent accept`, then record.');
        }
        if (!ready.ok && ready.missing === 'current-consent') {
          throw new CliError(`The consent text changed (now version ${text.version}) since you accepted version ${ready.acceptedVersion}: read it with \`cairn consent show\` and accept it again.`);
        }
        if (!ready.ok) throw new CliError('No app is allowed yet: allow one with `cairn apps allow APP` (see `cairn apps list` for names).');
        const storage = currentStorageProblem(store, ctx.dataDir);
        if (storage) throw new CliError(`Cannot record: ${storage}`);
        return ready;
      });

      const policyOf = windowPolicy(allowed, defaults);
      const sessionId = randomUUID();
      // Loaded only now: no capture module (input hook, X connection, screen grabber) is even loaded
      // before consent and policies have been checked.
      const { startRecording } = await import('../../recorder/start-recording.ts');
      const recording = await startRecording({
        dataDir: ctx.dataDir,
        sessionId,
        screensWanted: allowed.some((p) => p.screens === 'on'),
        policyOf,
        isOwnWindow: ownWindowMatcher(),
        framePeriodMs: framePeriod === undefined ? undefined : framePeriod * 1000,
        watcherDelayMs: optionalNumber(opts.watcherDelayMs, '--watcher-delay-ms', 'milliseconds'),
        watcherStopAfterMs: seconds(optionalNumber(opts.watcherStopAfter, '--watcher-stop-after', 'seconds')),
        createSession: (clockOrigin, layout, startedAt) =>
          withStore(ctx, (store) => createSession(store, newRecordingSession({ id: sessionId, startedAt, clockOrigin, layout, allowed, consentId }))).then(
            () => undefined,
          ),
      });
      const { recorder } = recording;
      let storageStop: (reason: string) => void = () => undefined;
      const guard = startStorageGuard({ dataDir: ctx.dataDir, onLimit: (reason) => storageStop(reason) });

      ctx.err(
        `Recording session ${sessionId} (apps: ${allowed.map((p) => p.app).join(', ')}). Stop with Ctrl+C or Ctrl+Alt+Shift+R; ` +
          'pause with Ctrl+Alt+Shift+P; forget the last 5 minutes with Ctrl+Alt+Shift+F.',
      );
      const outcome = await new Promise<{ mode: 'keep' | 'discard'; why: string }>((resolve) => {
        const done = (mode: 'keep' | 'discard', why: string) => resolve({ mode, why });
        process.once('SIGINT', () => done('keep', 'stopped'));
        process.once('SIGTERM', () => done('keep', 'stopped'));
        if (duration !== undefined) setTimeout(() => done('keep', 'duration reached'), duration * 1000).unref();
        storageStop = (reason) => {
          ctx.err(`${process.stderr.isTTY ? '\n' : ''}${reason}`);
          done('keep', 'storage limit reached');
        };
        recording.onFatal((why) => done(why === 'consent was withdrawn' ? 'discard' : 'keep', why));
        recording.onHotkey((action) => {
          if (action === 'toggle-record') done('keep', 'stopped by hotkey');
          else if (action === 'toggle-pause') {
            if (recorder.paused) recorder.resume();
            else recorder.pause();
            ctx.err(recorder.paused ? 'Paused: nothing is recorded until you resume (Ctrl+Alt+Shift+P).' : 'Resumed.');
          } else {
            void recorder.forgetRecent(() => withStore(ctx, (store) => forgetLast(store, 5, Date.now(), 'contributor'))).then(
              (r) => ctx.err(`Forgot the last 5 minutes: ${r.events} events and ${r.frames} frames erased.`),
              (error: Error) => ctx.err(`Could not forget the last 5 minutes: ${error.message}`),
            );
          }
        });
        const line = setInterval(() => writeStatus(formatStatus(recorder.status())), process.stderr.isTTY ? 250 : 5000);
        line.unref();
      });
      guard.stop();
      // A stop signal may come from a withdrawal: then nothing held may be written.
      if (outcome.mode === 'keep' && !(await withStore(ctx, (store) => activeAcceptance(store)))) {
        Object.assign(outcome, { mode: 'discard', why: 'consent was withdrawn' });
      }
      await recorder.stop(outcome.mode);
      if (process.stderr.isTTY) process.stderr.write('\n');
      const status = recorder.status();
      if (opts.statsFile) writeFileSync(opts.statsFile, JSON.stringify({ sessionId, ...status }, null, 2));
      if (outcome.mode === 'discard') {
        throw new CliError(`Recording stopped: ${outcome.why}; nothing more of session ${sessionId} was written and it is being erased.`, 3);
      }
      await withStore(ctx, (store) => applyAction(store, sessionId, 'stop', { actor: 'contributor', reason: outcome.why, at: recorder.clock.now() }));
      ctx.err(formatStatus(status));
      for (const w of status.warnings) ctx.err(`warning: ${w}`);
      // Stopped by itself rather than by the person: say so before the summary.
      if (!USER_STOPS.has(outcome.why)) ctx.err(`Recording stopped: ${outcome.why}.`);
      ctx.out(`Session ${sessionId} recorded (${outcome.why}): ${status.stored} events, ${status.frames} frames. Review it with \`cairn show ${sessionId}\`.`);
    });
}

const USER_STOPS = new Set(['stopped', 'duration reached', 'stopped by hotkey']);

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

function seconds(value: number | undefined): number | undefined {
  return value === undefined ? undefined : value * 1000;
}

function hidden(flags: string, description: string): Option {
  return new Option(flags, description).hideHelp();
}
