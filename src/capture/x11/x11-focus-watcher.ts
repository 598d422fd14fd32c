// The X11 focus watcher: one X connection, event-driven. It follows _NET_ACTIVE_WINDOW on the root,
// watches the active client for title and geometry changes and for who receives the keyboard (input
// focus, grabs, override-redirect popups: x11-keyboard-receiver.ts), and stamps every change with the
// X server's clock, the clock uiohook stamps input with, so the consent gate compares like with like.
//
// Ordering is the whole point: X delivers a connection's events in order, and every event is handled
// on one promise chain, so a focus change is always reported before any later heartbeat's watermark.
// Focus, map and grab events carry no time: such a change is reported as "unknown" from the last
// server time seen until a round trip after it, so no input on either side of it is misplaced.
import type { Millis } from '../../core/input-event.ts';
import type { Bounds, FocusChange, WindowInfo } from '../../core/window-info.ts';
import type { FocusListener, FocusWatcher } from '../focus-watcher.ts';
import {
  ATOM_STRING,
  ATOM_WM_CLASS,
  ATOM_WM_NAME,
  EVENT_CONFIGURE_NOTIFY,
  EVENT_DESTROY_NOTIFY,
  EVENT_PROPERTY_NOTIFY,
  FOCUS_CHANGE_MASK,
  MAP_STATE_VIEWABLE,
  PROPERTY_CHANGE_MASK,
  PROP_MODE_APPEND,
  STRUCTURE_NOTIFY_MASK,
  SUBSTRUCTURE_NOTIFY_MASK,
  X11Connection,
  type XEvent,
} from './x11-client.ts';
import { X11KeyboardReceiver } from './x11-keyboard-receiver.ts';

export interface X11FocusWatcherOptions {
  /** X display name; DISPLAY by default. */
  display?: string;
  /** How often to prove, by a server round trip, that no change is pending (ms). */
  heartbeatMs?: number;
}

interface Atoms {
  activeWindow: number;
  clientList: number;
  netWmName: number;
  netWmPid: number;
  beacon: number;
}

interface SyncWaiter {
  ordinal: number;
  resolve: (time: Millis) => void;
  reject: (err: Error) => void;
}

const INPUT_ONLY = 2;

export class X11FocusWatcher implements FocusWatcher {
  private readonly options: X11FocusWatcherOptions;
  private conn: X11Connection | undefined;
  private atoms: Atoms | undefined;
  private listener: FocusListener | undefined;
  private chain: Promise<void> = Promise.resolve();
  private heartbeat: NodeJS.Timeout | undefined;
  /** Private unmapped window whose property appends give us the server time. */
  private beacon = 0;
  private beaconsSent = 0;
  private beaconsSeen = 0;
  private waiters: SyncWaiter[] = [];
  /** Client window and its WM frame that are watched for title and geometry changes. */
  private active = 0;
  private activeFrame = 0;
  private receiver: X11KeyboardReceiver | undefined;
  /** What is known now: the active window, and whether the keyboard goes to another client. */
  private window: WindowInfo | null = null;
  private elsewhere = false;
  /** While an unstamped change is bracketed: the beacon whose time ends the bracket (0: none). */
  private bracketUntil = 0;
  private last: { window: WindowInfo | null; elsewhere: boolean } | undefined;
  private lastEmitted = 0;
  /** Latest X server time seen (from any PropertyNotify). */
  private serverTime = 0;
  private ready = false;
  private done = false;

  constructor(options: X11FocusWatcherOptions = {}) {
    this.options = options;
  }

  async start(listener: FocusListener): Promise<void> {
    if (this.conn) throw new Error('X11FocusWatcher already started');
    this.listener = listener;
    const conn = await X11Connection.open(this.options.display);
    this.conn = conn;
    conn.client.on('error', (err) => this.fail(err instanceof Error ? err : new Error(String(err))));
    conn.client.on('end', () => this.fail(new Error('X server connection closed')));
    this.atoms = {
      activeWindow: await conn.atom('_NET_ACTIVE_WINDOW'),
      clientList: await conn.atom('_NET_CLIENT_LIST'),
      netWmName: await conn.atom('_NET_WM_NAME'),
      netWmPid: await conn.atom('_NET_WM_PID'),
      beacon: await conn.atom('_CAIRN_TIME_BEACON'),
    };
    this.beacon = conn.client.AllocID();
    conn.client.CreateWindow(this.beacon, conn.root, -10, -10, 1, 1, 0, 0, INPUT_ONLY, 0, {
      eventMask: PROPERTY_CHANGE_MASK,
    });
    const receiver = new X11KeyboardReceiver(conn, this.atoms.netWmPid);
    this.receiver = receiver;
    conn.onEvent((ev) => this.enqueue(() => this.handle(ev)));
    // SubstructureNotify on the root: override-redirect popups mapping and unmapping. The popups
    // already there are read on the event chain, so a map seen meanwhile is not overwritten.
    await conn.selectInput(conn.root, PROPERTY_CHANGE_MASK | SUBSTRUCTURE_NOTIFY_MASK);
    await this.enqueue(() => receiver.start());
    const now = await this.sync();
    await this.enqueue(async () => {
      await this.refreshActive(now);
      this.ready = true;
    });
    if (this.done) throw new Error('X11FocusWatcher failed while starting');
    this.heartbeat = setInterval(() => {
      // Heartbeats must not pile up behind a slow server; sync() still sends its own beacon.
      if (this.beaconsSent - this.beaconsSeen < 3) this.sendBeacon();
    }, this.options.heartbeatMs ?? 50);
  }

