// Dead keys (^ ´ ` on a German layout): a dead key types nothing itself, and the character typed
// next becomes what X's Compose rules, recorded with the layout, say: ^ then e is ê, ^ then a space
// is ^. One composer per run of typed text; the typed-text rebuild and the export's steps share it.
import type { DeadKey, KeyboardLayout } from '../shared/keyboard-layout.ts';

/** The dead key a key is at this level, if it is one (first group, levels 1-2 only). */
export function deadKeyOf(layout: KeyboardLayout, keycode: number, shift: boolean, group = 0, levelThree = false): DeadKey | undefined {
  if (group !== 0 || levelThree) return undefined;
  return layout.dead?.[String(keycode)]?.[shift ? 1 : 0] ?? undefined;
}

export class DeadKeyComposer {
  private pending: DeadKey | undefined;

  get isPending(): boolean {
    return this.pending !== undefined;
  }

  /** A dead key pressed: it waits for the next character. Pressed twice, it types its own accent. */
  press(dead: DeadKey): string {
    if (this.pending === dead) {
      this.pending = undefined;
      return dead[' '] ?? '';
    }
    this.pending = dead;
    return '';
  }

  /** What a typed character becomes after a waiting dead key (itself where the rules say nothing). */
  apply(typed: string): string {
    const dead = this.pending;
    this.pending = undefined;
    return dead?.[typed] ?? typed;
  }

  /** A key that types nothing (BackSpace, a new window) drops a waiting dead key, as X does. */
  cancel(): void {
    this.pending = undefined;
  }
}
