// Who receives the keyboard on X11, as far as X lets a client learn it without grabbing the
// keyboard itself (which would steal a person's keystrokes): the X input focus (GetInputFocus, and
// FocusIn/FocusOut on the active window), keyboard grabs (the same focus events in mode Grab and
// Ungrab), and the override-redirect windows mapped over the screen (MapNotify/UnmapNotify on the
// root) — launchers, pickers, menus and screen lockers bypass the window manager, so
// _NET_ACTIVE_WINDOW never names them.
//
// A window of the active window's own client (same XID resource base, same _NET_WM_PID, or
// WM_TRANSIENT_FOR it) is the active app's: its menus and dropdowns keep their keys. When a grab
// goes to a window outside the active one, X does not say which: the override-redirect window mapped
// last is taken for it, and with none the keys are nobody's Cairn can name.
import type { XEvent } from 'x11';
import {
  ATOM_WM_TRANSIENT_FOR,
  EVENT_DESTROY_NOTIFY,
  EVENT_FOCUS_IN,
  EVENT_FOCUS_OUT,
  EVENT_MAP_NOTIFY,
  EVENT_UNMAP_NOTIFY,
  MAP_STATE_VIEWABLE,
  type X11Connection,
} from './x11-client.ts';

const NOTIFY_NORMAL = 0;
const NOTIFY_GRAB = 1;
const NOTIFY_UNGRAB = 2;
const DETAIL_INFERIOR = 2;
const DETAIL_NONLINEAR = 3;
const DETAIL_NONLINEAR_VIRTUAL = 4;
const FOCUS_NONE = 0;
const FOCUS_POINTER_ROOT = 1;

/** Where an active keyboard grab sends keys: into the active window, to a window that is not the
 *  app's (the root, the window manager), or somewhere X does not name. */
type Grab = 'active' | 'other' | 'unnamed';

export class X11KeyboardReceiver {
  private readonly conn: X11Connection;
  private readonly netWmPid: number;
  private grab: Grab | null = null;
  /** The active window when the grab began: a grab into it says nothing of another. */
  private grabbedIn = 0;
  /** Mapped override-redirect windows, oldest first. */
  private popups: number[] = [];

  constructor(conn: X11Connection, netWmPid: number) {
    this.conn = conn;
    this.netWmPid = netWmPid;
  }

  /** Learns the override-redirect windows already on screen (the root must select SubstructureNotify). */
  async start(): Promise<void> {
    const { children } = await this.conn.queryTree(this.conn.root);
    const attrs = await Promise.all(children.map((w) => this.conn.mapState(w).catch(() => null)));
    this.popups = children.filter((_, i) => attrs[i]?.overrideRedirect && attrs[i].mapState === MAP_STATE_VIEWABLE);
  }

  /** Takes in an event of the watcher's connection; true when who receives the keyboard may have changed. */
  note(ev: XEvent, active: number): boolean {
    const wid = ev.wid ?? 0;
    if (ev.type === EVENT_MAP_NOTIFY && ev.overrideRedirect) {
      this.popups = [...this.popups.filter((w) => w !== wid), wid];
      return this.grab === 'unnamed';
    }
    if (ev.type === EVENT_UNMAP_NOTIFY || ev.type === EVENT_DESTROY_NOTIFY) {
      const before = this.popups.length;
      this.popups = this.popups.filter((w) => w !== wid);
      return this.popups.length !== before && this.grab === 'unnamed';
    }
    if ((ev.type !== EVENT_FOCUS_IN && ev.type !== EVENT_FOCUS_OUT) || wid !== active || active === 0) return false;
    // Focus events in mode Normal flow only while nobody grabs the keyboard; WhileGrabbed ones move
    // the focus under a grab, which still decides where keys go.
    if (ev.mode === NOTIFY_NORMAL || ev.mode === NOTIFY_UNGRAB) this.grab = null;
    else if (ev.mode === NOTIFY_GRAB) {
      this.grab = grabTarget(ev.type, ev.detail ?? -1);
      this.grabbedIn = active;
    } else return false;
    return true;
  }

  /** Whether keys typed now reach `active` or a window of its own app. */
  async ownedBy(active: number): Promise<boolean> {
    if (active === 0) return false;
    if (this.grab === 'active' && this.grabbedIn === active) return true;
    if (this.grab === 'other') return false;
    if (this.grab !== null) {
      const popup = this.popups.at(-1);
      return popup !== undefined && (await this.sameApp(popup, active));
    }
    const focus = await this.conn.inputFocus();
    // PointerRoot sends keys to whatever is under the pointer: Cairn does not follow that.
    if (focus === FOCUS_NONE || focus === FOCUS_POINTER_ROOT) return false;
    return (await this.inside(focus, active)) || (await this.sameApp(focus, active));
  }

  private async inside(wid: number, ancestor: number): Promise<boolean> {
    let current = wid;
    for (let depth = 0; depth < 32 && current !== 0 && current !== this.conn.root; depth++) {
      if (current === ancestor) return true;
      current = (await this.conn.queryTree(current)).parent;
    }
    return false;
  }

  private async sameApp(wid: number, active: number): Promise<boolean> {
    if (this.conn.clientOf(wid) === this.conn.clientOf(active)) return true;
    try {
      const [transientFor, pid, activePid] = await Promise.all([
        this.conn.windowList(wid, ATOM_WM_TRANSIENT_FOR),
        this.conn.cardinal(wid, this.netWmPid),
        this.conn.cardinal(active, this.netWmPid),
      ]);
      const owner = transientFor[0];
      if (owner !== undefined && this.conn.clientOf(owner) === this.conn.clientOf(active)) return true;
      return pid !== undefined && pid === activePid;
    } catch {
      return false; // gone meanwhile: nothing says it was the app's
    }
  }
}

/**
 * Where a grab that began (a focus event in mode Grab on the active window) sends keys, from the
 * event's detail: FocusIn, or FocusOut towards an inferior, keeps them inside the active window;
 * FocusOut towards an unrelated window leaves them with a window X does not name; towards an
 * ancestor (the root, the window manager's frame), or any detail about the pointer or no focus,
 * with no window of the app.
 */
function grabTarget(type: number, detail: number): Grab {
  if (detail > DETAIL_NONLINEAR_VIRTUAL) return 'other';
  if (type === EVENT_FOCUS_IN || detail === DETAIL_INFERIOR) return 'active';
  if (detail === DETAIL_NONLINEAR || detail === DETAIL_NONLINEAR_VIRTUAL) return 'unnamed';
  return 'other';
}
