// Aligned plain-text tables for the CLI's listings (`cairn apps list`, `cairn sessions`). Its own
// module so that a listing does not load what a command around it needs (apps-command reads the
// running windows through X11).
import { inertText } from '../shared/inert-text.ts';

/** Rows of cells as aligned lines; cells are made inert first (see inert-text.ts), so that the
 *  widths are those printed. */
export function formatTable(cells: string[][]): string[] {
  const rows = cells.map((r) => r.map(inertText));
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => r.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd());
}
