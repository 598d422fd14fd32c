// Where steps begin and end in the raw input, as the export will cut them (src/export/actions/
// derive-actions.ts): a press (click or drag start), the first notch of a scroll, a hotkey, a key
// that acts (Enter, Tab, arrows...) and the first key of a typing run each begin a step; a release,
// a further notch or a further typed key moves the end of the step under way. The recorder pairs
// each beginning with the observation read just before it and each end with a settled one.
import type { InputEvent, KeyEvent, Millis } from '../core/input-event.ts';
import { typedChar } from '../shared/key-names.ts';
import { isLevelThreeShift, type KeyboardLayout } from '../shared/keyboard-layout.ts';
import { isModifierKey } from '../shared/modifiers.ts';

export type StepKind = 'press' | 'scroll' | 'key' | 'typing';

/** `begins`: the event begins a step; `extends`: it belongs to the step under way, which now ends
 *  no earlier than it; `holds`: the step's end is not known before a release (a button or key down). */
export type StepMark = { begins: StepKind; holds: boolean } | { extends: true; holds: boolean };

/** Wheel notches of one direction this close (ms) make one scroll, as the export joins them. */
const SCROLL_GAP_MS = 400;
/** A pause in typing longer than this (ms) ends the run, as the export's wait steps do. */
const TYPING_GAP_MS = 3000;

export class StepBoundaries {
  private readonly layout: KeyboardLayout;
  private lastTypedAt: Millis | undefined;
  private scroll: { axis: string; down: boolean; at: Millis } | undefined;
  /** Keys down now: a key-down of one of them is an auto-repeat. */
  private readonly down = new Set<number>();
  private buttons = 0;
  private levelThree = false;

  constructor(layout: KeyboardLayout) {
    this.layout = layout;
  }

  mark(event: InputEvent): StepMark | undefined {
    switch (event.kind) {
      case 'mouse-move':
        return undefined;
      case 'mouse-down':
        this.lastTypedAt = undefined;
        this.scroll = undefined;
        this.buttons++;
        // The second press of a double click is part of the first one's step.
        return event.clicks > 1 ? { extends: true, holds: true } : { begins: 'press', holds: true };
      case 'mouse-up':
        this.buttons = Math.max(0, this.buttons - 1);
        return { extends: true, holds: this.buttons > 0 };
      case 'wheel': {
        this.lastTypedAt = undefined;
        const run = this.scroll;
        const down = event.rotation > 0;
        this.scroll = { axis: event.axis, down, at: event.time };
        const same = run && run.axis === event.axis && run.down === down && event.time - run.at <= SCROLL_GAP_MS;
        return same ? { extends: true, holds: false } : { begins: 'scroll', holds: false };
      }
      case 'key-down':
        return this.keyDown(event);
      case 'key-up':
        this.down.delete(event.keycode);
        if (isLevelThreeShift(this.layout, event.keycode)) this.levelThree = false;
        return isModifierKey(event.keycode) ? undefined : { extends: true, holds: this.down.size > 0 && [...this.down].some((k) => !isModifierKey(k)) };
    }
  }

  private keyDown(event: KeyEvent): StepMark | undefined {
    const repeat = this.down.has(event.keycode);
    this.down.add(event.keycode);
    if (isLevelThreeShift(this.layout, event.keycode)) this.levelThree = true;
    if (isModifierKey(event.keycode)) return undefined;
    if (repeat) return { extends: true, holds: true };
    this.scroll = undefined;
    const { ctrl, alt, meta, shift } = event.mods;
    // AltGr arrives as Alt: held for a third-level character, it makes no shortcut.
    if (ctrl || meta || (alt && !this.levelThree)) {
      this.lastTypedAt = undefined;
      return { begins: 'key', holds: true };
    }
    if (typedChar(this.layout, event.keycode, shift, event.group ?? 0, this.levelThree) === undefined) {
      this.lastTypedAt = undefined;
      return { begins: 'key', holds: true };
    }
    const running = this.lastTypedAt !== undefined && event.time - this.lastTypedAt <= TYPING_GAP_MS;
    this.lastTypedAt = event.time;
    return running ? { extends: true, holds: true } : { begins: 'typing', holds: true };
  }

  /** Forgets the run under way (after a pause or a focus change, the next input begins afresh). */
  reset(): void {
    this.lastTypedAt = undefined;
    this.scroll = undefined;
  }
}
