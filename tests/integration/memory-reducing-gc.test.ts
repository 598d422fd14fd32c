// The full collections a recording asks for (collectGarbagePeriodically, src/core/lean-process.ts)
// give V8's spare pages back to the system every MEMORY_REDUCING_EVERY-th time: a regular full
// collection frees a dead heap's objects but V8 keeps their pages committed for later, and only the
// memory-reducing one (gc's "last-resort" flavor) compacts and releases them. Proven in a child
// process with the recorder's V8 flags, so that a Node whose gc() ignored the flavor fails here.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LEAN_NODE_FLAGS } from '../../src/core/lean-process.ts';

const ROOT = join(import.meta.dirname, '..', '..');

// In a child process of its own: the test runner's heap would drown the figures. Its gc() is wrapped
// to note, once each collection is done, V8's committed heap and the process's RSS.
const CHILD = `
import { readFileSync } from 'node:fs';
import v8 from 'node:v8';
import { collectGarbagePeriodically, MEMORY_REDUCING_EVERY } from ${JSON.stringify(join(ROOT, 'src/core/lean-process.ts'))};
const mb = (bytes) => bytes / 2 ** 20;
const rssMb = () => mb(Number(readFileSync('/proc/self/statm', 'utf8').split(' ')[1]) * 4096);
let garbage = [];
for (let i = 0; i < 400_000; i++) garbage.push({ i, text: 'x' + i, pair: [i, i] });
garbage = null;
const gc = globalThis.gc;
const seen = [];
globalThis.gc = (options) => gc(options).then(() => seen.push({ flavor: options.flavor, heapMb: mb(v8.getHeapStatistics().total_heap_size), rssMb: rssMb() }));
const stop = collectGarbagePeriodically(300);
await new Promise((resolve) => setTimeout(resolve, 300 * (MEMORY_REDUCING_EVERY + 0.5)));
stop();
console.log(JSON.stringify({ every: MEMORY_REDUCING_EVERY, seen }));
`;

describe('the full collections of a recording', () => {
  it('give back the pages of a dead heap at the memory-reducing one, which the regular ones keep', () => {
    const child = spawnSync(process.execPath, [...LEAN_NODE_FLAGS, '--import', 'tsx', '--input-type=module', '-e', CHILD], { cwd: ROOT, encoding: 'utf8', timeout: 20_000 });
    expect(child.stderr).toBe('');
    const { every, seen } = JSON.parse(child.stdout) as { every: number; seen: { flavor: string; heapMb: number; rssMb: number }[] };
    console.log(seen.map((s) => `${s.flavor}: heap ${s.heapMb.toFixed(1)} MB, RSS ${s.rssMb.toFixed(1)} MB`).join('; '));
    expect(seen.map((s) => s.flavor)).toEqual([...Array(every - 1).fill('regular'), 'last-resort']);
    const lastRegular = seen.at(-2)!;
    const reducing = seen.at(-1)!;
    // ~50 MB of objects died before the first collection: the regular ones kept ~15 MB of heap
    // committed, the memory-reducing one half of that, and RSS fell by tens of MB.
    expect(reducing.heapMb).toBeLessThan(lastRegular.heapMb * 0.7);
    expect(lastRegular.rssMb - reducing.rssMb).toBeGreaterThan(20);
  });
});
