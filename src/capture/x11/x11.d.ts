// The part of the `x11` package (node-x11, CommonJS, untyped) that Cairn uses. Only what
// x11-client.ts calls is declared; everything else stays out of reach on purpose.
declare module 'x11' {
  type Callback<T> = (err: Error | null | undefined, value: T) => unknown;

  export interface XEvent {
    name?: string;
    type: number;
    seq: number;
    wid?: number;
    atom?: number;
    time?: number;
    state?: number;
    x?: number;
    y?: number;
    width?: number;
    height?: number;
    /** FocusIn/FocusOut: NotifyNormal 0, NotifyGrab 1, NotifyUngrab 2, NotifyWhileGrabbed 3. */
    mode?: number;
    /** FocusIn/FocusOut: NotifyAncestor 0 ... NotifyNonlinearVirtual 4, NotifyPointer 5 ... */
    detail?: number;
    /** MapNotify, CreateNotify: whether the window bypasses the window manager. */
    overrideRedirect?: boolean;
    /** XkbStateNotify: the effective keyboard group, and which parts of the state changed. */
    group?: number;
    changed?: number;
  }

  export interface XGeometry {
    windowid: number;
    xPos: number;
    yPos: number;
    width: number;
    height: number;
    borderWidth: number;
  }

  export interface XProperty {
    type: number;
    format: number;
    bytesAfter: number;
    data: Buffer;
  }

  export interface XClient {
    AllocID(): number;
    InternAtom(onlyIfExists: boolean, name: string, cb: Callback<number>): void;
    GetProperty(
      del: number,
      wid: number,
      name: number,
      type: number,
      longOffset: number,
      longLength: number,
      cb: Callback<XProperty>,
    ): void;
    ChangeProperty(mode: number, wid: number, name: number, type: number, units: number, data: Buffer): void;
    ChangeWindowAttributes(wid: number, values: { eventMask?: number }, cb?: Callback<void>): void;
    CreateWindow(
      wid: number,
      parent: number,
      x: number,
      y: number,
      width: number,
      height: number,
      borderWidth: number,
      depth: number,
      klass: number,
      visual: number,
      values: { eventMask?: number; overrideRedirect?: number },
    ): void;
    GetGeometry(drawable: number, cb: Callback<XGeometry>): void;
    GetWindowAttributes(wid: number, cb: Callback<{ mapState: number; klass: number; overrideRedirect: number }>): void;
    GetInputFocus(cb: Callback<{ focus: number; revertTo: number }>): void;
    TranslateCoordinates(
      src: number,
      dst: number,
      x: number,
      y: number,
      cb: Callback<{ destX: number; destY: number; child: number }>,
    ): void;
    QueryTree(wid: number, cb: Callback<{ root: number; parent: number; children: number[] }>): void;
    GetKeyboardMapping(first: number, count: number, cb: Callback<number[][]>): void;
    require(extension: 'xkb', cb: Callback<XkbExtension>): void;
    sync(): Promise<void>;
    close(cb?: (err?: Error) => void): void;
    terminate(): void;
    on(event: 'event', listener: (ev: XEvent) => void): this;
    on(event: 'error' | 'end', listener: (err?: Error) => void): this;
    removeAllListeners(): this;
  }

  /** The part of the XKEYBOARD extension (lib/ext/xkb.js) that the keyboard group watcher uses. */
  export interface XkbExtension {
    UseCoreKbd: number;
    EventType: { StateNotify: number };
    GetState(deviceSpec: number, cb: Callback<{ group: number }>): void;
    SelectEvents(
      deviceSpec: number,
      affectWhich: number,
      clear: number,
      selectAll: number,
      affectMap: number,
      map: number,
      details: { stateNotify: [number, number] },
    ): void;
  }

  export interface XScreen {
    root: number;
    pixel_width: number;
    pixel_height: number;
  }

  export interface XDisplay {
    client: XClient;
    screen: XScreen[];
    min_keycode: number;
    max_keycode: number;
    /** The bits of an XID that a client chooses; the others name the client (its resource base). */
    resource_mask: number;
  }

  interface X11 {
    createClient(options: { display?: string }, cb: (err: Error | null | undefined, display: XDisplay) => void): XClient;
    eventMask: Record<string, number>;
  }
  const x11: X11;
  export default x11;
}
