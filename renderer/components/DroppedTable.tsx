// Events the consent gate dropped, by reason: the same table on the recorder and on a session.
import { formatCount } from '../../src/shared/format.ts';

export function DroppedTable({ dropped }: { dropped: [string, number][] }) {
  if (!dropped.length) return <p className="muted">Nothing dropped.</p>;
  return (
    <table className="table compact">
      <thead>
        <tr><th scope="col">Reason</th><th scope="col" className="num">Events</th></tr>
      </thead>
      <tbody>
        {dropped.map(([reason, n]) => (
          <tr key={reason}><td><code>{reason}</code></td><td className="num">{formatCount(n)}</td></tr>
        ))}
      </tbody>
    </table>
  );
}
