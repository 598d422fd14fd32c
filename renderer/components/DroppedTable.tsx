// Events the consent gate dropped, by reason in words (the code stays in the tooltip, as stored and
// as the README's table names it): the same table on the recorder and on a session.
import { dropReasonText, droppedByReason } from '../../src/shared/drop-reasons.ts';
import { formatCount } from '../../src/shared/format.ts';

export function DroppedTable({ dropped }: { dropped: Readonly<Record<string, number>> }) {
  const rows = droppedByReason(dropped);
  if (!rows.length) return <p className="muted">Nothing dropped.</p>;
  return (
    <table className="table compact dropped-table">
      <thead>
        <tr><th scope="col">Dropped because</th><th scope="col" className="num">Events</th></tr>
      </thead>
      <tbody>
        {rows.map(([reason, n]) => (
          <tr key={reason}><td title={reason}>{sentenceCase(dropReasonText(reason))}</td><td className="num">{formatCount(n)}</td></tr>
        ))}
      </tbody>
    </table>
  );
}

const sentenceCase = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