  sync(): Promise<Millis> {
    if (this.done || !this.conn) return Promise.reject(new Error('X11FocusWatcher is not running'));
    return new Promise((resolve, reject) => {
      this.waiters.push({ ordinal: this.sendBeacon(), resolve, reject });
    });
  }

  async windowsAbove(windowId: string): Promise<Bounds[]> {
    const conn = this.requireConn();
    const wid = Number(windowId);
    const [frame, target, tree] = await Promise.all([conn.topLevel(wid), conn.rootBounds(wid), conn.queryTree(conn.root)]);
    const index = tree.children.indexOf(frame);
    if (index < 0) throw new Error(`window ${windowId} is not on screen`);
    // The root's children in stacking order (bottom to top), not _NET_CLIENT_LIST_STACKING: that list
    // omits override-redirect windows (menus, tooltips, notifications of other apps), which must be
    // masked too.
    const above = await Promise.all(
      tree.children.slice(index + 1).map(async (child) => {
        try {
          const attrs = await conn.mapState(child);
          if (attrs.mapState !== MAP_STATE_VIEWABLE || attrs.klass === INPUT_ONLY) return null;
          return await conn.outerBounds(child);
        } catch {
          return null; // vanished meanwhile
        }
      }),
    );
    return above.filter((b): b is Bounds => b !== null && overlaps(b, target));
  }

  async listWindows(): Promise<WindowInfo[]> {
    const conn = this.requireConn();
    const ids = await conn.windowList(conn.root, this.atoms!.clientList);
    const infos = await Promise.all(ids.map((id) => this.readWindow(id)));
    return infos.filter((w): w is WindowInfo => w !== null);
  }

  async stop(): Promise<void> {
    if (this.done) return;
    this.done = true;
    clearInterval(this.heartbeat);
    this.heartbeat = undefined;
    this.rejectWaiters(new Error('X11FocusWatcher stopped'));
    const conn = this.conn;
    if (conn) await conn.close();
  }

  private enqueue(task: () => Promise<void>): Promise<void> {
    const next = this.chain.then(task).catch((err: unknown) => this.fail(err as Error));
    this.chain = next;
    return next;
  }

  private async handle(ev: XEvent): Promise<void> {
    if (this.done) return;
    if (this.receiver!.note(ev, this.active)) return this.receiverMoved();
    if (ev.type === EVENT_PROPERTY_NOTIFY) {
      const time = ev.time ?? this.serverTime;
      if (time > this.serverTime) this.serverTime = time;
      if (ev.wid === this.beacon) return this.onBeacon(time);
      if (ev.wid === this.conn!.root && ev.atom === this.atoms!.activeWindow) return this.refreshActive(time);
      const a = this.atoms!;
      if (ev.wid === this.active && (ev.atom === a.netWmName || ev.atom === ATOM_WM_NAME || ev.atom === ATOM_WM_CLASS)) {
        return this.emit(time, await this.readWindow(this.active));
      }
    } else if (ev.type === EVENT_CONFIGURE_NOTIFY && (ev.wid === this.active || ev.wid === this.activeFrame)) {
      // ConfigureNotify carries no timestamp: the last server time known is the closest honest one.
      return this.emit(this.serverTime, await this.readWindow(this.active));
    } else if (ev.type === EVENT_DESTROY_NOTIFY && ev.wid === this.active) {
      return this.emit(this.serverTime, null);
    }
  }

  /**
   * Who receives the keyboard may have changed (focus, grab, popup). A focus change the window
   * manager makes comes with a new _NET_ACTIVE_WINDOW, stamped, and is left to that; any other is
   * bracketed, since X stamps no time on these events.
   */
  private async receiverMoved(): Promise<void> {
    const conn = this.conn!;
    const active = (await conn.windowList(conn.root, this.atoms!.activeWindow))[0] ?? 0;
    if (active !== this.active) return;
    const elsewhere = !(await this.receiver!.ownedBy(active));
    if (elsewhere === this.elsewhere) return;
    if (!this.bracketUntil) this.report(this.serverTime, null, false);
    this.elsewhere = elsewhere;
    this.bracketUntil = this.sendBeacon();
  }

  private onBeacon(time: Millis): void {
    this.beaconsSeen++;
    if (this.bracketUntil && this.beaconsSeen >= this.bracketUntil) {
      this.bracketUntil = 0;
      this.report(time, this.window, this.elsewhere);
    }
    // Everything stamped before this beacon has been handled; a change in the same millisecond
    // could still follow it, hence one less.
    if (this.ready) this.listener?.watermark(time - 1);
    // A waiter whose round trip ended inside a bracket waits for the bracket's end: its caller wants
    // the state after its change, and "unknown" is only the state while it is being found out.
    for (const w of this.waiters) if (w.ordinal <= this.beaconsSeen && this.bracketUntil) w.ordinal = this.bracketUntil;
    const due = this.waiters.filter((w) => w.ordinal <= this.beaconsSeen);
    this.waiters = this.waiters.filter((w) => w.ordinal > this.beaconsSeen);
    for (const w of due) w.resolve(time);
  }

