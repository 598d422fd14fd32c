// The windows on screen now, for `cairn apps list`; without a display the list is empty and a
// note says why, since policies can be set before an app has ever run.
import type { WindowInfo } from '../core/window-info.ts';
import { createFocusWatcher } from './create-focus-watcher.ts';

export async function listRunningWindows(): Promise<{ windows: WindowInfo[]; note?: string }> {
  let watcher;
  try {
    watcher = createFocusWatcher();
  } catch (error) {
    return { windows: [], note: `Running apps are not listed: ${(error as Error).message}` };
  }
  try {
    await watcher.start({ focus: () => undefined, watermark: () => undefined, failed: () => undefined });
    return { windows: await watcher.listWindows() };
  } catch (error) {
    return { windows: [], note: `Running apps are not listed: ${(error as Error).message}` };
  } finally {
    await watcher.stop().catch(() => undefined);
  }
}
