// The in-process capturer of X11 (native/x-window-capture, a small N-API addon over XCB). While it
// is open every top-level window is redirected (Composite, automatic: the screen looks the same),
// so each keeps its own contents in a pixmap; a frame is the allowed window's pixmap, cut to its
// area, black outside its shape, with the pixmaps of its own menus, dropdowns and dialogs drawn on
// top (the rule: native/x-window-capture/src/own_windows.c). No other window's pixels are read, so
// nothing is left to mask, whatever moves over the window during the shot. No process per frame:
// the read runs on the libuv thread pool and comes back as raw RGB. Asked whether a window changed
// since an earlier shot, it answers from the X DAMAGE extension's reports and the window events it
// listens to (native/x-window-capture/src/frame_watch.c), without reading a pixel when it did not.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { appUrl } from '../../core/app-root.ts';
import type { WindowInfo } from '../../core/window-info.ts';
import type { CapturedPixels, ScreenCapturer } from '../screen-capturer.ts';

interface WindowFrame {
  rgb: Buffer;
  width: number;
  height: number;
  /** The window's top-left (inside its border) in root coordinates. */
  x: number;
  y: number;
  /** The windows drawn onto it: its own popups and dialogs. */
  joined: number[];
  /** This shot's number in its session: what a later capture may be asked about. */
  serial: number;
}

interface Native {
  check(display: string | null): string | null;
  open(display: string | null): unknown;
  /** With `since`, null when the window's frame is still that of shot `since` (nothing is read then). */
  capture(session: unknown, windowId: number, since?: number): Promise<WindowFrame | null>;
  close(session: unknown): void;
}

const ADDON = fileURLToPath(appUrl('native/x-window-capture/build/Release/x_window_capture.node'));

/**
 * After the redirection starts, a window that was partly covered holds, in the covered part, what
 * covered it until its app repaints there (the server exposes it at once; apps answer within a
 * frame or two). No shot is taken before this has passed.
 */
const REDIRECT_SETTLE_MS = 250;

let native: Native | undefined;

function load(): Native {
  native ??= createRequire(import.meta.url)(ADDON) as Native;
  return native;
}

/** Why the in-process capture is not on this machine at all, or null when it is. */
export function windowCaptureMissingReason(): string | null {
  if (process.platform !== 'linux') return 'it is for X11 only';
  if (!existsSync(ADDON)) return `it was not built (${ADDON} is missing; \`npm run build\` builds it with node-gyp and the XCB headers)`;
  return null;
}

/** Why the in-process capture cannot run on `display` (none: $DISPLAY), or null when it can. */
export function windowCaptureProblem(display?: string): string | null {
  return windowCaptureMissingReason() ?? load().check(display ?? null);
}

export class X11WindowCapturer implements ScreenCapturer {
  readonly inProcess = true;
  private session: unknown;
  private readonly settled: number;
  private pending: Promise<unknown> = Promise.resolve();
  /** The serial of each shot handed out, for captureIfChanged. */
  private readonly serials = new WeakMap<CapturedPixels, number>();

  private constructor(session: unknown) {
    this.session = session;
    this.settled = performance.now() + REDIRECT_SETTLE_MS;
  }

  /** Connects and starts the redirection; throws one sentence where it cannot (see windowCaptureProblem). */
  static open(display?: string): X11WindowCapturer {
    const problem = windowCaptureProblem(display);
    if (problem) throw new Error(problem);
    return new X11WindowCapturer(load().open(display ?? null));
  }

  async capture(window: WindowInfo): Promise<CapturedPixels> {
    return (await this.shoot(window, undefined))!;
  }

  async captureIfChanged(window: WindowInfo, previous: CapturedPixels): Promise<CapturedPixels | null> {
    return this.shoot(window, this.serials.get(previous));
  }

  private async shoot(window: WindowInfo, since: number | undefined): Promise<CapturedPixels | null> {
    if (this.session === undefined) throw new Error('the window capture is closed');
    const wait = this.settled - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const shot = load().capture(this.session, Number(window.windowId), since);
    this.pending = shot.catch(() => undefined);
    const frame = await shot;
    if (frame === null) return null;
    const pixels: CapturedPixels = { image: frame.rgb, raw: { width: frame.width, height: frame.height, channels: 3 }, originX: frame.x, originY: frame.y, masks: [] };
    this.serials.set(pixels, frame.serial);
    return pixels;
  }

  /** Ends the redirection (closing the connection ends it), once a shot under way has finished. */
  async close(): Promise<void> {
    const session = this.session;
    if (session === undefined) return;
    this.session = undefined;
    await this.pending;
    load().close(session);
  }
}
