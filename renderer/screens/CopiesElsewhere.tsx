// After a withdrawal: the backups and bundles Cairn wrote outside its data folder, which it cannot
// erase, listed so the person can delete them.
import type { MethodOutput } from '../../src/shared/contract.ts';
import { formatTime } from '../../src/shared/format.ts';

type Copy = MethodOutput<'consent.withdraw'>['copiesElsewhere'][number];

export function CopiesElsewhere({ copies }: { copies: readonly Copy[] }) {
  if (copies.length === 0) return null;
  return (
    <div className="notice warn" role="alert">
      <p>These copies were written outside Cairn&apos;s data folder, so withdrawing could not erase them. Delete them yourself:</p>
      <ul className="copies-elsewhere">
        {copies.map((c) => (
          <li key={`${c.kind}|${c.path}|${c.writtenAt}`}>
            <code>{c.path}</code> — {c.kind === 'backup' ? 'a backup' : 'a bundle'} of {c.sessions.length === 1 ? '1 session' : `${c.sessions.length} sessions`}, written {formatTime(c.writtenAt)}
            {c.present ? '' : ' (no longer at that path: check where it was moved)'}
          </li>
        ))}
      </ul>
    </div>
  );
}
