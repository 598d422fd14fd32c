// Every export made from this computer, newest first: one row per export (its sessions together),
// with where it went and the sha256 of its manifest.
import { formatTime } from '../../src/shared/format.ts';
import type { ExportRecord } from '../stores/export-store.ts';

interface ExportGroup {
  key: string;
  at: number;
  format: string;
  destination: string;
  manifestSha256: string | null;
  sessions: string[];
}

function groupByExport(records: readonly ExportRecord[]): ExportGroup[] {
  const groups = new Map<string, ExportGroup>();
  for (const r of records) {
    const key = `${r.at}|${r.destination}|${r.manifestSha256 ?? ''}`;
    const group = groups.get(key) ?? { key, at: r.at, format: r.format, destination: r.destination, manifestSha256: r.manifestSha256, sessions: [] };
    group.sessions.push(r.sessionId);
    groups.set(key, group);
  }
  return [...groups.values()].sort((a, b) => b.at - a.at);
}

export function PastExports({ exports }: { exports: readonly ExportRecord[] }) {
  if (exports.length === 0) return <p className="muted">Nothing was exported from this computer yet.</p>;
  return (
    <table className="table compact past-exports">
      <thead>
        <tr>
          <th scope="col">When</th><th scope="col">Format</th><th scope="col" className="num">Sessions</th><th scope="col">Where</th><th scope="col">Manifest sha256</th>
        </tr>
      </thead>
      <tbody>
        {groupByExport(exports).map((g) => (
          <tr key={g.key}>
            <td>{formatTime(g.at)}</td>
            <td>{g.format}</td>
            <td className="num" title={g.sessions.join('\n')}>{g.sessions.length}</td>
            <td><code className="path">{g.destination}</code></td>
            <td><code className="hash" title={g.manifestSha256 ?? ''}>{g.manifestSha256?.slice(0, 16) ?? '—'}…</code></td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
