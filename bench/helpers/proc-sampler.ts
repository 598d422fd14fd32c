// Samples a process's CPU (utime+stime from /proc/PID/stat, as % of one core) and resident memory
// (VmRSS from /proc/PID/status) once a second. Linux only.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

export interface ProcSample {
  /** Seconds since sampling started. */
  at: number;
  /** CPU used since the previous sample, in % of one core. */
  cpuPct: number;
  rssMb: number;
}

const TICKS_PER_SECOND = clockTicks();

function clockTicks(): number {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  } catch {
    return 100;
  }
}

function cpuTicks(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces): state is field 3, utime 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return undefined;
  }
}

/** A figure of /proc/PID/status in MB: VmRSS (resident now) or VmHWM (the most it was resident). */
function statusMb(pid: number, field: 'VmRSS' | 'VmHWM'): number | undefined {
  try {
    const match = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** What a thread has used so far: CPU ticks, and how often it went to sleep waiting (voluntary
 *  context switches: each is a wake-up later, which on a VM costs the kernel more than most code). */
interface ThreadUse {
  ticks: number;
  waits: number;
}

/** The use so far of each thread of `pid`, keyed "tid name". */
function threadUse(pid: number): Map<string, ThreadUse> {
  const out = new Map<string, ThreadUse>();
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return out;
  }
  for (const tid of tids) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const waits = /^voluntary_ctxt_switches:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/task/${tid}/status`, 'utf8'));
      out.set(`${tid} ${name}`, { ticks: Number(fields[11]) + Number(fields[12]), waits: Number(waits?.[1] ?? 0) });
    } catch {
      // the thread ended between the listing and the read
    }
  }
  return out;
}

export interface ThreadFigures {
  thread: string;
  cpuPct: number;
  wakeupsPerS: number;
}

export class ProcSampler {
  readonly samples: ProcSample[] = [];
  /** The most memory the process ever had resident (VmHWM), as of the last sample: its true peak,
   *  spikes between samples and start-up included. */
  peakRssMb = Number.NaN;
  private readonly timer: NodeJS.Timeout;
  private threadsFrom: { at: number; use: Map<string, ThreadUse> } | undefined;
  private threadsTo: { at: number; use: Map<string, ThreadUse> } | undefined;
  private threadsFrozen = false;
  private readonly pid: number;

  /** Per-thread CPU is measured from `threadsAfterS` seconds on (past start-up) to the last sample. */
  constructor(pid: number, intervalMs = 1000, threadsAfterS = 5) {
    this.pid = pid;
    const t0 = performance.now();
    let lastTicks = cpuTicks(pid);
    let lastAt = t0;
    this.timer = setInterval(() => {
      const now = performance.now();
      const ticks = cpuTicks(pid);
      const rss = statusMb(pid, 'VmRSS');
      this.peakRssMb = statusMb(pid, 'VmHWM') ?? this.peakRssMb;
      if (ticks === undefined || rss === undefined || lastTicks === undefined) return;
      const threads = { at: now, use: threadUse(pid) };
      if (!this.threadsFrom && (now - t0) / 1000 >= threadsAfterS) this.threadsFrom = threads;
      else if (this.threadsFrom && !this.threadsFrozen) this.threadsTo = threads;
      const cpuPct = ((ticks - lastTicks) / TICKS_PER_SECOND / ((now - lastAt) / 1000)) * 100;
      this.samples.push({ at: (now - t0) / 1000, cpuPct, rssMb: rss });
      lastTicks = ticks;
      lastAt = now;
    }, intervalMs);
  }

  /** Ends the span of the per-thread figures now: a process that is stopping ends threads (an
   *  input hook's, a worker's), and one that has ended is missing from a later listing. */
  endThreadSpan(): void {
    if (!this.threadsFrom) return;
    this.threadsTo = { at: performance.now(), use: threadUse(this.pid) };
    this.threadsFrozen = true;
  }

  stop(): ProcSample[] {
    clearInterval(this.timer);
    return this.samples;
  }

  /** CPU % of one core and wake-ups a second per thread ("main", else the name the kernel has),
   *  busiest first. */
  threads(): ThreadFigures[] {
    const from = this.threadsFrom;
    const to = this.threadsTo;
    if (!from || !to) return [];
    const seconds = (to.at - from.at) / 1000;
    return [...to.use]
      .map(([thread, use]) => {
        const before = from.use.get(thread) ?? { ticks: 0, waits: 0 };
        return {
          thread: thread.startsWith(`${this.pid} `) ? 'main' : thread.replace(/^\d+ /, ''),
          cpuPct: ((use.ticks - before.ticks) / TICKS_PER_SECOND / seconds) * 100,
          wakeupsPerS: (use.waits - before.waits) / seconds,
        };
      })
      .sort((a, b) => b.cpuPct - a.cpuPct);
  }
}

/** `root` or the deepest of its descendants whose command line contains every one of `needles`. */
export function findProcess(root: number, needles: readonly string[]): number | undefined {
  let found: number | undefined;
  const visit = (pid: number): void => {
    let cmdline = '';
    try {
      cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
    } catch {
      return;
    }
    if (needles.every((n) => cmdline.includes(n))) found = pid;
    let children: string[] = [];
    try {
      children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
    } catch {
      // no children file: a kernel without CONFIG_PROC_CHILDREN; root is the best guess then
    }
    for (const child of children) visit(Number(child));
  };
  visit(root);
  return found;
}
