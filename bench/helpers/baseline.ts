// The other checkout whose recorder a benchmark measures in the same run as this one's, so that
// "before" and "after" meet the same machine load: CAIRN_BENCH_BASELINE=DIR (default /work/main, the
// project's main branch on the build machine), `none` for no baseline. Only a built checkout other
// than this one counts; otherwise the benchmark says why it has none.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const HERE = resolve(fileURLToPath(new URL('../..', import.meta.url)));

/** The baseline checkout, or why there is none. */
export function baselineCheckout(): { root: string } | { none: string } {
  const wanted = process.env.CAIRN_BENCH_BASELINE ?? '/work/main';
  if (wanted === 'none') return { none: 'CAIRN_BENCH_BASELINE=none' };
  const root = resolve(wanted);
  if (root === HERE) return { none: `${root} is this checkout` };
  if (!existsSync(join(root, 'dist', 'node', 'main.js'))) return { none: `${root} has no built CLI (dist/node/main.js)` };
  return { root };
}
