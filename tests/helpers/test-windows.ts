// Solid-colour X windows of their own client (tests/helpers/x-test-window.mjs in a process of its
// own): a denied app's popup that moves and flashes over the recorded window, or a shaped window
// with a hole. The colour is what a frame test looks for in the stored pixels.
//
//   const popup = await openTestWindow(x.env, { colour: '#ff00ff', x: 10, y: 10, width: 120, height: 80,
//     overrideRedirect: true, motion: { periodMs: 7, path: [[10, 10], [40, 30]], flash: true } });
//   popup.kill();
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface TestWindowSpec {
  /** '#rrggbb' */
  colour: string;
  x: number;
  y: number;
  width: number;
  height: number;
  /** A popup no window manager frames (menus, dropdowns and notifications are). */
  overrideRedirect?: boolean;
  /** WM_CLASS class (a managed window's app identity) and WM_NAME. */
  cls?: string;
  title?: string;
  /** Decimal XID of the window it is a dialog of (WM_TRANSIENT_FOR). */
  transientFor?: string;
  /** A rectangle cut out of the window's bounding shape, in window coordinates. */
  hole?: { x: number; y: number; width: number; height: number };
  /** Every periodMs: move to the next point of `path` (and raise), and/or map or unmap. */
  motion?: { periodMs: number; path?: [number, number][]; flash?: boolean };
}

export interface TestWindow {
  /** Decimal XID. */
  windowId: string;
  kill(): void;
}

const SCRIPT = fileURLToPath(new URL('./x-test-window.mjs', import.meta.url));

export function openTestWindow(env: NodeJS.ProcessEnv, spec: TestWindowSpec): Promise<TestWindow> {
  const child = spawn(process.execPath, [SCRIPT, JSON.stringify(spec)], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the test window did not appear within 10 s: ${stderr}`)), 10_000);
    child.once('exit', (code) => reject(new Error(`the test window exited with code ${code}: ${stderr}`)));
    child.stdout.once('data', (d: Buffer) => {
      clearTimeout(timer);
      resolve({ windowId: d.toString().trim(), kill: () => child.kill('SIGKILL') });
    });
  });
}
