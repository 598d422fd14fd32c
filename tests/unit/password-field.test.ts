// The password-field rule: a key typed while the window's structure says a password field has the
// focus (or may have had it: a move just before the key, a move whose role is not read yet, a source
// that could not answer) is dropped as `password-field`, and so is its release wherever the focus
// went meanwhile. Keys wait until the source has vouched for their moment.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AppPolicy, policyLookup } from '../../src/core/app-policy.ts';
import { ConsentGate, type KeptEvent } from '../../src/core/consent-gate.ts';
import { FieldTimeline } from '../../src/core/field-timeline.ts';
import { FocusTimeline } from '../../src/core/focus-timeline.ts';
import { type InputEvent, NO_MODIFIERS } from '../../src/core/input-event.ts';
import { WindowJudge } from '../../src/core/window-decision.ts';

const allow: AppPolicy = { app: 'Editor', allowed: true, keys: 'full', screens: 'on', titles: 'keep' };
const editor = { windowId: 'w1', app: 'Editor', title: 'Editor', bounds: { x: 0, y: 0, width: 800, height: 600 }, pid: 42 };
const key = (kind: 'key-down' | 'key-up', time: number, keycode = 30): InputEvent => ({ kind, time, arrivedAt: time, keycode, mods: NO_MODIFIERS });

function gateWith(fields: FieldTimeline) {
  const timeline = new FocusTimeline();
  timeline.record({ time: 0, window: editor });
  const lookup = policyLookup([allow]);
  const judge = new WindowJudge({ rules: { policyOf: (w) => lookup(w.app), isBrowser: () => false, isPrivateTitle: () => false }, isOwnWindow: () => false });
  const kept: KeptEvent[] = [];
  const gate = new ConsentGate({ timeline, judge, onKept: (k) => kept.push(k), maxHoldMs: 1000, fields: { keyVerdict: (_w, t) => fields.verdict(t) } });
  return { timeline, gate, kept };
}

describe('field timeline', () => {
  it('says clear for a key in an ordinary field once the source has vouched past it, and waits before', () => {
    const fields = new FieldTimeline();
    fields.moved(Number.NEGATIVE_INFINITY, false);
    expect(fields.verdict(100)).toBe('wait');
    fields.vouch(120);
    expect(fields.verdict(100)).toBe('clear');
  });

  it('says password for a key after focus moved into a password field, and for one just before the move arrived', () => {
    const fields = new FieldTimeline(50);
    fields.moved(Number.NEGATIVE_INFINITY, false);
    fields.moved(200, true);
    fields.vouch(1000);
    expect(fields.verdict(300)).toBe('password');
    // The move was stamped when it arrived: it may have happened before a key up to 100 ms earlier.
    expect(fields.verdict(120)).toBe('password');
    expect(fields.verdict(90)).toBe('clear');
  });

  it('waits while the new element’s role is unknown, and for a source that has told nothing', () => {
    const fields = new FieldTimeline();
    fields.vouch(1000);
    expect(fields.verdict(100)).toBe('wait');
    fields.moved(Number.NEGATIVE_INFINITY, false);
    const move = fields.moved(50);
    expect(fields.verdict(100)).toBe('wait');
    fields.settle(move, false);
    expect(fields.verdict(100)).toBe('clear');
  });

  it('treats a stretch the source could not answer for as a password field’s', () => {
    const fields = new FieldTimeline();
    fields.moved(Number.NEGATIVE_INFINITY, false);
    fields.blindFor(100, 400);
    expect(fields.verdict(250)).toBe('password');
    fields.vouch(900);
    expect(fields.verdict(800)).toBe('clear');
  });

  it('never says clear for a key typed while a password field had the focus, whatever the delays', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.record({ at: fc.integer({ min: 0, max: 5000 }), password: fc.boolean(), delay: fc.integer({ min: 0, max: 40 }) }), { maxLength: 12, selector: (m) => m.at }),
        fc.integer({ min: 0, max: 5000 }),
        (moves, t) => {
          const fields = new FieldTimeline(50);
          fields.moved(Number.NEGATIVE_INFINITY, false);
          // Each move is stamped when it arrives, up to 40 ms after it happened, and one source's
          // moves arrive in the order it made them (D-Bus and a port keep a sender's order).
          const sorted = [...moves].sort((a, b) => a.at - b.at);
          let arrived = Number.NEGATIVE_INFINITY;
          for (const m of sorted) fields.moved((arrived = Math.max(arrived, m.at + m.delay)), m.password);
          fields.vouch(6000);
          const inForce = sorted.filter((m) => m.at <= t).at(-1);
          if (inForce?.password) expect(fields.verdict(t)).toBe('password');
        },
      ),
    );
  });
});

describe('consent gate with a window’s structure', () => {
  it('drops the keys typed into a password field, and their releases after focus left it', () => {
    const fields = new FieldTimeline();
    fields.moved(Number.NEGATIVE_INFINITY, false);
    const { timeline, gate, kept } = gateWith(fields);
    timeline.advance(5000);
    fields.moved(300, true);
    fields.moved(600, false);
    fields.vouch(5000);
    for (const e of [key('key-down', 100, 30), key('key-up', 150, 30), key('key-down', 400, 31), key('key-down', 420, 32), key('key-up', 700, 31), key('key-up', 710, 32), key('key-down', 900, 33)]) gate.push(e);
    gate.pump(5000);
    expect(kept.map((k) => [k.event.kind, k.event.time])).toEqual([
      ['key-down', 100],
      ['key-up', 150],
      ['key-down', 900],
    ]);
    expect(gate.dropped['password-field']).toBe(4);
  });

  it('holds a key until the structure answers, and drops it as a password’s when it never does', () => {
    const fields = new FieldTimeline();
    fields.moved(Number.NEGATIVE_INFINITY, false);
    const { timeline, gate, kept } = gateWith(fields);
    timeline.advance(5000);
    gate.push(key('key-down', 100));
    gate.pump(200);
    expect(kept).toHaveLength(0);
    expect(gate.pending).toBe(1);
    gate.pump(1200);
    expect(kept).toHaveLength(0);
    expect(gate.dropped['password-field']).toBe(1);
  });
});
