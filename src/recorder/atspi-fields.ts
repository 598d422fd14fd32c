// Which field of an app has the keyboard focus, from AT-SPI: one field timeline per process
// (src/core/field-timeline.ts), filled with the focus moves the accessibility worker passes on,
// stamped with the event clock; every key starts a round trip to its app, and when that is
// answered the app has vouched for the key's moment. An app that is not on the accessibility bus
// (or no bus at all) says nothing: its keys are judged as before. An app that is on it but does not
// answer in time leaves its keys unjudgeable, so they are dropped as a password field's.
import type { ElementInfo } from '../core/element-info.ts';
import { type FieldVerdict, FieldTimeline, type FocusMove } from '../core/field-timeline.ts';
import type { Millis } from '../core/input-event.ts';
import type { AccessibilitySource, FocusMessage } from '../capture/atspi/accessibility-source.ts';

/** After this long, a process found not on the bus is asked again (an app may register late). */
const RECHECK_MS = 2000;
/** Focus moves remembered per app, for keys still held by the gate. */
const FOCUS_KEPT = 32;
/** Keys older than this have long been decided (the gate holds one at most a second). */
const FORGET_MS = 10_000;

interface AppFields {
  state: 'asking' | 'accessible' | 'not-accessible';
  checkedAt: number;
  timeline: FieldTimeline;
  /** The newest key time a round trip has been asked for, and whether one is on its way. */
  wanted: Millis;
  asked: Millis;
  inFlight: boolean;
  /** Where the focus moved, newest last (for the focused element while typing). */
  focus: { at: Millis; element: ElementInfo | null }[];
  moves: Map<number, { move: FocusMove; at: Millis }>;
}

export class AtspiFields {
  private readonly apps = new Map<number, AppFields>();
  private readonly source: AccessibilitySource;
  /** The event clock at an absolute time (performance.timeOrigin + now); undefined before it is known. */
  private readonly stamp: (absolute: number) => Millis | undefined;

  constructor(source: AccessibilitySource, stamp: (absolute: number) => Millis | undefined) {
    this.source = source;
    this.stamp = stamp;
    source.onFocus((m) => this.onFocus(m));
  }

  /** A key of process `pid`'s window at `time`: its app is asked for a round trip covering it. */
  touch(pid: number, time: Millis): void {
    const app = this.app(pid);
    if (app.state === 'not-accessible' && performance.now() - app.checkedAt >= RECHECK_MS) app.state = 'asking';
    if (time > app.wanted) app.wanted = time;
    app.timeline.prune(time - FORGET_MS);
    this.ask(pid, app);
  }

  /** Whether a key of process `pid` at `time` went into a password field; null: nothing is known of its structure. */
  verdict(pid: number, time: Millis): FieldVerdict | null {
    const app = this.app(pid);
    // Every key needs a round trip covering it (normally asked already when the key arrived).
    if (app.wanted < time) this.touch(pid, time);
    if (app.state === 'not-accessible') return null;
    if (app.state === 'asking') return 'wait';
    return app.timeline.verdict(time);
  }

  /** The element the focus had last moved to by `time` in process `pid`'s app (undefined: not known). */
  focusOf(pid: number, time: Millis): ElementInfo | null | undefined {
    return this.apps.get(pid)?.focus.findLast((f) => f.at <= time)?.element;
  }

  /** Whether `pid` is known to have no accessible app (so no element can be read there). */
  accessible(pid: number): boolean | undefined {
    const state = this.apps.get(pid)?.state;
    return state === 'asking' || state === undefined ? undefined : state === 'accessible';
  }

  private app(pid: number): AppFields {
    let app = this.apps.get(pid);
    if (!app) {
      app = { state: 'asking', checkedAt: 0, timeline: new FieldTimeline(), wanted: Number.NEGATIVE_INFINITY, asked: Number.NEGATIVE_INFINITY, inFlight: false, focus: [], moves: new Map() };
      this.apps.set(pid, app);
    }
    return app;
  }

  /** One round trip at a time per app; keys that come meanwhile are covered by the next. */
  private ask(pid: number, app: AppFields): void {
    if (app.inFlight || app.wanted <= app.asked || app.state === 'not-accessible') return;
    const covers = app.wanted;
    app.inFlight = true;
    app.asked = covers;
    void this.source.ask({ type: 'barrier', pid }).then((answer) => {
      app.inFlight = false;
      app.checkedAt = performance.now();
      if (answer.ok) {
        app.state = 'accessible';
        // The app answered after the key arrived: every move it made before that key has come.
        app.timeline.vouch(Math.max(covers, this.stamp(performance.timeOrigin + performance.now()) ?? covers));
      } else if (answer.miss === 'not-accessible' || answer.miss === 'no-bus') {
        app.state = 'not-accessible';
      } else {
        // No answer in time (the app or the bus hung): nobody can tell where these keys went.
        app.state = 'accessible';
        app.timeline.blindFor(Number.NEGATIVE_INFINITY, covers);
      }
      this.ask(pid, app);
    });
  }

  private onFocus(m: FocusMessage): void {
    const app = this.app(m.pid);
    if (m.type === 'focus') {
      const at = m.initial ? Number.NEGATIVE_INFINITY : (this.stamp(m.at) ?? Number.NEGATIVE_INFINITY);
      app.moves.set(m.focusId, { move: app.timeline.moved(at), at });
      return;
    }
    const pending = app.moves.get(m.focusId);
    if (!pending) return;
    app.moves.delete(m.focusId);
    // An element that could not be read may have been a password field.
    app.timeline.settle(pending.move, m.unreadable || m.element?.password === true);
    const i = app.focus.findLastIndex((f) => f.at <= pending.at);
    app.focus.splice(i + 1, 0, { at: pending.at, element: m.element });
    if (app.focus.length > FOCUS_KEPT) app.focus.shift();
  }
}
