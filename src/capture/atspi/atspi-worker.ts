// The accessibility worker: a worker thread that holds the connection to the accessibility bus,
// answers the recorder's requests (the element under a click, a window's tree, a round trip to an
// app) and passes on every keyboard focus move of every app, with what it moved to. Started only
// by a recording; nothing here reads an app that the recorder did not ask about, except the focus
// moves, whose elements are read so that a password field is known before its keys are decided.
import { parentPort, workerData } from 'node:worker_threads';
import { type ElementMiss } from '../../core/element-info.ts';
import { AtspiApps } from './atspi-apps.ts';
import { TimeoutError } from '../../core/time-limit.ts';
import { AtspiBus } from './atspi-bus.ts';
import type { AtspiAnswer, AtspiRequest, FromWorker, ToWorker, WorkerConfig } from './atspi-protocol.ts';
import { ElementReader } from './element-reader.ts';
import { readWindowTree } from './window-tree.ts';

const FOCUS_EVENT = 'object:state-changed:focused';
const config = workerData as WorkerConfig;
const port = parentPort!;
const post = (message: FromWorker) => port.postMessage(message);
// dbus-next rejects a failed handshake where nobody listens: that must not end the thread.
process.on('unhandledRejection', () => undefined);

let bus: AtspiBus | undefined;
let problem: string | undefined;
let apps: AtspiApps;
let reader: ElementReader;
/** Apps whose focus has been read once (later moves come as events). */
const introduced = new Set<number>();
let nextFocusId = 1;

port.on('message', (message: ToWorker) => {
  if (message.type === 'close') {
    bus?.close();
    port.close();
    return;
  }
  void answer(message.request).then((a) => post({ type: 'answer', id: message.id, answer: a }));
});

const opened = AtspiBus.open(config.env, config.callMs).then(
  async (b) => {
    bus = b;
    apps = new AtspiApps(b);
    reader = new ElementReader(b);
    b.onSignal((m) => {
      if (m.interface === 'org.a11y.atspi.Event.Object' && m.member === 'StateChanged' && m.body[0] === 'focused' && m.body[1] === 1) onFocus(m.sender, m.path);
    });
    b.onClosed((error) => {
      problem = `the accessibility bus went away (${error.message})`;
    });
    // Apps send focus events only while someone has registered for them.
    await b.call('org.a11y.atspi.Registry', '/org/a11y/atspi/registry', 'org.a11y.atspi.Registry', 'RegisterEvent', 's', [FOCUS_EVENT]);
    await b.daemon('AddMatch', 's', ["type='signal',interface='org.a11y.atspi.Event.Object',member='StateChanged',arg0='focused'"]);
    post({ type: 'ready' });
  },
  (error: Error) => {
    problem = error.message;
    post({ type: 'unavailable', problem });
  },
);

async function answer(request: AtspiRequest): Promise<AtspiAnswer> {
  await opened;
  if (!bus || problem) return { ok: false, miss: 'no-bus', why: problem };
  try {
    const app = await apps.appOf(request.pid);
    if (!app) return { ok: false, miss: 'not-accessible' };
    switch (request.type) {
      case 'barrier': {
        if (!introduced.has(request.pid)) await introduce(request.pid, app);
        await bus.call(app[0], app[1], 'org.freedesktop.DBus.Peer', 'Ping');
        return { ok: true };
      }
      case 'element-at': {
        const top = await reader.topLevelAt(app, request.window, request.x, request.y);
        const element = top && (await reader.elementAt(top, request.x, request.y));
        return element ? { ok: true, element } : { ok: false, miss: top ? 'nothing-there' : 'other-window' };
      }
      case 'tree': {
        const top = await reader.topLevelOver(app, request.window);
        return top ? { ok: true, tree: await readWindowTree(reader, top) } : { ok: false, miss: 'other-window' };
      }
    }
  } catch (error) {
    const miss: ElementMiss = error instanceof TimeoutError ? 'timeout' : 'nothing-there';
    return { ok: false, miss, why: (error as Error).message };
  }
}

/** The first time an app is asked about: the element that has its focus now. */
async function introduce(pid: number, app: [string, string]): Promise<void> {
  introduced.add(pid);
  const focusId = nextFocusId++;
  post({ type: 'focus', pid, focusId, at: now(), initial: true });
  try {
    post({ type: 'focus-element', pid, focusId, element: await reader.focused(app), unreadable: false });
  } catch {
    post({ type: 'focus-element', pid, focusId, element: null, unreadable: true });
  }
}

function onFocus(sender: string, path: string): void {
  const at = now();
  const known = apps.knownPid(sender);
  // Passed on at once when the sender is known, so that it precedes any later answer from that app.
  if (known !== undefined) void describeFocus(known, [sender, path], at);
  else
    void apps.pidOfConnection(sender).then(async (pid) => {
      if (pid !== null) await describeFocus(pid, [sender, path], at);
    });
}

async function describeFocus(pid: number, ref: [string, string], at: number): Promise<void> {
  const focusId = nextFocusId++;
  post({ type: 'focus', pid, focusId, at, initial: false });
  try {
    post({ type: 'focus-element', pid, focusId, element: await reader.describeWithPath(ref), unreadable: false });
  } catch {
    post({ type: 'focus-element', pid, focusId, element: null, unreadable: true });
  }
}

function now(): number {
  return performance.timeOrigin + performance.now();
}
