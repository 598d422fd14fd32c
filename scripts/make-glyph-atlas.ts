// Writes src/review/ocr/fonts/misc-fixed-6x13.json, the glyphs of xterm's default font as the X
// server draws them: every printable ASCII character is shown in an xterm under a private Xvfb
// (its built-in "fixed" is misc-fixed 6x13, the font Debian's xterm also opens by default), the
// window is grabbed and cut into 6x13 cells. A bitmap font is drawn without anti-aliasing, so a
// glyph is exactly these bits on screen and the cell reader can look it up instead of guessing.
// Run: node --import tsx scripts/make-glyph-atlas.ts
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { startXvfb, xdotool } from '../tests/helpers/xvfb.ts';

const run = promisify(execFile);
const OUT = fileURLToPath(new URL('../src/review/ocr/fonts/misc-fixed-6x13.json', import.meta.url));
const [CELL_W, CELL_H, PER_ROW] = [6, 13, 16];
// xterm's internal border: the first cell starts this many pixels into the window.
const BORDER = 2;

const chars = Array.from({ length: 0x7e - 0x20 }, (_, i) => String.fromCharCode(0x21 + i));
const rows = Array.from({ length: Math.ceil(chars.length / PER_ROW) }, (_, r) => chars.slice(r * PER_ROW, (r + 1) * PER_ROW).join(''));

const x = await startXvfb({ width: 640, height: 480 });
const dir = mkdtempSync(path.join(tmpdir(), 'cairn-atlas-'));
try {
  const file = path.join(dir, 'chars.txt');
  writeFileSync(file, rows.join('\n'));
  // Cursor hidden (DECTCEM) and no prompt: the window shows the characters and nothing else.
  const term = spawn('xterm', ['-class', 'AtlasTerm', '-bg', 'white', '-fg', 'black', '-geometry', '40x10+0+0', '-e', 'sh', '-c', `printf '\\033[?25l'; cat ${file}; sleep 60`], { env: x.env, stdio: 'ignore' });
  try {
    const id = (await xdotool(x.env, 'search', '--sync', '--onlyvisible', '--class', 'AtlasTerm')).trim().split('\n')[0]!;
    await new Promise((r) => setTimeout(r, 800));
    const png = path.join(dir, 'window.png');
    await run('import', ['-window', id, png], { env: x.env });
    const { data, info } = await sharp(png).greyscale().raw().toBuffer({ resolveWithObject: true });
    const glyphs: Record<string, string> = {};
    chars.forEach((ch, i) => {
      const [left, top] = [BORDER + (i % PER_ROW) * CELL_W, BORDER + Math.floor(i / PER_ROW) * CELL_H];
      let hex = '';
      for (let y = 0; y < CELL_H; y++) {
        let bits = 0;
        for (let xx = 0; xx < CELL_W; xx++) if (data[(top + y) * info.width + left + xx]! < 128) bits |= 1 << (CELL_W - 1 - xx);
        hex += bits.toString(16).padStart(2, '0');
      }
      if (/^0+$/.test(hex)) throw new Error(`no ink for ${JSON.stringify(ch)} at ${left},${top}: is the border ${BORDER} px?`);
      glyphs[ch] = hex;
    });
    const atlas = { font: 'misc-fixed 6x13 (xterm default "fixed")', width: CELL_W, height: CELL_H, glyphs };
    writeFileSync(OUT, JSON.stringify(atlas, null, 1) + '\n');
    console.log(`wrote ${chars.length} glyphs to ${path.relative(process.cwd(), OUT)}`);
  } finally {
    term.kill('SIGKILL');
  }
} finally {
  await x.stop();
  rmSync(dir, { recursive: true, force: true });
}
