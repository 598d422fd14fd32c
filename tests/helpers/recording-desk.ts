// What a test of the real recorder starts from: an Xvfb with openbox, one xterm of an app class,
// and a fresh data folder in which consent is given and that app allowed. Xvfb is stopped only when
// the test process exits (see XvfbDisplay.stop): the recorder's libuiohook holds an X connection.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { acceptAndAllow } from './ready-to-record.ts';
import { type Xterm, type XvfbDisplay, openXterm, startXvfb, xdotool } from './xvfb.ts';

export interface RecordingDesk {
  x: XvfbDisplay;
  term: Xterm;
  dataDir: string;
  /** x.env with CAIRN_DATA_DIR (and `extraEnv`): what to run `cairn` with. */
  env: NodeJS.ProcessEnv;
  /** Gives the xterm the input focus. */
  focus(): Promise<void>;
  close(): Promise<void>;
}

export async function openRecordingDesk(options: {
  app: string;
  geometry: string;
  screens?: 'on' | 'off';
  extraEnv?: NodeJS.ProcessEnv;
}): Promise<RecordingDesk> {
  const x = await startXvfb({ width: 1024, height: 768 });
  const term = await openXterm(x.env, { cls: options.app, geometry: options.geometry });
  const dataDir = mkdtempSync(join(tmpdir(), `cairn-${options.app.toLowerCase()}-`));
  const env = { ...x.env, ...options.extraEnv, CAIRN_DATA_DIR: dataDir };
  acceptAndAllow(env, options.app, options.screens ?? 'off');
  return {
    x,
    term,
    dataDir,
    env,
    focus: async () => void (await xdotool(x.env, 'windowactivate', '--sync', term.windowId)),
    close: async () => {
      term.kill();
      await x.stop({ untilExit: true });
    },
  };
}
