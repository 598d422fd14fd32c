// Cairn's element script: registered by the extension only for the sites a running recording
// allows (and injected into their open tabs), it first asks the extension whether this page may
// report (the exact site check); only then does it listen, and it says one thing per event: the
// element a click acts on (with the point on screen) and the element the focus moves to (or that
// the focus left the page's fields). It reads nothing else of the page, never a field's value, and
// stops listening as soon as the extension says the recording no longer allows this page.
import { actedOn, describeTarget } from './element-target.ts';

type Api = typeof chrome;
const api: Api = (globalThis as { browser?: Api }).browser ?? chrome;
const marker = globalThis as { __cairnElementScript?: true };

/** Where the viewport's top-left is on screen, learnt from the last pointer event. */
let viewport: { x: number; y: number } | null = null;
let listening = false;

function send(kind: 'click' | 'focus', target: Element | null, point: { x: number; y: number } | null): void {
  const message = { cairn: 'element', sentAt: Date.now(), kind, point, target: target && describeTarget(target, viewport) };
  api.runtime.sendMessage(message).catch(() => undefined);
}

function onPointerDown(event: PointerEvent): void {
  if (!event.isTrusted) return;
  viewport = { x: event.screenX - event.clientX, y: event.screenY - event.clientY };
  const target = actedOn(event.composedPath()[0] ?? event.target);
  if (target) send('click', target, { x: Math.round(event.screenX), y: Math.round(event.screenY) });
}

function onFocusIn(event: FocusEvent): void {
  if (event.target instanceof Element) send('focus', event.target, null);
}

/** The focus left the page (the address bar, another window) or the page was hidden (another tab). */
function onLeave(): void {
  send('focus', null, null);
}

function onBack(): void {
  if (document.visibilityState !== 'visible') return onLeave();
  const focused = document.activeElement;
  send('focus', focused && focused !== document.body ? focused : null, null);
}

function listen(on: boolean): void {
  if (on === listening) return;
  listening = on;
  const method = on ? 'addEventListener' : 'removeEventListener';
  window[method]('pointerdown', onPointerDown as EventListener, { capture: true });
  window[method]('focusin', onFocusIn as EventListener, { capture: true });
  window[method]('blur', onLeave);
  window[method]('focus', onBack);
  document[method]('visibilitychange', onBack);
  // What has the focus as reporting starts (a password field focused before the recording).
  if (on) onBack();
}

function check(): void {
  api.runtime.sendMessage({ cairn: 'may-report' }).then(
    (ok: unknown) => listen(ok === true),
    () => listen(false),
  );
}

// Injected twice (registered, and into a tab open before): the first copy does the work.
if (!marker.__cairnElementScript) {
  marker.__cairnElementScript = true;
  api.runtime.onMessage.addListener((message: unknown) => {
    if ((message as { cairn?: string } | null)?.cairn === 'sites-changed') check();
  });
  check();
}
