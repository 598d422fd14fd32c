// The native host's side of the socket: it passes each checked report to the recording, if one is
// listening. Nothing is queued: while no recording listens (or while connecting), a report is
// dropped, since a report held back would arrive late and be stamped as newer than it is. The
// extension sends a fresh snapshot at least twice a second, so a new recording hears from it at once.
// What the recording says back (one line a message) is handed to `onLine`; when the recording goes
// away, `onGone` is told, so the extension can stop whatever the recording had asked of it.
import { connect, type Socket } from 'node:net';

/** Bytes the socket may hold unsent before reports are dropped (a stalled recorder). */
const MAX_BACKLOG = 1024 * 1024;

export class ReportForwarder {
  private socket: Socket | undefined;
  private connected = false;
  private lastAttempt = Number.NEGATIVE_INFINITY;
  dropped = 0;

  private readonly socketPath: string;
  private readonly retryMs: number;
  private readonly onLine: (line: string) => void;
  private readonly onGone: () => void;

  constructor(socketPath: string, retryMs = 500, onLine: (line: string) => void = () => undefined, onGone: () => void = () => undefined) {
    this.socketPath = socketPath;
    this.retryMs = retryMs;
    this.onLine = onLine;
    this.onGone = onGone;
  }

  /** Sends one line (a JSON report ending in a newline) or drops it. */
  send(line: string): void {
    if (this.socket && this.connected && this.socket.writableLength < MAX_BACKLOG) {
      this.socket.write(line);
      return;
    }
    this.dropped++;
    if (!this.socket && performance.now() - this.lastAttempt >= this.retryMs) this.open();
  }

  close(): void {
    this.socket?.destroy();
    this.socket = undefined;
  }

  private open(): void {
    this.lastAttempt = performance.now();
    const socket = connect(this.socketPath);
    this.socket = socket;
    socket.on('connect', () => (this.connected = true));
    let pending = '';
    socket.setEncoding('utf8');
    socket.on('data', (text: string) => {
      pending += text;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      // A recording says little (one line as it accepts us); anything longer is not it speaking.
      if (pending.length > 1024 * 1024) return void socket.destroy();
      for (const line of lines) this.onLine(line);
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      if (this.socket === socket) this.socket = undefined;
      if (this.connected) this.onGone();
      this.connected = false;
    });
  }
}
