// Opens the launcher-like popup of grabbing-popup-main.mjs (another X client's override-redirect
// window that grabs the keyboard) and closes it again.
//
//   const popup = await openGrabbingPopup(x.env, '300x60+100+100');
//   ... type: the keys go to the popup ...
//   await popup.close();
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('./grabbing-popup-main.mjs', import.meta.url));

export interface GrabbingPopup {
  /** Decimal XID of the popup's window. */
  windowId: string;
  /** X key codes of the key presses the popup received. */
  keys(): number[];
  /** Lets the keyboard go, unmaps the window and waits for the program to exit. */
  close(): Promise<void>;
}

export function openGrabbingPopup(env: NodeJS.ProcessEnv, geometry: string): Promise<GrabbingPopup> {
  const child = spawn(process.execPath, [MAIN, geometry], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the grabbing popup did not grab the keyboard within 10 s: ${err}`));
    }, 10_000);
    void exited.then(() => reject(new Error(`the grabbing popup exited (${child.exitCode}): ${err}`)));
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const ready = /^ready (\d+)$/m.exec(out);
      if (!ready) return;
      clearTimeout(timer);
      resolve({
        windowId: ready[1]!,
        keys: () => [...out.matchAll(/^key (\d+)$/gm)].map((m) => Number(m[1])),
        close: async () => {
          child.kill('SIGTERM');
          await exited;
        },
      });
    });
  });
}
