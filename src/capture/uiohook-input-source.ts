// The production input source: uiohook-napi's global hook, turned into Cairn's InputEvents.
// uiohook-napi is loaded only in start(), so that nothing hooks input before the recorder starts; on
// X11 loading it also opens a connection to DISPLAY (libuiohook's library constructor) that lives as
// long as the process. Xlib would exit the process if that X server went away; the X I/O guard
// (x-io-guard.ts), installed before uiohook loads, keeps it alive and reports the loss instead.
// The callback runs for every key, click and pointer move on the machine: it only reshapes the event
// and hands it on; anything heavier belongs to the listener's queue.
import { createRequire } from 'node:module';
import type { UiohookKeyboardEvent, UiohookMouseEvent, UiohookWheelEvent } from 'uiohook-napi';
import type { InputEvent } from '../core/input-event.ts';
import type { Modifiers } from '../shared/modifiers.ts';
import type { InputSource } from './input-source.ts';
import { guardXConnections, xConnectionLoss } from './x-io-guard.ts';

type UiohookEvent = UiohookKeyboardEvent | UiohookMouseEvent | UiohookWheelEvent;
interface Hook {
  on(event: 'input', handler: (e: UiohookEvent) => void): unknown;
  off(event: 'input', handler: (e: UiohookEvent) => void): unknown;
  start(): void;
  stop(): void;
}

// uiohook's EventType values (its enum is not importable as a type-only import).
const KEY_PRESSED = 4;
const KEY_RELEASED = 5;
const MOUSE_PRESSED = 7;
const MOUSE_RELEASED = 8;
const MOUSE_MOVED = 9;
const MOUSE_DRAGGED = 10;
const MOUSE_WHEEL = 11;
const WHEEL_HORIZONTAL = 4;

export interface UiohookInputSourceOptions {
  /**
   * Which clock stamps `time`: 'hook' keeps uiohook's own (the X server's clock on X11, shared with
   * the X11 focus watcher); 'arrival' uses performance.now() at receipt, the clock the macOS and
   * Windows focus watchers stamp with.
   */
  clock?: 'hook' | 'arrival';
}

export class UiohookInputSource implements InputSource {
  private readonly clock: 'hook' | 'arrival';
  private hook: Hook | undefined;
  private handler: ((e: UiohookEvent) => void) | undefined;
  private stopped = false;

  constructor(options: UiohookInputSourceOptions = {}) {
    this.clock = options.clock ?? 'hook';
  }

  /** Loads uiohook-napi (first call only) and starts the hook; events go to `listener` from then on. */
  start(listener: (event: InputEvent) => void, failed?: (error: Error) => void): void {
    if (this.handler) throw new Error('UiohookInputSource already started');
    if (!this.hook && process.platform === 'linux') {
      guardXConnections(() => failed?.(new Error('the connection to the X server was lost')));
    }
    // Synchronous require, because InputSource.start is synchronous; it still happens only here.
    this.hook ??= (createRequire(import.meta.url)('uiohook-napi') as { uIOhook: Hook }).uIOhook;
    const hook = this.hook;
    this.stopped = false;
    const byArrival = this.clock === 'arrival';
    this.handler = (e) => {
      const now = performance.now();
      const event = toInputEvent(e, now);
      if (!event) return;
      if (byArrival) event.time = now;
      listener(event);
    };
    hook.on('input', this.handler);
    hook.start();
  }

  stop(): void {
    if (this.stopped || !this.hook || !this.handler) return;
    this.stopped = true;
    this.hook.off('input', this.handler);
    this.handler = undefined;
    // After a loss uiohook's stop would talk to the dead server on this thread.
    if (!xConnectionLoss()) this.hook.stop();
  }
}

/** One uiohook event as an InputEvent; null for the ones Cairn derives itself (click). */
export function toInputEvent(e: UiohookEvent, arrivedAt: number): InputEvent | null {
  const time = e.time;
  switch (e.type as number) {
    case KEY_PRESSED:
    case KEY_RELEASED: {
      const k = e as UiohookKeyboardEvent;
      const kind = (e.type as number) === KEY_PRESSED ? 'key-down' : 'key-up';
      return { kind, time, arrivedAt, keycode: k.keycode, mods: mods(e) };
    }
    case MOUSE_PRESSED:
    case MOUSE_RELEASED: {
      const m = e as UiohookMouseEvent;
      const kind = (e.type as number) === MOUSE_PRESSED ? 'mouse-down' : 'mouse-up';
      return { kind, time, arrivedAt, x: m.x, y: m.y, button: Number(m.button), clicks: m.clicks, mods: mods(e) };
    }
    case MOUSE_MOVED:
    case MOUSE_DRAGGED: {
      const m = e as UiohookMouseEvent;
      return { kind: 'mouse-move', time, arrivedAt, x: m.x, y: m.y };
    }
    case MOUSE_WHEEL: {
      const w = e as UiohookWheelEvent;
      const axis = (w.direction as number) === WHEEL_HORIZONTAL ? 'horizontal' : 'vertical';
      return { kind: 'wheel', time, arrivedAt, x: w.x, y: w.y, axis, rotation: w.rotation, mods: mods(e) };
    }
    default:
      return null;
  }
}

function mods(e: UiohookEvent): Modifiers {
  return { shift: e.shiftKey, ctrl: e.ctrlKey, alt: e.altKey, meta: e.metaKey };
}
