// What one in-process shot of a window costs the recorder's process (native/x-window-capture),
// this checkout's addon against the baseline checkout's (CAIRN_BENCH_BASELINE, see
// helpers/baseline.ts), loaded side by side in one process and run in alternating blocks under one
// Xvfb, so that both meet the same load. Per shot: CPU of the whole process (the libuv thread that
// reads, the main thread that gets the answer), wall time, and how often the process slept waiting
// (voluntary context switches: about one per round trip to the X server, which is what a shot
// spends most on where system calls are dear, as on virtual machines). Two kinds of shot: a full
// read, and the "unchanged?" question the observation ring asks most often while a window is still.
// Prints figures; asserts nothing.
// Run: npm run bench -- window-capture   (CAIRN_BENCH_SHOTS=N shots per block, default 200)
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { releasePixels } from '../src/capture/screen-capturer.ts';
import { type Xterm, openXterm, startXvfb } from '../tests/helpers/xvfb.ts';
import { HERE, baselineCheckout } from './helpers/baseline.ts';
import { median, num, printTable } from './helpers/figures.ts';

const SHOTS = Number(process.env.CAIRN_BENCH_SHOTS ?? 200);
const ROUNDS = 5;
const ADDON = join('native', 'x-window-capture', 'build', 'Release', 'x_window_capture.node');

interface Frame {
  rgb: Buffer;
  serial: number;
}
interface Addon {
  open(display: string): unknown;
  capture(session: unknown, windowId: number, since?: number): Promise<Frame | null>;
  close(session: unknown): void;
}

interface Cost {
  cpuUs: number;
  wallUs: number;
  sleeps: number;
}

/** `shots` shots in a row; the process's CPU, wall time and voluntary switches per shot. */
async function block(shoot: () => Promise<void>, shots: number): Promise<Cost> {
  const before = process.resourceUsage();
  const t0 = performance.now();
  for (let i = 0; i < shots; i++) await shoot();
  const wall = performance.now() - t0;
  const after = process.resourceUsage();
  const cpu = after.userCPUTime + after.systemCPUTime - before.userCPUTime - before.systemCPUTime;
  return { cpuUs: cpu / shots, wallUs: (wall * 1000) / shots, sleeps: (after.voluntaryContextSwitches - before.voluntaryContextSwitches) / shots };
}

const baseline = baselineCheckout();
const addons: { label: string; addon: Addon }[] = [];
for (const [label, root] of [['this checkout', HERE], ['before', 'root' in baseline ? baseline.root : undefined]] as const) {
  if (!root) continue;
  const file = join(root, ADDON);
  if (!existsSync(file)) {
    console.log(`window-capture: ${label} has no built addon (${file}); \`npm run build\` there builds it.`);
    continue;
  }
  addons.push({ label, addon: createRequire(import.meta.url)(file) as Addon });
}
if ('none' in baseline) console.log(`window-capture: no baseline checkout (${baseline.none})`);
if (addons.length === 0) {
  console.log('window-capture: no addon to measure: skipped.');
  process.exit(0);
}

const x = await startXvfb({ width: 1920, height: 1080 });
const windows: { label: string; term: Xterm }[] = [];
try {
  windows.push({ label: 'typical window (100x40 xterm)', term: await openXterm(x.env, { cls: 'BenchShotTypical', geometry: '100x40+40+40' }) });
  windows.push({ label: 'large window (250x75 xterm)', term: await openXterm(x.env, { cls: 'BenchShotLarge', geometry: '250x75+0+0' }) });
  const sessions = addons.map(({ label, addon }) => ({ label, addon, session: addon.open(x.display) }));
  // The redirection makes covered windows repaint: give them that moment before the first shot.
  await new Promise((resolve) => setTimeout(resolve, 500));
  console.log(`window-capture: ${SHOTS} shots per block, ${ROUNDS} blocks per addon and kind, alternating; Xvfb 1920x1080; Node ${process.version}`);
  for (const { label: windowLabel, term } of windows) {
    const id = Number(term.windowId);
    const costs = new Map<string, { full: Cost[]; unchanged: Cost[]; kb: number }>();
    for (let round = 0; round < ROUNDS; round++) {
      for (const { label, addon, session } of sessions) {
        const entry = costs.get(label) ?? { full: [], unchanged: [], kb: 0 };
        costs.set(label, entry);
        let last: Frame | null = null;
        // A full read each time; its memory is handed back at once, as the ring does (releasePixels).
        entry.full.push(
          await block(async () => {
            last = (await addon.capture(session, id))!;
            entry.kb = last.rgb.length / 1024;
            releasePixels({ image: last.rgb, masks: [], originX: 0, originY: 0 });
          }, SHOTS),
        );
        const since = (last as Frame | null)!.serial;
        entry.unchanged.push(
          await block(async () => {
            if ((await addon.capture(session, id, since)) !== null) throw new Error('the still window was read again');
          }, SHOTS),
        );
      }
    }
    const rows: string[][] = [];
    const base = costs.get('before');
    for (const [label, c] of costs) {
      for (const kind of ['full', 'unchanged'] as const) {
        const cpu = median(c[kind].map((b) => b.cpuUs));
        const ratio = base && label !== 'before' ? `${num(cpu / median(base[kind].map((b) => b.cpuUs)), 2)}x` : '';
        rows.push([`${label}, ${kind === 'full' ? `full read (${num(c.kb)} KB RGB)` : 'unchanged?'}`, num(cpu), ratio, num(median(c[kind].map((b) => b.wallUs))), num(median(c[kind].map((b) => b.sleeps)), 1)]);
      }
    }
    console.log(`\n${windowLabel}`);
    printTable(['addon, shot', 'CPU us/shot', 'vs before', 'wall us/shot', 'sleeps/shot'], rows);
  }
  for (const { addon, session } of sessions) addon.close(session);
  console.log('\nMedians over the blocks. CPU is the whole process\'s (user + system); a sleep is a voluntary context switch, about one per round trip to the X server.');
} finally {
  for (const { term } of windows) term.kill();
  await x.stop();
}
