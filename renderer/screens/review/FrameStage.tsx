// The frame under review, large, with what happened on it drawn over it: a numbered marker at
// every click, dashed outlines of frame findings, and the box being drawn. Dragging on the frame
// draws a box (in the frame's own pixels); the arrow keys, Home/End and PageUp/PageDown step frames.
import { useRef, useState, type PointerEvent } from 'react';
import { formatCount, formatDuration } from '../../../src/shared/format.ts';
import { useFrameUrl } from '../../stores/frame-cache.ts';
import type { Box, ReviewDetail } from '../../stores/review-store.ts';
import type { FrameActions } from './frame-actions.ts';
import { SteppingStage } from '../../components/SteppingStage.tsx';

type Frame = ReviewDetail['frames'][number];

interface Props {
  id: string;
  frame: Frame;
  index: number;
  count: number;
  app: string;
  revision: number;
  actions: FrameActions | null;
  box: Box | null;
  findingBoxes: Box[];
  onBox(box: Box | null): void;
  onStep(to: number): void;
}

export function FrameStage({ id, frame, index, count, app, revision, actions, box, findingBoxes, onBox, onStep }: Props) {
  const url = useFrameUrl(id, frame.seq, true, revision);
  const svg = useRef<SVGSVGElement>(null);
  const [anchor, setAnchor] = useState<{ x: number; y: number } | null>(null);

  const point = (e: PointerEvent) => {
    const rect = svg.current!.getBoundingClientRect();
    const clamp = (v: number, max: number) => Math.round(Math.max(0, Math.min(max, v)));
    return { x: clamp(((e.clientX - rect.left) * frame.width) / rect.width, frame.width), y: clamp(((e.clientY - rect.top) * frame.height) / rect.height, frame.height) };
  };
  const drag = (e: PointerEvent) => {
    if (!anchor) return;
    const p = point(e);
    onBox({ x: Math.min(anchor.x, p.x), y: Math.min(anchor.y, p.y), width: Math.max(1, Math.abs(p.x - anchor.x)), height: Math.max(1, Math.abs(p.y - anchor.y)) });
  };
  const marker = Math.max(8, Math.round(frame.width / 80));
  return (
    <div className="stage">
      <SteppingStage
        className="review-stage"
        kind="frame viewer"
        label={`Frame ${index + 1} of ${count}. Arrow keys step frames, Home and End jump to the first and last; drag on the frame to draw a box.`}
        testId="review-stage"
        index={index}
        count={count}
        onStep={onStep}
      >
        {url ? (
          <div className="stage-frame">
            <img src={url} alt={`Frame ${index + 1}: ${app} at ${formatDuration(frame.t)}, taken on ${frame.reason}`} width={frame.width} height={frame.height} data-frame-seq={frame.seq} draggable={false} />
            <svg
              ref={svg}
              className="stage-overlay"
              viewBox={`0 0 ${frame.width} ${frame.height}`}
              preserveAspectRatio="none"
              aria-hidden="true"
              data-testid="frame-overlay"
              onPointerDown={(e) => {
                if (e.button !== 0) return;
                e.currentTarget.setPointerCapture(e.pointerId);
                const p = point(e);
                setAnchor(p);
                onBox(null);
              }}
              onPointerMove={drag}
              onPointerUp={(e) => {
                drag(e);
                setAnchor(null);
              }}
            >
              {findingBoxes.map((b, i) => (
                <rect key={i} className="finding-box" x={b.x} y={b.y} width={b.width} height={b.height} />
              ))}
              {actions?.clicks.map((c, i) => (
                <g key={c.seq} className="click-marker">
                  <circle cx={c.x} cy={c.y} r={marker} />
                  <text x={c.x + marker * 1.3} y={c.y - marker * 0.6} fontSize={marker * 2}>{i + 1}</text>
                </g>
              ))}
              {box && <rect className="draft-box" x={box.x} y={box.y} width={box.width} height={box.height} />}
            </svg>
          </div>
        ) : (
          <div className="viewer-placeholder">Loading frame…</div>
        )}
      </SteppingStage>
      <div className="viewer-bar">
        <button type="button" className="button small" onClick={() => onStep(index - 1)} disabled={index === 0}>
          ← Previous
        </button>
        <p aria-live="polite" data-testid="frame-position">
          Frame <strong>{index + 1}</strong> of {formatCount(count)} · {app} · {formatDuration(frame.t)} · {frame.reason} · {frame.width}×{frame.height}
        </p>
        <button type="button" className="button small" onClick={() => onStep(index + 1)} disabled={index === count - 1}>
          Next →
        </button>
      </div>
      <ActionsLine actions={actions} />
    </div>
  );
}

function ActionsLine({ actions }: { actions: FrameActions | null }) {
  if (!actions) return <p className="frame-actions muted">Reading this frame's actions…</p>;
  const parts: string[] = [];
  if (actions.clicks.length) parts.push(`${actions.clicks.length} click${actions.clicks.length === 1 ? '' : 's'} (numbered on the frame)`);
  if (actions.keys.length) parts.push(`keys ${actions.keys.slice(0, 12).join(', ')}${actions.keys.length > 12 ? ' …' : ''}`);
  if (actions.scrolls) parts.push(`${actions.scrolls} scroll${actions.scrolls === 1 ? '' : 's'}`);
  return (
    <div className="frame-actions">
      {actions.typed && (
        <p>
          Typed: <span className="typed-inline">{actions.typed}</span>
        </p>
      )}
      <p className="muted">{parts.length ? parts.join(' · ') : 'No clicks or keys while this frame was on screen.'}</p>
    </div>
  );
}
