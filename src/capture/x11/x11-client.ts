// A small promise-based face over one node-x11 connection: the handful of requests the focus
// watcher and the keyboard-layout reader need, with X errors turned into rejected promises.
import x11 from 'x11';
import type { XClient, XDisplay, XEvent, XGeometry, XProperty } from 'x11';
import type { Bounds } from '../../core/window-info.ts';

export type { XEvent } from 'x11';

export const ANY_PROPERTY_TYPE = 0;
export const ATOM_CARDINAL = 6;
export const ATOM_STRING = 31;
export const ATOM_WINDOW = 33;
export const ATOM_WM_NAME = 39;
export const ATOM_WM_CLASS = 67;
export const ATOM_WM_TRANSIENT_FOR = 68;
export const PROP_MODE_APPEND = 2;
export const MAP_STATE_VIEWABLE = 2;
export const EVENT_PROPERTY_NOTIFY = 28;
export const EVENT_FOCUS_IN = 9;
export const EVENT_FOCUS_OUT = 10;
export const EVENT_UNMAP_NOTIFY = 18;
export const EVENT_MAP_NOTIFY = 19;
export const EVENT_CONFIGURE_NOTIFY = 22;
export const EVENT_DESTROY_NOTIFY = 17;
export const PROPERTY_CHANGE_MASK = 0x00400000;
export const STRUCTURE_NOTIFY_MASK = 0x00020000;
export const SUBSTRUCTURE_NOTIFY_MASK = 0x00080000;
export const FOCUS_CHANGE_MASK = 0x00200000;

// The callback returns true: node-x11 otherwise re-emits a handled X error as a connection 'error'.
function call<T>(start: (cb: (err: Error | null | undefined, value: T) => boolean) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    start((err, value) => {
      if (err) reject(asError(err));
      else resolve(value);
      return true;
    });
  });
}

function asError(err: unknown): Error {
  if (err instanceof Error) return err;
  const e = err as { message?: string; error?: number } | undefined;
  return new Error(e?.message ?? `X error ${e?.error ?? String(err)}`);
}

export class X11Connection {
  readonly client: XClient;
  readonly display: XDisplay;
  readonly root: number;
  private readonly atoms = new Map<string, number>();

  private constructor(display: XDisplay) {
    this.display = display;
    this.client = display.client;
    const screen = display.screen[0];
    if (!screen) throw new Error('X display has no screen');
    this.root = screen.root;
  }

  static open(display?: string): Promise<X11Connection> {
    return new Promise((resolve, reject) => {
      const name = display ?? process.env.DISPLAY;
      if (!name) {
        reject(new Error('DISPLAY is not set: no X server to connect to'));
        return;
      }
      let settled = false;
      const client = x11.createClient({ display: name }, (err, dpy) => {
        if (settled) return;
        settled = true;
        if (err) reject(new Error(`cannot connect to X display ${name}: ${asError(err).message}`));
        else resolve(new X11Connection(dpy));
      });
      // Errors before setup completes arrive through the callback; keep the emitter from throwing.
      client.on('error', (err) => {
        if (!settled) {
          settled = true;
          reject(asError(err));
        }
      });
    });
  }

  async atom(name: string): Promise<number> {
    const known = this.atoms.get(name);
    if (known !== undefined) return known;
    const value = await call<number>((cb) => this.client.InternAtom(false, name, cb));
    this.atoms.set(name, value);
    return value;
  }

  /** Reads a whole property (up to 64 KiB); null when the window does not have it. */
  async property(wid: number, atom: number, type = ANY_PROPERTY_TYPE): Promise<XProperty | null> {
    const prop = await call<XProperty>((cb) => this.client.GetProperty(0, wid, atom, type, 0, 16384, cb));
    return prop.type === 0 ? null : prop;
  }

  async windowList(wid: number, atom: number): Promise<number[]> {
    const prop = await this.property(wid, atom, ATOM_WINDOW);
    if (!prop || prop.format !== 32) return [];
    const ids: number[] = [];
    for (let i = 0; i + 4 <= prop.data.length; i += 4) ids.push(prop.data.readUInt32LE(i));
    return ids;
  }

  async cardinal(wid: number, atom: number): Promise<number | undefined> {
    const prop = await this.property(wid, atom, ATOM_CARDINAL);
    return prop && prop.format === 32 && prop.data.length >= 4 ? prop.data.readUInt32LE(0) : undefined;
  }

  selectInput(wid: number, eventMask: number): Promise<void> {
    return call<void>((cb) => this.client.ChangeWindowAttributes(wid, { eventMask }, cb));
  }

  /** The window's outer rectangle (inside its border) in root coordinates. */
  async rootBounds(wid: number): Promise<Bounds> {
    const geom = await call<XGeometry>((cb) => this.client.GetGeometry(wid, cb));
    const at = await call<{ destX: number; destY: number }>((cb) => this.client.TranslateCoordinates(wid, this.root, 0, 0, cb));
    return { x: at.destX, y: at.destY, width: geom.width, height: geom.height };
  }

  async mapState(wid: number): Promise<{ mapState: number; klass: number; overrideRedirect: number }> {
    return call((cb) => this.client.GetWindowAttributes(wid, cb));
  }

  /** The window that has the X input focus (0: None, 1: PointerRoot). */
  async inputFocus(): Promise<number> {
    return (await call<{ focus: number }>((cb) => this.client.GetInputFocus(cb))).focus;
  }

  /** The part of an XID that names the client that created it. */
  clientOf(wid: number): number {
    return (wid & ~this.display.resource_mask) >>> 0;
  }

  /** A top-level window's rectangle including its border (GetGeometry is relative to the root). */
  async outerBounds(wid: number): Promise<Bounds> {
    const g = await call<XGeometry>((cb) => this.client.GetGeometry(wid, cb));
    return { x: g.xPos, y: g.yPos, width: g.width + 2 * g.borderWidth, height: g.height + 2 * g.borderWidth };
  }

  queryTree(wid: number): Promise<{ root: number; parent: number; children: number[] }> {
    return call((cb) => this.client.QueryTree(wid, cb));
  }

  /** The root's child that contains `wid`: the window manager's frame around a client window. */
  async topLevel(wid: number): Promise<number> {
    let current = wid;
    for (let depth = 0; depth < 16; depth++) {
      const tree = await this.queryTree(current);
      if (tree.parent === this.root || tree.parent === 0) return current;
      current = tree.parent;
    }
    return current;
  }

  keyboardMapping(first: number, count: number): Promise<number[][]> {
    return call((cb) => this.client.GetKeyboardMapping(first, count, cb));
  }

  onEvent(listener: (ev: XEvent) => void): void {
    this.client.on('event', listener);
  }

  /** Closes the socket; resolves once it is gone (or at once if it already was). */
  close(): Promise<void> {
    return new Promise((resolve) => {
      try {
        this.client.close(() => resolve());
      } catch {
        resolve();
      }
      // A dead server never answers close()'s round trip: do not hang on it.
      setTimeout(() => {
        try {
          this.client.terminate();
        } catch {
          // already closed
        }
        resolve();
      }, 500).unref();
    });
  }
}
