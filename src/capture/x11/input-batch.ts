// The batches of native/x-input-hook as Cairn's InputEvents. A batch is a Float64Array:
// [now, dropped, thinned, ...events], `now` on CLOCK_MONOTONIC (ms) when it was taken, each event EVENT_FIELDS
// numbers as native/x-input-hook/src/event_queue.h packs them. uiohook's event types, its wheel
// directions and its modifier masks are turned into these kinds and bits in C (hook_thread.c).
import type { InputEvent } from '../../core/input-event.ts';
import type { Modifiers } from '../../shared/modifiers.ts';

export const EVENT_FIELDS = 8;
const HEADER = 3;
const KEY_DOWN = 1;
const KEY_UP = 2;
const MOUSE_DOWN = 3;
const MOUSE_UP = 4;
const MOUSE_MOVE = 5;
const WHEEL_VERTICAL = 6;
const WHEEL_HORIZONTAL = 7;
const SHIFT = 1;
const CTRL = 2;
const ALT = 4;
const META = 8;

export interface DecodedBatch {
  events: InputEvent[];
  /** Events the hook heard but had no room for (JavaScript took none for a long time). */
  dropped: number;
  /** Mouse moves the hook thinned itself (event_queue.h's eq_thin_moves): never handed over. */
  thinned: number;
}

/** performance.now() minus CLOCK_MONOTONIC in ms (libuv's hrtime), read back to back once. The
 *  offset never changes: taking performance.now() per batch instead added the varying delay before
 *  JavaScript ran, and arrivedAt could step back across batches (CI saw 0.43 ms). */
export const MONOTONIC_TO_PERF = performance.now() - Number(process.hrtime.bigint()) / 1e6;

/**
 * Each event's arrivedAt is when the hook's thread heard it (its CLOCK_MONOTONIC stamp) on
 * performance.now()'s clock, not when its batch reached JavaScript.
 */
export function decodeInputBatch(batch: Float64Array): DecodedBatch {
  const events: InputEvent[] = [];
  for (let i = HEADER; i + EVENT_FIELDS <= batch.length; i += EVENT_FIELDS) {
    const event = decodeOne(batch, i, batch[i + 7]! + MONOTONIC_TO_PERF);
    if (event) events.push(event);
  }
  return { events, dropped: batch[1]!, thinned: batch[2]! };
}

function decodeOne(b: Float64Array, i: number, arrivedAt: number): InputEvent | null {
  const kind = b[i]!;
  const time = b[i + 1]!;
  switch (kind) {
    case KEY_DOWN:
    case KEY_UP:
      return { kind: kind === KEY_DOWN ? 'key-down' : 'key-up', time, arrivedAt, keycode: b[i + 3]!, mods: mods(b[i + 2]!) };
    case MOUSE_DOWN:
    case MOUSE_UP:
      return { kind: kind === MOUSE_DOWN ? 'mouse-down' : 'mouse-up', time, arrivedAt, x: b[i + 3]!, y: b[i + 4]!, button: b[i + 5]!, clicks: b[i + 6]!, mods: mods(b[i + 2]!) };
    case MOUSE_MOVE:
      return { kind: 'mouse-move', time, arrivedAt, x: b[i + 3]!, y: b[i + 4]! };
    case WHEEL_VERTICAL:
    case WHEEL_HORIZONTAL:
      return { kind: 'wheel', time, arrivedAt, x: b[i + 3]!, y: b[i + 4]!, axis: kind === WHEEL_HORIZONTAL ? 'horizontal' : 'vertical', rotation: b[i + 5]!, mods: mods(b[i + 2]!) };
    default:
      return null;
  }
}

function mods(bits: number): Modifiers {
  return { shift: (bits & SHIFT) !== 0, ctrl: (bits & CTRL) !== 0, alt: (bits & ALT) !== 0, meta: (bits & META) !== 0 };
}
