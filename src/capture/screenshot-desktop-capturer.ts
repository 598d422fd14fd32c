// The fallback screen capturer (and the only one off Linux): screenshot-desktop, which on Linux
// spawns `xrandr` and ImageMagick's `import` for every shot. It grabs the whole screen; the frame
// encoder crops it and blacks out the windows stacked above the allowed one, as listed while the
// grab runs: a window of another app that moves or appears meanwhile can escape that mask, which is
// why on X11 the in-process capture of the window's own pixels (x11/x11-window-capturer.ts) comes first.
// On Linux Cairn runs `import` itself with the screen list it just read: screenshot-desktop would
// run `xrandr` a second time, and it leaves that call's failure unhandled (an X server gone away
// would then crash the recorder instead of failing one frame).
//
// Format, measured under Xvfb (5 shots each): at 1280x800 png ~85 ms, tiff ~80 ms, jpg ~60 ms; at
// 1920x1080 png ~190 ms, tiff ~135 ms, jpg ~110 ms. jpg is lossy (it would smear masked edges and
// small text), so uncompressed TIFF: the fastest lossless format sharp reads (BMP it does not).
import { execFile } from 'node:child_process';
import screenshot, { type ScreenshotDisplay } from 'screenshot-desktop';
import type { Bounds, WindowInfo } from '../core/window-info.ts';
import type { CapturedPixels, ScreenCapturer } from './screen-capturer.ts';

export interface ScreenshotDesktopCapturerOptions {
  /** Display id as screenshot-desktop lists it; the primary (or first) screen by default. */
  screen?: string | number;
  /** Image format asked of the platform tool; 'tiff' by default (see above). */
  format?: 'png' | 'tiff' | 'jpg';
  /** The windows stacked above a window (FocusWatcher.windowsAbove): masked on its frames. */
  windowsAbove?: (windowId: string) => Promise<Bounds[]>;
  /** Why this capturer runs instead of a better one, shown in the status line. */
  warning?: string;
}

export class ScreenshotDesktopCapturer implements ScreenCapturer {
  private readonly options: ScreenshotDesktopCapturerOptions;
  readonly warning: string | undefined;

  constructor(options: ScreenshotDesktopCapturerOptions = {}) {
    this.options = options;
    this.warning = options.warning;
  }

  /** The whole screen; with `window` and `windowsAbove`, the windows above it listed meanwhile. */
  async capture(window?: WindowInfo): Promise<CapturedPixels> {
    const { windowsAbove } = this.options;
    const [masks, shot] = await Promise.all([window && windowsAbove ? windowsAbove(window.windowId) : [], this.grab()]);
    return { ...shot, masks };
  }

  private async grab(): Promise<{ image: Buffer; originX: number; originY: number }> {
    // The screen list is read at every shot, not cached: a stale origin after a monitor change
    // would shift every crop and expose what lies next to the allowed window.
    const displays = await screenshot.listDisplays();
    const display = pickDisplay(displays, this.options.screen);
    const format = this.options.format ?? 'tiff';
    const image = process.platform === 'linux' && display ? await importScreen(display, format) : await screenshot({ format, screen: display?.id });
    return { image, originX: display?.offsetX ?? display?.left ?? 0, originY: display?.offsetY ?? display?.top ?? 0 };
  }
}

/** ImageMagick's `import` of one screen of the root window, as screenshot-desktop runs it. */
function importScreen(display: ScreenshotDisplay, format: string): Promise<Buffer> {
  const crop = `${display.width}x${display.height}+${display.offsetX ?? 0}+${display.offsetY ?? 0}`;
  // Uncompressed TIFF is up to 4 bytes per pixel plus headers.
  const maxBuffer = Math.max(display.width * display.height * 8, 10 * 1024 * 1024);
  return new Promise((resolve, reject) => {
    execFile('import', ['-silent', '-window', 'root', '-crop', crop, '-screen', `${format}:-`], { encoding: 'buffer', maxBuffer }, (err, stdout) =>
      err ? reject(err) : resolve(stdout),
    );
  });
}

function pickDisplay(displays: ScreenshotDisplay[], wanted: string | number | undefined): ScreenshotDisplay | undefined {
  if (wanted !== undefined) {
    const found = displays.find((d) => d.id === wanted);
    if (!found) throw new Error(`no screen with id ${String(wanted)}`);
    return found;
  }
  return displays.find((d) => d.primary) ?? displays[0];
}

/**
 * True when ImageMagick's `import` is on PATH and really is ImageMagick (some machines ship stand-ins
 * for its tools). The CLI uses this to explain why screenshots cannot be taken.
 */
export async function checkImageMagick(): Promise<boolean> {
  return new Promise((resolve) => {
    execFile('import', ['-version'], { timeout: 5_000 }, (err, stdout) => {
      resolve(!err && /ImageMagick/i.test(String(stdout)));
    });
  });
}

