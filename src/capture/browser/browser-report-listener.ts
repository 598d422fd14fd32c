// The recording's side of the browser socket: each connection is one native host (one browser's
// extension); each line it sends is a snapshot of that browser's windows. Every snapshot is checked
// again with the shared schema (the socket is the owner's only, but a check costs nothing) and
// stamped with the event clock at its arrival, less the time it spent on its way when it says when
// it was sent (both ends read this machine's wall clock): a snapshot held up in a pipe or a busy
// process then never passes for newer than the moment it describes. A line may also be the element
// acted on in a page (element-message.ts), stamped the same way; and each new connection is told,
// in one line back, the sites whose pages may report their elements.
import { chmodSync, existsSync, lstatSync, unlinkSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import type { BrowserReport } from '../../core/browser-report.ts';
import type { Millis } from '../../core/input-event.ts';
import type { PageElementReport } from '../../core/page-element.ts';
import { browserMessageSchema, MAX_MESSAGE_BYTES, toReports } from './browser-message.ts';
import { type ElementSites, elementMessageSchema, toPageElement } from './element-message.ts';
import { socketPathProblem } from './browser-socket.ts';

/** Browsers (native hosts) heard at once; more are refused. */
const MAX_CONNECTIONS = 8;

export interface BrowserReportListenerOptions {
  socketPath: string;
  /** The event clock now; undefined while it is not known yet (the report is then dropped). */
  stamp: () => Millis | undefined;
  /** A snapshot from `source` arrived at `at` (the reports carry the same `at`). */
  onSnapshot: (source: string, at: Millis, reports: BrowserReport[]) => void;
  /** `source` disconnected at `at`: the browser quit or its extension went away. */
  onClosed: (source: string, at: Millis) => void;
  /** An element acted on in a page of `source`, stamped with when it happened. */
  onElement?: (source: string, report: PageElementReport) => void;
  /** Told to each browser as it connects: the sites whose pages may report their elements. */
  elementSites?: ElementSites;
}

export class BrowserReportListener {
  private readonly sockets = new Set<Socket>();
  private nextSource = 1;
  /** Lines that were not a valid snapshot. */
  dropped = 0;

  private readonly server: Server;
  private readonly options: BrowserReportListenerOptions;

  private constructor(server: Server, options: BrowserReportListenerOptions) {
    this.server = server;
    this.options = options;
  }

  static async start(options: BrowserReportListenerOptions): Promise<BrowserReportListener> {
    const problem = socketPathProblem(options.socketPath);
    if (problem) throw new Error(problem);
    await removeStaleSocket(options.socketPath);
    const server = createServer({ pauseOnConnect: false });
    const listener = new BrowserReportListener(server, options);
    server.on('connection', (socket) => listener.accept(socket));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      // The socket is created with the owner's bits only; chmod after would leave a moment open.
      const umask = process.umask(0o177);
      try {
        server.listen(options.socketPath, () => resolve());
      } finally {
        process.umask(umask);
      }
    });
    chmodSync(options.socketPath, 0o600);
    return listener;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(socket: Socket): void {
    if (this.sockets.size >= MAX_CONNECTIONS) {
      socket.destroy();
      return;
    }
    this.sockets.add(socket);
    const source = String(this.nextSource++);
    if (this.options.elementSites) socket.write(`${JSON.stringify(this.options.elementSites)}\n`);
    let pending = '';
    socket.setEncoding('utf8');
    socket.on('data', (text: string) => {
      const at = this.options.stamp();
      const wall = Date.now();
      pending += text;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      if (pending.length > MAX_MESSAGE_BYTES * 2) {
        // No newline in sight: not the host speaking. Hang up rather than buffer without end.
        this.dropped++;
        socket.destroy();
        return;
      }
      for (const line of lines) this.take(source, line, at, wall);
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      this.sockets.delete(socket);
      const at = this.options.stamp();
      if (at !== undefined) this.options.onClosed(source, at);
    });
  }

  private take(source: string, line: string, at: Millis | undefined, wall: number): void {
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      value = undefined;
    }
    const element = elementMessageSchema.safeParse(value);
    if (element.success && at !== undefined) {
      this.options.onElement?.(source, toPageElement(element.data, sentBack(at, wall, element.data.sentAt)));
      return;
    }
    const checked = browserMessageSchema.safeParse(value);
    if (!checked.success || at === undefined) {
      this.dropped++;
      return;
    }
    const stamped = sentBack(at, wall, checked.data.sentAt);
    this.options.onSnapshot(source, stamped, toReports(checked.data, stamped));
  }
}

/** The event clock when a message was sent: its arrival `at`, less the time it took on its way (its
 *  `sentAt` to the wall clock `wall` at arrival). A clock set back in between reads as no delay. */
function sentBack(at: Millis, wall: number, sentAt: number | undefined): Millis {
  return sentAt === undefined ? at : at - Math.max(0, wall - sentAt);
}

/** A socket file left by a recorder that died is removed; one that answers belongs to a live one. */
async function removeStaleSocket(path: string): Promise<void> {
  if (!existsSync(path)) return;
  if (!lstatSync(path).isSocket()) throw new Error(`${path} exists and is not a socket; move it away`);
  const live = await new Promise<boolean>((resolve) => {
    const probe = connect(path);
    probe.once('connect', () => {
      probe.destroy();
      resolve(true);
    });
    probe.once('error', () => resolve(false));
  });
  if (live) throw new Error(`another Cairn recording is listening for browser reports on ${path}`);
  unlinkSync(path);
}
