// The export pairs each step with its observation after (frame-pairing.ts): the first observation
// read after the step's last event and before the next step that acts; the next step's observation
// before when no settled one was stored first; in sessions recorded before the observation ring, the
// first frame in between; none when only the next step's work was observed.
import { describe, expect, it } from 'vitest';
import type { EventRow, WindowRow } from '../../src/core/stored-rows.ts';
import { deriveActions } from '../../src/export/actions/derive-actions.ts';
import { FramePairing, type PairableFrame } from '../../src/export/actions/frame-pairing.ts';
import { BUILTIN_US_LAYOUT } from '../../src/shared/keyboard-layout.ts';

const WINDOWS: WindowRow[] = [{ seq: 1, t: 0, app: 'App', title: 'App', x: 0, y: 0, width: 800, height: 600 }];
const frame = (seq: number, t: number, reason: string): PairableFrame => ({ seq, t, windowSeq: 1, reason, width: 800, height: 600 });

describe('observation after a step', () => {
  it('is the settled observation, else the next step\'s observation before, never one read once the next step began', () => {
    const pairing = new FramePairing([frame(1, 900, 'before'), frame(2, 1300, 'after'), frame(3, 1950, 'before'), frame(4, 2600, 'periodic'), frame(5, 3100, 'before')], WINDOWS);
    expect(pairing.pickAfter(1110, 2000)).toBe(2);
    expect(pairing.pickAfter(1400, 2000)).toBe(3);
    // A periodic frame is no step's observation: the next one is read at 3100, after the next step began.
    expect(pairing.pickAfter(2100, 3000)).toBeNull();
    expect(pairing.pickAfter(2100, 3200)).toBe(5);
  });

  it('is the first frame in between for a session recorded before the observation ring', () => {
    const pairing = new FramePairing([frame(1, 1000, 'click'), frame(2, 1800, 'typing'), frame(3, 5000, 'periodic')], WINDOWS);
    expect(pairing.pickAfter(1100, 3000)).toBe(2);
    expect(pairing.pickAfter(2000, 4000)).toBeNull();
  });

  it('reaches past a wait step to the next step that acts', () => {
    const events: EventRow[] = [
      { seq: 1, t: 1000, kind: 'mouse-down', windowSeq: 1, x: 10, y: 10, button: 1, clicks: 1, mods: 0 },
      { seq: 2, t: 1110, kind: 'mouse-up', windowSeq: 1, x: 10, y: 10, button: 1, clicks: 1, mods: 0 },
      { seq: 3, t: 9000, kind: 'mouse-down', windowSeq: 1, x: 20, y: 20, button: 1, clicks: 1, mods: 0 },
      { seq: 4, t: 9110, kind: 'mouse-up', windowSeq: 1, x: 20, y: 20, button: 1, clicks: 1, mods: 0 },
    ];
    const frames = [frame(1, 950, 'before'), frame(2, 1400, 'after'), frame(3, 8950, 'before'), frame(4, 9400, 'after')];
    const steps = deriveActions({ events, windows: WINDOWS, frames, layout: BUILTIN_US_LAYOUT });
    expect(steps.map((s) => [s.kind, s.frameSeq, s.afterFrameSeq])).toEqual([
      ['click', 1, 2],
      ['wait', 1, null],
      ['click', 3, 4],
    ]);
  });
});
