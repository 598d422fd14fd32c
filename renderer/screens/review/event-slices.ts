// A long session's events, read in slices through sessions.events as the viewer needs them, never
// all at once (an hour is about 300k events). Seqs are cut into fixed cells of CELL seqs; a cell is
// fetched once and kept. To find the events of a time span, an interpolation search over cells
// (events are in time order by seq) finds where the span starts, usually in one or two reads.
import type { MethodOutput } from '../../../src/shared/contract.ts';

export type EventRow = MethodOutput<'sessions.events'>[number];
type Fetch = (fromSeq: number, limit: number) => Promise<EventRow[]>;

export const CELL = 2000;

interface Cell {
  /** The cell's own events (seq within the cell). */
  events: EventRow[];
  /** The first event at or after the cell's start (may lie in a later cell after a cut), or null past the end. */
  first: EventRow | null;
}

export class EventSlices {
  private readonly cells = new Map<number, Promise<Cell>>();
  private readonly fetch: Fetch;
  /** About how many seqs the session spans: where the search starts looking. */
  private readonly seqEstimate: number;

  constructor(fetch: Fetch, seqEstimate: number) {
    this.fetch = fetch;
    this.seqEstimate = seqEstimate;
  }

  /** Events with lo <= t < hi, in seq order. */
  async between(lo: number, hi: number): Promise<EventRow[]> {
    let k = await this.cellAt(lo);
    const out: EventRow[] = [];
    for (;;) {
      const cell = await this.cell(k);
      for (const e of cell.events) if (e.t >= lo && e.t < hi) out.push(e);
      const last = cell.events.at(-1);
      if (!cell.first || (last && last.t >= hi) || (!last && cell.first.t >= hi)) return out;
      // After an empty (cut) cell, jump to the cell where events go on.
      k = last ? k + 1 : Math.max(k + 1, cellOf(cell.first.seq));
    }
  }

  /** The last cell whose first event is before t (or cell 0): no event of an earlier cell reaches t. */
  private async cellAt(t: number): Promise<number> {
    let lo = 0;
    let loT = (await this.cell(0)).first?.t ?? 0;
    if (t <= loT) return 0;
    // Find an upper bracket: a cell starting after t, or past the end.
    let hi = Math.max(1, cellOf(this.seqEstimate) + 1);
    let hiT = (await this.cell(hi)).first?.t ?? Infinity;
    while (hiT < t) {
      lo = hi;
      loT = hiT;
      hi *= 2;
      hiT = (await this.cell(hi)).first?.t ?? Infinity;
    }
    while (hi - lo > 1) {
      // Interpolate while the upper bound is a real time; else bisect.
      const guess = Number.isFinite(hiT) && hiT > loT ? lo + Math.floor(((t - loT) / (hiT - loT)) * (hi - lo)) : Math.floor((lo + hi) / 2);
      const mid = Math.min(hi - 1, Math.max(lo + 1, guess));
      const midT = (await this.cell(mid)).first?.t ?? Infinity;
      if (midT < t) [lo, loT] = [mid, midT];
      else [hi, hiT] = [mid, midT];
    }
    return lo;
  }

  private cell(k: number): Promise<Cell> {
    let cell = this.cells.get(k);
    if (!cell) {
      const start = k * CELL + 1;
      cell = this.fetch(start, CELL).then((rows) => ({ events: rows.filter((e) => e.seq < start + CELL), first: rows[0] ?? null }));
      cell.catch(() => this.cells.delete(k));
      this.cells.set(k, cell);
    }
    return cell;
  }
}

const cellOf = (seq: number) => Math.floor((seq - 1) / CELL);
