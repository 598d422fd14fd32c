// A session's steps as every export derives them (src/export/actions), in the shape the session
// view's scrubber draws: each with its frames before and after, the point, path or direction on that frame, and what
// it typed or pressed. Typed text leaves here as kept runs and counts of redacted key strokes, so
// the UI never receives a redacted stroke's placeholder, let alone what it replaced.
import type { Action, StepPoint } from '../export/actions/action.ts';
import { deriveActions } from '../export/actions/derive-actions.ts';
import { textParts } from '../export/actions/kept-text.ts';
import { loadExportSession } from '../export/export-session.ts';
import { stepElement } from '../export/writers/element-records.ts';
import type { MethodOutput } from '../shared/contract.ts';
import type { Store } from '../store/store.ts';

export type SessionStep = MethodOutput<'sessions.steps'>[number];

/** A drag path longer than this is thinned for drawing (its first and last points kept). */
const MAX_PATH_POINTS = 64;

export function sessionSteps(store: Store, id: string): SessionStep[] {
  const session = loadExportSession(store, id);
  return deriveActions(session).map((a) => stepView(a, stepElement(session, a)));
}

function stepView(a: Action, element: object | null): SessionStep {
  const base: SessionStep = {
    index: a.index,
    kind: a.kind,
    t: a.t,
    endT: a.endT,
    frameSeq: a.frameSeq,
    afterFrameSeq: a.afterFrameSeq,
    app: a.window?.app ?? null,
    point: a.point && onFrame(a.point),
    flags: a.flags,
  };
  // The element the step acted on (a click's, or the field a typing run went into), where one was read.
  if (element) base.element = element as Record<string, unknown>;
  switch (a.kind) {
    case 'click':
      return { ...base, button: a.button, count: a.count, mods: a.mods };
    case 'drag':
      return { ...base, button: a.button, mods: a.mods, path: thin(a.path).map(onFrame) };
    case 'scroll':
      return { ...base, direction: a.direction, amount: a.amount, mods: a.mods };
    case 'type':
      return { ...base, text: textParts(a.text) };
    case 'hotkey':
      return { ...base, keys: a.keys };
    case 'key':
      return { ...base, keys: [a.key] };
    case 'wait':
      return { ...base, ms: a.ms };
  }
}

const onFrame = (p: StepPoint) => ({ x: p.frameX, y: p.frameY });

function thin<T>(points: readonly T[]): T[] {
  if (points.length <= MAX_PATH_POINTS) return [...points];
  const every = (points.length - 1) / (MAX_PATH_POINTS - 1);
  return Array.from({ length: MAX_PATH_POINTS }, (_, i) => points[Math.round(i * every)]!);
}
