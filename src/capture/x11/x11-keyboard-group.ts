// Follows the keyboard group, the layout that is active in a keymap of several (setxkbmap -layout
// ru,us, switched by a group toggle or by xdotool for each character), through XKB's state events
// on its own X connection, so that each key row can say which layout typed it. Times are the X
// server's, the clock uiohook stamps keys with; the recorder asks for a key's group only after a
// round trip on this connection sent after the key arrived (recorder/keyboard-group-stamp.ts), by
// when the state event of every switch the server made before the key has been read.
import type { XkbExtension } from 'x11';
import type { Millis } from '../../core/input-event.ts';
import { KeyboardGroupTimeline } from '../../core/keyboard-group-timeline.ts';
import { X11Connection } from './x11-client.ts';

/** XkbStateNotify's `changed` bit for the effective group. */
const GROUP_STATE = 1 << 4;

export interface KeyboardGroupSource {
  /** The group (0 for the keymap's first layout) in effect at an event-clock time. */
  groupAt(time: Millis): number;
  /** Resolves once every switch the X server made before this call has been seen. */
  sync(): Promise<void>;
  close(): Promise<void>;
}

export class X11KeyboardGroupWatcher implements KeyboardGroupSource {
  private readonly timeline: KeyboardGroupTimeline;
  private readonly conn: X11Connection;
  private readonly xkb: XkbExtension;

  private constructor(conn: X11Connection, xkb: XkbExtension, initial: number) {
    this.conn = conn;
    this.xkb = xkb;
    this.timeline = new KeyboardGroupTimeline(initial);
  }

  static async start(display?: string): Promise<X11KeyboardGroupWatcher> {
    const conn = await X11Connection.open(display);
    try {
      const xkb = await new Promise<XkbExtension>((resolve, reject) => conn.client.require('xkb', (err, ext) => (err ? reject(err) : resolve(ext))));
      const state = await currentState(xkb);
      const watcher = new X11KeyboardGroupWatcher(conn, xkb, state.group);
      conn.onEvent((ev) => {
        if (ev.name === 'XkbStateNotify' && ((ev.changed ?? 0) & GROUP_STATE) !== 0) watcher.timeline.note(ev.time ?? 0, ev.group ?? 0);
      });
      xkb.SelectEvents(xkb.UseCoreKbd, xkb.EventType.StateNotify, 0, 0, 0, 0, { stateNotify: [GROUP_STATE, GROUP_STATE] });
      return watcher;
    } catch (error) {
      await conn.close();
      throw error;
    }
  }

  groupAt(time: Millis): number {
    return this.timeline.groupAt(time);
  }

  // A round trip on the watcher's connection: events come before the reply to a later request.
  async sync(): Promise<void> {
    await currentState(this.xkb);
  }

  close(): Promise<void> {
    return this.conn.close();
  }
}

function currentState(xkb: XkbExtension): Promise<{ group: number }> {
  return new Promise((resolve, reject) => xkb.GetState(xkb.UseCoreKbd, (err, value) => (err ? reject(err) : resolve(value))));
}
