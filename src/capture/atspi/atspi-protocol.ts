// Messages between the recorder and the accessibility worker (atspi-worker.ts), which holds the
// D-Bus connection so that reading trees and parsing replies never runs on the thread that
// receives input. Times cross as absolute milliseconds (performance.timeOrigin + now), the one
// clock both threads read alike.
import type { ElementInfo, ElementMiss, ElementTree } from '../../core/element-info.ts';
import type { Bounds } from '../../core/window-info.ts';

export type AtspiRequest =
  /** The element a click at (x, y) acts on, in the app of process `pid`, over its X window. */
  | { type: 'element-at'; pid: number; window: Bounds; x: number; y: number }
  /** The bounded tree of the app's top-level that covers the X window. */
  | { type: 'tree'; pid: number; window: Bounds }
  /** A round trip to the app: answered once every focus move it made before is passed on. */
  | { type: 'barrier'; pid: number };

export type AtspiAnswer =
  | { ok: true; element?: ElementInfo; tree?: ElementTree }
  | { ok: false; miss: ElementMiss; why?: string };

export type ToWorker = { type: 'request'; id: number; request: AtspiRequest } | { type: 'close' };

export interface WorkerConfig {
  env: NodeJS.ProcessEnv;
  /** Longest wait for one D-Bus call. */
  callMs: number;
}

export type FromWorker =
  | { type: 'ready' }
  | { type: 'unavailable'; problem: string }
  | { type: 'answer'; id: number; answer: AtspiAnswer }
  /** The keyboard focus moved in the app of process `pid` at `at` (absolute ms; `initial`: the
   *  focus the app had when first asked, not a move). What it moved to follows as focus-element. */
  | { type: 'focus'; pid: number; focusId: number; at: number; initial: boolean }
  /** What focus `focusId` went to: null when nothing has the focus; `unreadable` when the element
   *  could not be read (then nobody can tell whether it is a password field). */
  | { type: 'focus-element'; pid: number; focusId: number; element: ElementInfo | null; unreadable: boolean };