  private sendBeacon(): number {
    const conn = this.conn;
    if (!conn || this.done) return this.beaconsSent;
    this.beaconsSent++;
    conn.client.ChangeProperty(PROP_MODE_APPEND, this.beacon, this.atoms!.beacon, ATOM_STRING, 8, Buffer.alloc(0));
    return this.beaconsSent;
  }

  private async refreshActive(time: Millis): Promise<void> {
    const conn = this.conn!;
    const ids = await conn.windowList(conn.root, this.atoms!.activeWindow);
    const wid = ids[0] ?? 0;
    if (wid !== this.active) await this.watch(wid);
    this.elsewhere = !(await this.receiver!.ownedBy(wid));
    this.emit(time, wid === 0 ? null : await this.readWindow(wid));
  }

  /** Moves the title/geometry subscription to `wid` (and its WM frame). */
  private async watch(wid: number): Promise<void> {
    const conn = this.conn!;
    const forget = [this.active, this.activeFrame].filter((w) => w !== 0);
    this.active = wid;
    this.activeFrame = 0;
    await Promise.all(forget.map((w) => conn.selectInput(w, 0).catch(() => undefined)));
    if (wid === 0) return;
    try {
      await conn.selectInput(wid, PROPERTY_CHANGE_MASK | STRUCTURE_NOTIFY_MASK | FOCUS_CHANGE_MASK);
      const frame = await conn.topLevel(wid);
      if (frame !== wid) {
        this.activeFrame = frame;
        await conn.selectInput(frame, STRUCTURE_NOTIFY_MASK);
      }
    } catch {
      // The window is already gone; readWindow will report null for it.
    }
  }

  /** App, title, pid and root-relative bounds of a client window; null if it cannot be read. */
  private async readWindow(wid: number): Promise<WindowInfo | null> {
    const conn = this.conn!;
    const a = this.atoms!;
    try {
      const [cls, netName, wmName, pid, bounds] = await Promise.all([
        conn.property(wid, ATOM_WM_CLASS, ATOM_STRING),
        conn.property(wid, a.netWmName),
        conn.property(wid, ATOM_WM_NAME),
        conn.cardinal(wid, a.netWmPid),
        conn.rootBounds(wid),
      ]);
      const parts = cls ? cls.data.toString('latin1').split('\0') : [];
      const app = parts[1] || parts[0] || '';
      if (!app) return null; // no identity: the gate must not guess
      // Read with AnyPropertyType: some tools (xdotool among them) store _NET_WM_NAME as STRING.
      const named = netName ?? wmName;
      const title = named ? named.data.toString(named.type === ATOM_STRING ? 'latin1' : 'utf8') : '';
      const info: WindowInfo = { windowId: String(wid), app, title, bounds };
      if (pid !== undefined) info.pid = pid;
      return info;
    } catch {
      return null;
    }
  }

  /** The active window's info changed; reported at `time` unless a bracket holds it back. */
  private emit(time: Millis, window: WindowInfo | null): void {
    this.window = window;
    if (!this.bracketUntil) this.report(time, window, this.elsewhere);
  }

  private report(time: Millis, window: WindowInfo | null, elsewhere: boolean): void {
    const inputElsewhere = window !== null && elsewhere;
    const last = this.last;
    if (last !== undefined && sameWindow(last.window, window) && last.elsewhere === inputElsewhere) return;
    this.last = { window, elsewhere: inputElsewhere };
    // The timeline refuses changes older than the last one; ConfigureNotify times are estimates.
    const change: FocusChange = { time: Math.max(time, this.lastEmitted), window };
    if (inputElsewhere) change.inputElsewhere = true;
    this.lastEmitted = change.time;
    this.listener?.focus(change);
  }

  private fail(err: Error): void {
    if (this.done) return;
    this.done = true;
    clearInterval(this.heartbeat);
    this.heartbeat = undefined;
    this.rejectWaiters(err);
    this.listener?.failed(err);
    void this.conn?.close();
  }

  private rejectWaiters(err: Error): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w.reject(err);
  }

  private requireConn(): X11Connection {
    if (!this.conn || this.done) throw new Error('X11FocusWatcher is not running');
    return this.conn;
  }
}

function sameWindow(a: WindowInfo | null, b: WindowInfo | null): boolean {
  if (a === null || b === null) return a === b;
  return (
    a.windowId === b.windowId &&
    a.app === b.app &&
    a.title === b.title &&
    a.pid === b.pid &&
    a.bounds.x === b.bounds.x &&
    a.bounds.y === b.bounds.y &&
    a.bounds.width === b.bounds.width &&
    a.bounds.height === b.bounds.height
  );
}

function overlaps(a: Bounds, b: Bounds): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}
