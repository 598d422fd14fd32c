// `cairn sessions`, `show`, `delete`, `forget --last MINUTES`: seeing and erasing what is stored.
import type { Command } from 'commander';
import { deleteSession, forgetLast } from '../../store/erase.ts';
import { listSessions } from '../../store/session-list.ts';
import { CliError } from '../cli-error.ts';
import { type CliContext, withStore } from '../context.ts';
import { formatBytes, plural } from '../../shared/format.ts';
import { formatTable } from '../format-table.ts';
import { describeSession, printSession, stopGapLine } from '../../review/session-view.ts';

export function registerSessions(program: Command, context: () => CliContext): void {
  program
    .command('sessions')
    .description('list stored sessions with state, length, apps, size and task')
    .option('--json', 'machine-readable output')
    .option('--all', 'include deleted sessions (tombstones)')
    .action(async (opts: { json?: boolean; all?: boolean }) => {
      const ctx = context();
      const sessions = await withStore(ctx, (store) => listSessions(store, { includeDeleted: opts.all ?? false }));
      if (opts.json) {
        ctx.out(JSON.stringify({ dataDir: ctx.dataDir, sessions }, null, 2));
        return;
      }
      ctx.out(`Data folder: ${ctx.dataDir}`);
      if (sessions.length === 0) {
        ctx.out('No sessions yet. Record one with `cairn record`.');
        return;
      }
      const rows = sessions.map((s) => [
        s.id,
        s.state,
        new Date(s.startedAt).toISOString().replace('T', ' ').slice(0, 19),
        `${Math.round(s.durationMs / 1000)} s`,
        String(s.eventCount),
        String(s.frameCount),
        formatBytes(s.bytes),
        s.apps.join(', '),
        s.task === null ? '-' : s.task,
      ]);
      for (const line of formatTable([['ID', 'STATE', 'STARTED (UTC)', 'LENGTH', 'EVENTS', 'FRAMES', 'SIZE', 'APPS', 'TASK'], ...rows])) ctx.out(line);
      // A recording that stopped by itself (full disk, storage guard) says so, with where its gap begins.
      for (const s of sessions) if (s.stopped) ctx.out(`${s.id}: ${stopGapLine(s.stopped)}.`);
    });

  program
    .command('show')
    .description('a session: state, apps, typed text, events, frames and audit trail')
    .argument('<session>', 'session id (as `cairn sessions` lists it; a unique prefix will do)')
    .option('--json', 'machine-readable output')
    .option('--events', 'list every event (long)')
    .action(async (session: string, opts: { json?: boolean; events?: boolean }) => {
      const ctx = context();
      const view = await withStore(ctx, (store) => describeSession(store, resolveId(store, session)));
      if (opts.json) ctx.out(JSON.stringify(view, null, 2));
      else printSession(view, ctx.out, { events: opts.events ?? false });
    });

  program
    .command('delete')
    .description('erase a session for good (its id stays as a tombstone)')
    .argument('<session>', 'session id')
    .action(async (session: string) => {
      const ctx = context();
      const counts = await withStore(ctx, (store) => {
        const id = resolveId(store, session);
        return { id, ...deleteSession(store, id, 'contributor') };
      });
      ctx.out(`Deleted session ${counts.id}: erased ${plural(counts.events, 'event')} and ${plural(counts.frames, 'frame')}.`);
    });

  program
    .command('forget')
    .description('erase everything captured in the last N minutes, in every session')
    .requiredOption('--last <minutes>', 'how many minutes back to erase')
    .action(async (opts: { last: string }) => {
      const ctx = context();
      const minutes = Number(opts.last);
      if (!Number.isFinite(minutes) || minutes <= 0) {
        throw new CliError(`--last must be a number of minutes greater than 0, not "${opts.last}".`, 2);
      }
      const result = await withStore(ctx, (store) => forgetLast(store, minutes, Date.now(), 'contributor'));
      ctx.out(
        `Forgot the last ${plural(minutes, 'minute')}: erased ${plural(result.events, 'event')} and ${plural(result.frames, 'frame')}` +
          (result.deletedSessions.length ? `; ${plural(result.deletedSessions.length, 'session')} left empty ${result.deletedSessions.length === 1 ? 'was' : 'were'} deleted.` : '.'),
      );
    });
}

/** Accepts a full id or a unique prefix, since ids are long. */
export function resolveId(store: Parameters<typeof listSessions>[0], given: string): string {
  const ids = listSessions(store, { includeDeleted: true }).map((s) => s.id);
  if (ids.includes(given)) return given;
  const matches = given.length >= 4 ? ids.filter((id) => id.startsWith(given)) : [];
  if (matches.length === 1) return matches[0]!;
  if (matches.length > 1) throw new CliError(`"${given}" matches ${plural(matches.length, 'session')}; give more of the id (see \`cairn sessions\`).`);
  throw new CliError(`No session with id "${given}"; run \`cairn sessions\` to list them.`);
}
