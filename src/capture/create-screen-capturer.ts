// Picks the screen capturer. On X11 the in-process capture of the window's own pixels comes first;
// where it cannot run (the addon not built, no Composite) or a test asks for the other method,
// frames come from grabs of the whole screen (screenshot-desktop), and the status line says why.
import type { Bounds } from '../core/window-info.ts';
import type { ScreenCapturer } from './screen-capturer.ts';
import { ScreenshotDesktopCapturer } from './screenshot-desktop-capturer.ts';
import { X11WindowCapturer } from './x11/x11-window-capturer.ts';

/** `window`: the window's own pixels (X11 only); `screen`: a grab of the whole screen, masked. */
export type CaptureMethod = 'window' | 'screen';

export interface ScreenCapturerOptions {
  /** The windows stacked above a window (FocusWatcher.windowsAbove), for whole-screen grabs. */
  windowsAbove: (windowId: string) => Promise<Bounds[]>;
  method?: CaptureMethod;
}

export function createScreenCapturer(options: ScreenCapturerOptions, platform: NodeJS.Platform = process.platform): ScreenCapturer {
  if (platform !== 'linux') return new ScreenshotDesktopCapturer({ windowsAbove: options.windowsAbove });
  let why = 'whole-screen grabs were asked for';
  if (options.method !== 'screen') {
    try {
      return X11WindowCapturer.open();
    } catch (error) {
      why = `the in-process capture cannot run: ${(error as Error).message}`;
    }
  }
  return new ScreenshotDesktopCapturer({
    windowsAbove: options.windowsAbove,
    warning: `frames come from grabs of the whole screen with ImageMagick (${why}), so a window of another app that moves or appears during a grab can show in a frame`,
  });
}
