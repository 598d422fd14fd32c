// The scrubber: a session played step by step, each step drawn on the frame observed just before it
// (the observation an export pairs it with), and, at the turn of a toggle, the frame observed once
// it settled (the observation after it, which the exports carry too) with the step's mark drawn
// faintly where it acted. Play steps through them at a steady pace; the slider, the buttons and the
// arrow keys move by hand, in whichever view is chosen.
import { useEffect, useState } from 'react';
import { formatDuration } from '../../src/shared/format.ts';
import { prefetchFrame, useFrameUrl } from '../stores/frame-cache.ts';
import type { SessionDetail } from '../stores/sessions-store.ts';
import { type SessionStep, useSteps } from '../stores/steps-store.ts';
import { SteppingStage } from '../components/SteppingStage.tsx';
import { StepMark } from './StepMark.tsx';
import { elementWords, stepWords, typedLine } from './step-words.ts';

type Frame = SessionDetail['frames'][number];

/** How long each step stays on screen while playing. */
const PLAY_MS = 900;

/** Which observation of a step is shown: the one before it, or the one after it settled. */
type View = 'before' | 'after';

export function StepScrubber({ id, frames }: { id: string; frames: Frame[] }) {
  const loaded = useSteps((s) => s.loaded);
  const load = useSteps((s) => s.load);
  const [index, setIndex] = useState(0);
  const [playing, setPlaying] = useState(false);
  const [view, setView] = useState<View>('before');
  useEffect(() => void load(id), [id, load]);
  const steps = loaded?.id === id ? loaded.steps : null;
  const count = steps?.length ?? 0;
  const step = steps?.[Math.min(index, count - 1)];

  useEffect(() => {
    if (!playing) return;
    const timer = setInterval(() => setIndex((i) => (i + 1 < count ? i + 1 : i)), PLAY_MS);
    return () => clearInterval(timer);
  }, [playing, count]);
  // Playing stops at the last step, so Play then starts over.
  useEffect(() => {
    if (playing && index >= count - 1) setPlaying(false);
  }, [playing, index, count]);
  useEffect(() => {
    for (const seq of [steps?.[index]?.afterFrameSeq, steps?.[index + 1]?.frameSeq, steps?.[index + 1]?.afterFrameSeq]) if (seq != null) prefetchFrame(id, seq);
  }, [id, steps, index]);

  if (!steps) return <p className="muted">Reading the steps…</p>;
  if (!step) return <p className="muted">No steps: nothing was clicked, typed or scrolled in this session.</p>;
  const go = (to: number) => setIndex(Math.max(0, Math.min(count - 1, to)));
  const frame = frames.find((f) => f.seq === (view === 'before' ? step.frameSeq : step.afterFrameSeq));
  const missing = view === 'before' ? 'This step has no frame: the session has none before it.' : 'Nothing was observed after this step: the next one began before the screen was read again.';
  return (
    <div className="scrubber">
      <SteppingStage
        className="scrub-stage"
        kind="step player"
        label={`Step ${index + 1} of ${count}, ${view === 'before' ? 'drawn on the frame seen just before it' : 'on the frame seen once it settled'}; arrow keys step, Home and End jump`}
        testId="scrub-stage"
        index={index}
        count={count}
        onStep={(to) => (setPlaying(false), go(to))}
      >
        {frame ? <StepFrame id={id} frame={frame} step={step} view={view} /> : <div className="viewer-placeholder">{missing}</div>}
      </SteppingStage>
      <div className="scrub-bar">
        <div className="scrub-views" role="group" aria-label="Which observation of the step">
          {(['before', 'after'] as const).map((v) => (
            <button key={v} type="button" className="button small" aria-pressed={view === v} onClick={() => setView(v)}>
              {v === 'before' ? 'Before' : 'After'}
            </button>
          ))}
        </div>
        <button type="button" className="button small" onClick={() => (playing ? setPlaying(false) : (index >= count - 1 && setIndex(0), setPlaying(true)))}>
          {playing ? 'Pause' : 'Play'}
        </button>
        <button type="button" className="button small" aria-label="Previous step" onClick={() => go(index - 1)} disabled={index === 0}>
          ←
        </button>
        <input type="range" className="scrub-range" min={1} max={count} value={index + 1} aria-label="Step" aria-valuetext={`Step ${index + 1} of ${count}`} onChange={(e) => (setPlaying(false), go(Number(e.target.value) - 1))} />
        <button type="button" className="button small" aria-label="Next step" onClick={() => go(index + 1)} disabled={index === count - 1}>
          →
        </button>
      </div>
      <p className="scrub-caption" aria-live="polite" data-testid="scrub-caption">
        <strong>Step {index + 1}</strong> of {count} · {caption(step)} · {step.app ?? 'unknown app'} · {formatDuration(step.t)}
        {frame && <span className="muted"> · {frameWords(frame, frames.indexOf(frame), frames.length, step, view)}</span>}
      </p>
    </div>
  );
}

function StepFrame({ id, frame, step, view }: { id: string; frame: Frame; step: SessionStep; view: View }) {
  const url = useFrameUrl(id, frame.seq);
  // As wide as the card allows, and never taller than the stage: the overlay then sits on the image.
  const style = { aspectRatio: `${frame.width} / ${frame.height}`, width: `min(100%, calc(48vh * ${frame.width / frame.height}))` };
  return (
    <div className={`stage-frame scrub-frame scrub-${view}`} style={style}>
      {url ? <img src={url} alt={`Frame seen ${view} step ${step.index + 1}`} data-frame-seq={frame.seq} data-view={view} draggable={false} /> : <div className="viewer-placeholder">Loading frame…</div>}
      <svg className="scrub-overlay" viewBox={`0 0 ${frame.width} ${frame.height}`} preserveAspectRatio="none" data-testid="step-overlay">
        <StepMark step={step} width={frame.width} height={frame.height} />
      </svg>
    </div>
  );
}

function caption(step: SessionStep): string {
  const words = stepWords(step);
  const on = step.element ? elementWords(step.element) : '';
  const what = step.kind === 'type' ? `${words} “${typedLine(step.text ?? [])}”` : step.point ? `${words} at (${Math.round(step.point.x)}, ${Math.round(step.point.y)})` : words;
  return on ? `${what} on ${on}` : what;
}

/** Which frame is shown and when it was seen: before the step ("after" for a step before the first
 *  frame), or after the step's last event. */
function frameWords(frame: Frame, at: number, count: number, step: SessionStep, view: View): string {
  const gap = view === 'before' ? (step.t - frame.t) / 1000 : (frame.t - step.endT) / 1000;
  const when = view === 'after' ? `seen ${gap.toFixed(1)} s after it` : gap >= 0 ? `seen ${gap.toFixed(1)} s before` : `the first frame, seen ${(-gap).toFixed(1)} s after (none before)`;
  return `frame ${at + 1} of ${count}, ${when}`;
}
