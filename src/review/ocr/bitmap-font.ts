// The bitmap fonts the cell reader knows, as lookup tables: a cell's ink pattern (13 rows of 6 bits
// for misc-fixed 6x13) maps to its character. xterm draws these fonts without anti-aliasing, so a
// character on screen is exactly its glyph's bits; bold is drawn by overstriking the glyph one
// pixel to the right, which is a second table. To add a font: make its atlas (scripts/
// make-glyph-atlas.ts shows how) and list it in FONTS.
import fixed6x13 from './fonts/misc-fixed-6x13.json' with { type: 'json' };

export interface BitmapFont {
  name: string;
  width: number;
  height: number;
  /** Row bits (bit width-1 is the leftmost pixel) of every glyph and of its overstruck bold. */
  lookup: Map<string, string>;
  /** Every glyph's rows, for the nearest match of a cell a lossy encoder blurred. */
  glyphs: { char: string; rows: number[] }[];
}

interface Atlas { font: string; width: number; height: number; glyphs: Record<string, string> }

export const rowsKey = (rows: readonly number[]): string => rows.join(',');

function loadFont(atlas: Atlas): BitmapFont {
  const lookup = new Map<string, string>();
  const glyphs: BitmapFont['glyphs'] = [];
  const mask = (1 << atlas.width) - 1;
  for (const [char, hex] of Object.entries(atlas.glyphs)) {
    const rows = Array.from({ length: atlas.height }, (_, i) => parseInt(hex.slice(i * 2, i * 2 + 2), 16));
    glyphs.push({ char, rows });
    lookup.set(rowsKey(rows), char);
  }
  // Bold second, so that no bold pattern shadows a plain glyph it happens to equal.
  for (const { char, rows } of glyphs) {
    const bold = rowsKey(rows.map((r) => (r | (r >> 1)) & mask));
    if (!lookup.has(bold)) lookup.set(bold, char);
  }
  return { name: atlas.font, width: atlas.width, height: atlas.height, lookup, glyphs };
}

export const FONTS: readonly BitmapFont[] = [loadFont(fixed6x13)];
