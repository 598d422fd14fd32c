// Reviewing one session: the frame with its actions and the box tool, the findings beside it, the
// timeline of every frame, the typed text, cutting a range, and the way forward (submit, or approve
// and reject). Opened from a session (the contributor) or from the review queue (a reviewer).
import { useEffect, useMemo, useState } from 'react';
import { countOf, formatDuration, formatTime } from '../../../src/shared/format.ts';
import { prefetchFrame } from '../../stores/frame-cache.ts';
import { type Box, type Finding, useReview } from '../../stores/review-store.ts';
import { BoxForm } from './BoxForm.tsx';
import { CutRangeForm } from './CutRangeForm.tsx';
import { FindingsList } from './FindingsList.tsx';
import { TaskForm } from './TaskForm.tsx';
import { FrameStage } from './FrameStage.tsx';
import { FrameTimeline } from './FrameTimeline.tsx';
import { TypedTextPanel } from './TypedTextPanel.tsx';
import { useFrameActions } from './use-frame-actions.ts';
import { type ReviewRole, WorkflowBar } from './WorkflowBar.tsx';

interface Props {
  id: string;
  role: ReviewRole;
  backLabel: string;
  onBack(): void;
  onDone(action: 'submitted' | 'approved' | 'rejected'): void;
}

export function SessionReview({ id, role, backLabel, onBack, onDone }: Props) {
  const { detail, frameIndex, revision, busy, open, showFrame, scan, redactBox, redactText, cutRange, resolve, setTask } = useReview();
  const [box, setBox] = useState<Box | null>(null);
  useEffect(() => void open(id), [id, open]);
  const apps = useMemo(() => new Map(detail?.windows.map((w) => [w.seq, w.app])), [detail]);
  const appOf = (seq: number) => apps.get(seq) ?? 'unknown app';
  const frames = detail?.id === id ? detail.frames : [];
  const frame = frames[frameIndex];
  const actions = useFrameActions(frameIndex, frame !== undefined);
  useEffect(() => {
    // The neighbours load while the person looks at this one: stepping then shows them at once.
    for (const near of [frameIndex + 1, frameIndex - 1]) if (detail && frames[near]) prefetchFrame(detail.id, frames[near].seq);
  }, [detail, frames, frameIndex]);
  useEffect(() => setBox(null), [frameIndex]);

  const back = (
    <button type="button" className="button small" onClick={onBack}>
      ← {backLabel}
    </button>
  );
  if (!detail || detail.id !== id) {
    return (
      <section className="screen" aria-labelledby="review-session-title">
        {back}
        <h1 id="review-session-title">Review</h1>
        <p className="muted">Loading the session…</p>
      </section>
    );
  }
  const findingBoxes = detail.findings.filter((f) => f.status === 'open' && f.location.frameSeq === frame?.seq && f.location.box).map((f) => f.location.box!);
  const show = (f: Finding) => {
    const at = detail.frames.findIndex((x) => x.seq === f.location.frameSeq);
    if (at >= 0) showFrame(at);
  };
  return (
    <section className="screen review" aria-labelledby="review-session-title">
      <div className="screen-head">{back}</div>
      <h1 id="review-session-title">
        Review: session of {formatTime(detail.startedAt)} <span className={`pill state-${detail.state}`}>{detail.state}</span>
      </h1>
      <p className="lead">
        {countOf(detail.counts.events, 'event')} · {countOf(detail.frames.length, 'frame')} · {detail.policies.map((p) => p.app).join(', ') || 'no apps'}
        {detail.review.reviewer ? ` · reviewed by ${detail.review.reviewer}` : ''}
      </p>
      <TaskForm task={detail.task} editable={detail.state !== 'approved' && detail.state !== 'deleted'} busy={busy} onSave={(task) => void setTask(task)} />
      {detail.state === 'rejected' && detail.review.reason && (
        <p className="notice warn" role="status">
          <strong>Rejected:</strong> {detail.review.reason}
        </p>
      )}
      <div className="review-grid">
        <div className="card review-main">
          {frame ? (
            <>
              <FrameStage id={detail.id} frame={frame} index={frameIndex} count={frames.length} app={appOf(frame.windowSeq)} revision={revision} actions={actions} box={box} findingBoxes={findingBoxes} onBox={setBox} onStep={showFrame} />
              <BoxForm box={box} frameWidth={frame.width} frameHeight={frame.height} busy={busy} onBox={setBox} onRedact={async (b) => (await redactBox(frame.seq, b)) && setBox(null)} />
            </>
          ) : (
            <p className="muted">This session has no frames.</p>
          )}
        </div>
        <FindingsList findings={detail.findings} busy={busy} onScan={() => void scan()} onShow={show} onResolve={(f, action, reason) => void resolve(f, action, reason)} />
      </div>
      {frames.length > 0 && (
        <div className="card">
          <h2>Timeline</h2>
          <FrameTimeline detail={detail} index={frameIndex} revision={revision} appOf={appOf} onPick={showFrame} />
        </div>
      )}
      <div className="card">
        <h2>What was typed</h2>
        <TypedTextPanel runs={detail.typedText} busy={busy} onRedact={(span) => void redactText(span.fromSeq, span.toSeq)} />
      </div>
      <div className="card">
        <h2>Cut a time range</h2>
        <p className="muted small">Seconds from the start of the session ({formatDuration(frames.at(-1)?.t ?? 0)} to the last frame).</p>
        <CutRangeForm suggestFromMs={frame?.t ?? 0} busy={busy} onCut={(from, to) => void cutRange(from, to)} />
      </div>
      <WorkflowBar role={role} onDone={onDone} />
    </section>
  );
}
