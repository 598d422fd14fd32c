import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ApprovedSession, LEDGER_COLUMNS, ledgerCsv, ledgerRows } from '../../src/server/governance/contributor-ledger.ts';

const DEC = Date.UTC(2026, 11, 3, 10);
const NOV = Date.UTC(2026, 10, 30, 23, 59);
const s = (o: Partial<ApprovedSession> & { sessionId: string }): ApprovedSession => ({ contributor: 'ana', approvedAt: DEC, startedAt: 0, endedAt: 90_000, steps: 10, withdrawn: false, pulls: [], ...o });

/** A minimal RFC 4180 reader, to check the writer's output by reading it back. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const endCell = () => {
    row.push(cell);
    cell = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted && c === '"' && text[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (quoted) {
      cell += c;
    } else if (c === ',') {
      endCell();
    } else if (c === '\r' && text[i + 1] === '\n') {
      endCell();
      rows.push(row);
      row = [];
      i++;
    } else {
      cell += c;
    }
  }
  return rows;
}

describe('contributor ledger', () => {
  it('sums approved minutes and steps per contributor per month of approval, with the datasets each went into', () => {
    const rows = ledgerRows([
      s({ sessionId: 'a1', pulls: [{ pull: 12, at: DEC, format: 'hf' }] }),
      s({ sessionId: 'a2', endedAt: 30_000, steps: 5, pulls: [{ pull: 12, at: DEC, format: 'hf' }, { pull: 3, at: DEC, format: 'cairn' }] }),
      s({ sessionId: 'a3', approvedAt: NOV, withdrawn: true }),
      s({ sessionId: 'b1', contributor: 'bo', steps: null }),
    ]);
    expect(rows).toEqual([
      { contributor: 'ana', period: '2026-11', approvedSessions: 1, approvedMinutes: 1.5, steps: 10, withdrawnSessions: 1, datasets: [] },
      { contributor: 'ana', period: '2026-12', approvedSessions: 2, approvedMinutes: 2, steps: 15, withdrawnSessions: 0, datasets: [{ pull: 3, at: DEC, format: 'cairn' }, { pull: 12, at: DEC, format: 'hf' }] },
      { contributor: 'bo', period: '2026-12', approvedSessions: 1, approvedMinutes: 1.5, steps: null, withdrawnSessions: 0, datasets: [] },
    ]);
    const csv = ledgerCsv(rows);
    expect(csv.split('\r\n')[0]).toBe(LEDGER_COLUMNS.join(','));
    expect(csv).toContain('\r\nana,2026-12,2,2.0,15,0,"pull 3 (2026-12-03, cairn); pull 12 (2026-12-03, hf)"\r\n');
    expect(csv).toContain('\r\nbo,2026-12,1,1.5,,0,\r\n');
  });

  it('writes RFC 4180 CSV that reads back to the same cells whatever the names hold (commas, quotes, line breaks)', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ contributor: fc.string({ minLength: 1, maxLength: 20 }), format: fc.string({ maxLength: 8 }) }), { minLength: 1, maxLength: 5 }), (people) => {
        const rows = ledgerRows(people.map((p, i) => s({ sessionId: `s${i}`, contributor: p.contributor, pulls: [{ pull: i + 1, at: DEC, format: p.format }] })));
        const read = parseCsv(ledgerCsv(rows));
        expect(read[0]).toEqual([...LEDGER_COLUMNS]);
        expect(read.slice(1).map((r) => [r[0], r[1]])).toEqual(rows.map((r) => [r.contributor, r.period]));
        expect(read.slice(1).every((r) => r.length === LEDGER_COLUMNS.length)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
