// Records fixtures/sessions/consumer-demo.json: a real `cairn record` session under Xvfb (uiohook,
// the focus watcher, frames of the window) of an xterm driven by xdotool through what trips the
// consumers of exported actions: typed quotes and a backslash, Enter, a typed newline (uiohook's
// unnamed code 0), shortcuts on punctuation (ctrl+', ctrl+/, ctrl+\), F5, the Menu key, a lone
// Super, held keys on clicks, drags and a scroll, triple, right and middle clicks, right-button and
// held-key drags, wheel notches in three directions and a pause. The fixture keeps what action
// derivation reads (events, windows, frame sizes, the keyboard layout), so tests check every
// consumer against a real recording without X.
// Run: node --import tsx scripts/record-consumer-demo.ts   (needs Xvfb, xterm, xdotool; built CLI)
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadExportSession } from '../src/export/export-session.ts';
import { openStore } from '../src/store/open-store.ts';
import { startRecording } from '../tests/helpers/cli.ts';
import { acceptAndAllow } from '../tests/helpers/ready-to-record.ts';
import { openXterm, startXvfb, xdotool } from '../tests/helpers/xvfb.ts';

const OUT = fileURLToPath(new URL('../fixtures/sessions/consumer-demo.json', import.meta.url));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** What the person does, as xdotool commands with a human pause after each. */
const SCRIPT: [string[], number][] = [
  [['mousemove', '200', '150'], 150], [['click', '1'], 700],
  [['type', '--delay', '70', `It's a "test" \\ done`], 400],
  [['key', 'Return'], 500],
  // xdotool types "\n" as Linefeed, which uiohook reports as key code 0: an unnamed key.
  [['type', '--delay', '70', 'ls\n'], 500],
  [['key', 'ctrl+apostrophe'], 400], [['key', 'ctrl+slash'], 400], [['key', 'ctrl+backslash'], 400],
  [['key', 'ctrl+shift+t'], 400], [['key', 'shift+Tab'], 400], [['key', 'F5'], 400], [['key', 'Menu'], 400],
  [['key', 'super'], 400], [['key', 'Escape'], 400], [['key', 'Page_Down'], 400], [['key', 'XF86AudioRaiseVolume'], 700],
  [['mousemove', '260', '180'], 150], [['keydown', 'shift'], 80], [['click', '1'], 80], [['keyup', 'shift'], 700],
  [['mousemove', '300', '200'], 150], [['keydown', 'ctrl'], 80], [['click', '1'], 80], [['keyup', 'ctrl'], 700],
  [['mousemove', '320', '220'], 150], [['click', '--repeat', '3', '--delay', '90', '1'], 800],
  [['mousemove', '340', '240'], 150], [['click', '3'], 700], [['key', 'Escape'], 400],
  [['mousemove', '360', '250'], 150], [['click', '2'], 800],
  [['mousemove', '380', '260'], 150], [['click', '--repeat', '2', '--delay', '90', '1'], 800],
  [['mousemove', '250', '200'], 150], [['click', '--repeat', '3', '--delay', '60', '5'], 800],
  [['click', '--repeat', '2', '--delay', '60', '4'], 800], [['click', '--repeat', '2', '--delay', '60', '7'], 800],
  [['keydown', 'ctrl'], 80], [['click', '4'], 80], [['keyup', 'ctrl'], 800],
];

/** Drags: press, move along a path, release; with a held key or another button. */
const DRAGS: { button: string; held?: string; from: [number, number]; path: [number, number][] }[] = [
  { button: '1', from: [120, 120], path: [[160, 140], [200, 160], [240, 180], [280, 200]] },
  { button: '3', from: [150, 300], path: [[190, 310], [230, 320]] },
  { button: '1', held: 'shift', from: [100, 100], path: [[140, 110], [180, 120]] },
];

async function main(): Promise<void> {
  const x = await startXvfb({ width: 1280, height: 800 });
  const data = mkdtempSync(join(tmpdir(), 'cairn-consumer-demo-'));
  const env = { ...x.env, CAIRN_DATA_DIR: data };
  // No signals from the terminal (ctrl+\ would quit cat), echo kept so the frames show the typing.
  const term = await openXterm(x.env, { cls: 'DemoTerm', geometry: '80x24+40+40', title: 'consumer-demo', command: ['sh', '-c', 'stty -isig; exec cat >/dev/null'] });
  try {
    acceptAndAllow(env, 'DemoTerm', 'on');
    await xdotool(x.env, 'windowactivate', '--sync', term.windowId);
    const rec = await startRecording(['--frame-period', '2'], env);
    await sleep(1000);
    for (const [args, pause] of SCRIPT) {
      await xdotool(x.env, ...args);
      await sleep(pause);
    }
    for (const drag of DRAGS) {
      await xdotool(x.env, 'mousemove', ...drag.from.map(String));
      if (drag.held) await xdotool(x.env, 'keydown', drag.held);
      await xdotool(x.env, 'mousedown', drag.button);
      for (const [mx, my] of drag.path) {
        await sleep(50);
        await xdotool(x.env, 'mousemove', String(mx), String(my));
      }
      await sleep(50);
      await xdotool(x.env, 'mouseup', drag.button);
      if (drag.held) await xdotool(x.env, 'keyup', drag.held);
      await sleep(800);
    }
    await sleep(3600);
    await xdotool(x.env, 'key', 'ctrl+s');
    await sleep(800);
    const stopped = await rec.stop('SIGINT');
    if (stopped.code !== 0) throw new Error(`cairn record exited with ${stopped.code}: ${stopped.stderr}`);

    const store = openStore(data);
    try {
      const session = loadExportSession(store, rec.sessionId);
      const fixture = {
        description:
          'A real recording under Xvfb (cairn record, uiohook, focus watcher, frames every 2 s) of an xterm driven by xdotool ' +
          '(scripts/record-consumer-demo.ts): typed quotes and a backslash, Enter, a typed newline (unnamed key code 0), ctrl+\' ctrl+/ ctrl+\\, F5, Menu, Super, ' +
          'shift- and ctrl-clicks, triple, right, middle and double clicks, wheel notches down, up and right, ctrl+wheel, ' +
          'left, right-button and shift drags, a pause and ctrl+s. Used to check every export format against its consumers.',
        layout: session.layout,
        windows: session.windows,
        frames: session.frames.map(({ seq, t, windowSeq, reason, width, height }) => ({ seq, t, windowSeq, reason, width, height })),
        events: session.events,
      };
      writeFileSync(OUT, `${JSON.stringify(fixture, null, 1)}\n`);
      console.log(`consumer demo: ${session.events.length} events, ${session.frames.length} frames written to ${OUT}`);
    } finally {
      store.close();
    }
  } finally {
    term.kill();
    await x.stop();
    rmSync(data, { recursive: true, force: true });
  }
}

await main();
