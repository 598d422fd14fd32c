// trimMalloc (native/malloc-trim) gives glibc's free pages back to the system, those between blocks
// still in use included, which free() alone never does: a process that freed 15 of every 16 blocks
// of its heap, in the recorder's malloc settings (LEAN_PROCESS_ENV), drops most of its RSS at a
// trim, and its JS thread does not wait for it.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LEAN_PROCESS_ENV } from '../../src/core/lean-process.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const missing =
  process.platform !== 'linux' ? 'malloc_trim is glibc\'s (Linux)' : existsSync(join(ROOT, 'native/malloc-trim/build/Release/malloc_trim.node')) ? null : 'native/malloc-trim is not built (npm run build builds it)';
if (missing) console.warn(`malloc-trim test skipped: ${missing}`);

// In a child process of its own: the test runner's RSS would drown the figures.
const CHILD = `
import { readFileSync } from 'node:fs';
import { trimMalloc } from ${JSON.stringify(join(ROOT, 'src/recorder/malloc-trim.ts'))};
const rssMb = () => Number(readFileSync('/proc/self/statm', 'utf8').split(' ')[1]) * 4096 / 2 ** 20;
let blocks = [];
const kept = [];
for (let i = 0; i < 4000; i++) {
  const block = Buffer.allocUnsafeSlow(16384).fill(1);
  blocks.push(block);
  if (i % 16 === 15) kept.push(block);
}
blocks = null;
gc();
gc();
const freed = rssMb();
let turns = 0;
const turning = setInterval(() => turns++, 0);
const trimmed = await trimMalloc();
clearInterval(turning);
console.log(JSON.stringify({ freed, trimmed, after: rssMb(), kept: kept.length, turns }));
`;

describe.skipIf(missing !== null)('trimMalloc', () => {
  it('gives back the free pages between blocks in use, off the JS thread', () => {
    const child = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', '--input-type=module', '-e', CHILD], {
      cwd: ROOT,
      env: { ...process.env, ...LEAN_PROCESS_ENV },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(child.stderr).toBe('');
    const result = JSON.parse(child.stdout) as { freed: number; trimmed: boolean; after: number; kept: number; turns: number };
    console.log(`RSS after freeing 15 of 16 blocks of 16 KB (62.5 MB freed): ${result.freed.toFixed(1)} MB; after trimMalloc: ${result.after.toFixed(1)} MB`);
    expect(result.trimmed).toBe(true);
    expect(result.kept).toBe(250);
    // 62.5 MB freed in holes of 16 KB between the 250 blocks kept: free() gave none of it back.
    expect(result.freed - result.after).toBeGreaterThan(40);
    expect(result.turns).toBeGreaterThan(0);
  });
});
