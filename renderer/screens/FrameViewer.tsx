// The frames of a session: one large frame with previous / next (and the arrow keys), and a strip
// of thumbnails that load only when scrolled into view.
import { useEffect, useRef, useState } from 'react';
import { formatDuration } from '../../src/shared/format.ts';
import { SteppingStage } from '../components/SteppingStage.tsx';
import { useFrameUrl } from '../stores/frame-cache.ts';
import type { SessionDetail } from '../stores/sessions-store.ts';

type Frame = SessionDetail['frames'][number];

export function FrameViewer({ id, frames, appOf }: { id: string; frames: Frame[]; appOf: (windowSeq: number) => string }) {
  const [index, setIndex] = useState(0);
  const frame = frames[index];
  const url = useFrameUrl(id, frame?.seq ?? null);
  const go = (to: number) => setIndex(Math.max(0, Math.min(frames.length - 1, to)));
  if (!frame) return <p className="muted">This session has no frames.</p>;
  return (
    <div className="viewer">
      <SteppingStage kind="frame viewer" label={`Frame ${index + 1} of ${frames.length}; use the left and right arrow keys`} index={index} count={frames.length} onStep={go}>
        {url ? (
          <img src={url} alt={`Frame ${index + 1}: ${appOf(frame.windowSeq)} at ${formatDuration(frame.t)}, taken on ${frame.reason}`} width={frame.width} height={frame.height} />
        ) : (
          <div className="viewer-placeholder">Loading frame…</div>
        )}
      </SteppingStage>
      <div className="viewer-bar">
        <button type="button" className="button" onClick={() => go(index - 1)} disabled={index === 0}>
          ← Previous
        </button>
        <p aria-live="polite">
          Frame <strong>{index + 1}</strong> of {frames.length} · {appOf(frame.windowSeq)} · {formatDuration(frame.t)} · {frame.reason} · {frame.width}×{frame.height}
        </p>
        <button type="button" className="button" onClick={() => go(index + 1)} disabled={index === frames.length - 1}>
          Next →
        </button>
      </div>
      <ol className="thumbs" aria-label="All frames">
        {frames.map((f, i) => (
          <Thumb key={f.seq} id={id} frame={f} index={i} current={i === index} onPick={setIndex} />
        ))}
      </ol>
    </div>
  );
}

function Thumb({ id, frame, index, current, onPick }: { id: string; frame: Frame; index: number; current: boolean; onPick(i: number): void }) {
  const ref = useRef<HTMLLIElement>(null);
  const [seen, setSeen] = useState(false);
  const url = useFrameUrl(id, frame.seq, seen);
  useEffect(() => {
    const el = ref.current;
    if (!el || seen) return;
    const observer = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && setSeen(true), { rootMargin: '200px' });
    observer.observe(el);
    return () => observer.disconnect();
  }, [seen]);
  useEffect(() => {
    // Scroll the strip only, never the page.
    const el = ref.current;
    const strip = el?.parentElement;
    if (!current || !el || !strip) return;
    if (el.offsetLeft < strip.scrollLeft) strip.scrollLeft = el.offsetLeft;
    else if (el.offsetLeft + el.offsetWidth > strip.scrollLeft + strip.clientWidth) strip.scrollLeft = el.offsetLeft + el.offsetWidth - strip.clientWidth;
  }, [current]);
  return (
    <li ref={ref}>
      <button type="button" className="thumb" aria-current={current ? 'true' : undefined} aria-label={`Show frame ${index + 1}`} onClick={() => onPick(index)}>
        {url ? <img src={url} alt="" /> : <span className="thumb-placeholder">{index + 1}</span>}
      </button>
    </li>
  );
}
