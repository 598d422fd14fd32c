// Stamps each kept key event with the keyboard group (layout) it was typed in, keeping the order of
// everything kept. A key waits until the group watcher has answered a round trip sent after the key
// arrived: the X server made any switch before the key, so its state event is read by then. Without
// the wait a switch made just before a key (xdotool makes one for each character it types in another
// layout) could be read after the key was stamped, and the key rebuilt in the wrong layout.
import type { KeptEvent } from '../core/consent-gate.ts';
import type { KeyboardGroupSource } from '../capture/x11/x11-keyboard-group.ts';

export class KeyboardGroupStamp {
  private queue: KeptEvent[] = [];
  /** Keys that arrived before this moment (performance.now()) can be stamped. */
  private syncedBefore = -Infinity;
  private syncing: Promise<void> | undefined;
  private readonly source: KeyboardGroupSource;
  private readonly emit: (kept: KeptEvent) => void;

  constructor(source: KeyboardGroupSource, emit: (kept: KeptEvent) => void) {
    this.source = source;
    this.emit = emit;
  }

  push(kept: KeptEvent): void {
    this.queue.push(kept);
    this.drain();
    if (this.queue.length > 0) void this.sync();
  }

  /** Everything still waiting goes out, after one last round trip (or without it, if it fails). */
  async flush(): Promise<void> {
    if (this.queue.length > 0) await this.sync();
    this.syncedBefore = Infinity;
    this.drain();
  }

  /** Drops what waits (a forget while recording). */
  discard(): void {
    this.queue = [];
  }

  private drain(): void {
    while (this.queue.length > 0) {
      const head = this.queue[0]!;
      const { event } = head;
      if (event.kind === 'key-down' || event.kind === 'key-up') {
        if (event.arrivedAt >= this.syncedBefore) return;
        event.group = this.source.groupAt(event.time);
      }
      this.queue.shift();
      this.emit(head);
    }
  }

  private sync(): Promise<void> {
    this.syncing ??= (async () => {
      const sentAt = performance.now();
      // A failed round trip proves nothing new, but must not hold input forever: stamp with what is known.
      await this.source.sync().catch(() => undefined);
      this.syncedBefore = sentAt;
      this.syncing = undefined;
      this.drain();
      if (this.queue.length > 0) void this.sync();
    })();
    return this.syncing;
  }
}
