// Which accessible application is which process: the registry lists every app on the accessibility
// bus (its connection and root object), and the bus daemon says which process owns a connection.
// The focus watcher knows a window's process (_NET_WM_PID), so this is how an X window finds its
// app's tree. Read again, at most twice a second, when a process is not found (an app started later).
import { ACCESSIBLE, type AtspiBus, type ObjectRef } from './atspi-bus.ts';

const REGISTRY: ObjectRef = ['org.a11y.atspi.Registry', '/org/a11y/atspi/accessible/root'];
const RELIST_MS = 500;

export class AtspiApps {
  private readonly bus: AtspiBus;
  private readonly byPid = new Map<number, ObjectRef>();
  private readonly pidOf = new Map<string, number>();
  private listedAt = Number.NEGATIVE_INFINITY;
  private listing: Promise<void> | undefined;

  constructor(bus: AtspiBus) {
    this.bus = bus;
  }

  /** The app (its connection and root) of process `pid`, or null when it has none on the bus. */
  async appOf(pid: number): Promise<ObjectRef | null> {
    const known = this.byPid.get(pid);
    if (known) return known;
    if (performance.now() - this.listedAt >= RELIST_MS) await this.list();
    return this.byPid.get(pid) ?? null;
  }

  /** The process of a connection (a focus event's sender), read once per connection. */
  async pidOfConnection(name: string): Promise<number | null> {
    const known = this.pidOf.get(name);
    if (known !== undefined) return known;
    try {
      const [pid] = await this.bus.daemon<[number]>('GetConnectionUnixProcessID', 's', [name]);
      this.pidOf.set(name, pid);
      return pid;
    } catch {
      return null;
    }
  }

  /** A process already known for `name`, without asking (so an event is passed on in order). */
  knownPid(name: string): number | undefined {
    return this.pidOf.get(name);
  }

  private list(): Promise<void> {
    this.listing ??= (async () => {
      try {
        const [apps] = await this.bus.call<[ObjectRef[]]>(REGISTRY[0], REGISTRY[1], ACCESSIBLE, 'GetChildren');
        this.byPid.clear();
        await Promise.all(
          apps.map(async (app) => {
            const pid = await this.pidOfConnection(app[0]);
            if (pid !== null) this.byPid.set(pid, app);
          }),
        );
      } finally {
        this.listedAt = performance.now();
        this.listing = undefined;
      }
    })();
    return this.listing;
  }
}
