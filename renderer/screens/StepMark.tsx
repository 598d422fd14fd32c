// One step drawn on its frame, in the frame's own pixels (the SVG's viewBox): a ring at a click, the
// path of a drag with an arrow at its end, an arrow for a scroll, and a label: beside the pointer
// for pointer steps, along the bottom of the frame for typed text, keys and waits. Redacted key
// strokes are drawn as a count in their own colour, never as text.
import { useId } from 'react';
import type { SessionStep } from '../stores/steps-store.ts';
import { redactedWords, stepWords } from './step-words.ts';

/** How much of a character's height its width takes, on average, in the UI's sans-serif. */
const CHAR_WIDTH = 0.64;

export function StepMark({ step, width, height }: { step: SessionStep; width: number; height: number }) {
  const arrow = `arrow-${useId().replace(/:/g, '')}`;
  const font = Math.max(8, width / 50);
  const r = Math.max(5, width / 70);
  const p = step.point;
  return (
    <g className={`step-mark step-${step.kind}`} data-step-kind={step.kind}>
      <defs>
        <marker id={arrow} viewBox="0 0 10 10" refX="7" refY="5" markerWidth="4" markerHeight="4" orient="auto-start-reverse">
          <path d="M0,0 L10,5 L0,10 z" className="step-arrowhead" />
        </marker>
      </defs>
      {step.kind === 'click' && p && (
        <>
          <circle className="step-ring" cx={p.x} cy={p.y} r={r} />
          <circle className="step-dot" cx={p.x} cy={p.y} r={r / 4} />
        </>
      )}
      {step.kind === 'drag' && step.path && (
        <>
          <polyline className="step-path" points={step.path.map((q) => `${q.x},${q.y}`).join(' ')} markerEnd={`url(#${arrow})`} />
          {p && <circle className="step-dot" cx={p.x} cy={p.y} r={r / 3} />}
        </>
      )}
      {step.kind === 'scroll' && p && <ScrollArrow step={step} from={p} length={Math.min(width, height) * 0.18} marker={arrow} r={r} />}
      {p && step.kind !== 'type' ? (
        <Label x={p.x + r * 1.4} y={p.y - r * 1.4} font={font} width={width} height={height} parts={[{ kept: stepWords(step) }]} />
      ) : (
        <Label x={font * 0.5} y={height - font * 0.6} font={font} width={width} height={height} parts={step.kind === 'type' ? [{ kept: 'Type ' }, ...(step.text ?? [])] : [{ kept: stepWords(step) }]} quoted={step.kind === 'type'} />
      )}
    </g>
  );
}

function ScrollArrow({ step, from, length, marker, r }: { step: SessionStep; from: { x: number; y: number }; length: number; marker: string; r: number }) {
  const [dx, dy] = { up: [0, -1], down: [0, 1], left: [-1, 0], right: [1, 0] }[step.direction ?? 'down'];
  return (
    <>
      <circle className="step-dot" cx={from.x} cy={from.y} r={r / 3} />
      <line className="step-path" x1={from.x} y1={from.y} x2={from.x + dx! * length} y2={from.y + dy! * length} markerEnd={`url(#${marker})`} />
    </>
  );
}

type Part = { kept: string } | { redacted: number };

/** A label on a dark box, kept inside the frame; typed text in quotes, redacted runs as counts. */
function Label({ x, y, font, width, height, parts, quoted = false }: { x: number; y: number; font: number; width: number; height: number; parts: Part[]; quoted?: boolean }) {
  const pad = font * 0.35;
  const [head, ...typed] = parts;
  const shown: { text: string; redacted: boolean }[] = [
    { text: 'kept' in head! ? head.kept : '', redacted: false },
    ...typed.map((q) => ('kept' in q ? { text: quoted ? `“${q.kept}”` : q.kept, redacted: false } : { text: ` [${redactedWords(q.redacted)}] `, redacted: true })),
  ];
  // Long typed text is cut to what fits across the frame.
  const room = Math.floor((width - 2 * pad - font) / (font * CHAR_WIDTH));
  let left = room;
  const fitted = shown.flatMap((s) => {
    if (left <= 0) return [];
    const text = s.text.length > left ? `${s.text.slice(0, Math.max(0, left - 1))}…` : s.text;
    left -= text.length;
    return [{ ...s, text }];
  });
  const boxWidth = fitted.reduce((n, s) => n + s.text.length, 0) * font * CHAR_WIDTH + 2 * pad;
  const bx = Math.max(0, Math.min(x, width - boxWidth));
  const by = Math.max(font + pad, Math.min(y, height - pad));
  return (
    <g className="step-label">
      <rect x={bx} y={by - font - pad * 0.6} width={boxWidth} height={font + pad * 1.6} rx={pad} />
      <text x={bx + pad} y={by} fontSize={font}>
        {fitted.map((s, i) => (
          <tspan key={i} className={s.redacted ? 'step-redacted' : undefined}>
            {s.text}
          </tspan>
        ))}
      </text>
    </g>
  );
}
