// The session as a timeline: one row per frame with what happened while it was on screen (clicks,
// typed text, keys). Virtualised: only the rows in view exist, and only they read their events, so
// an hour of 3,600 frames and 300k events scrolls as lightly as a minute.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState } from 'react';
import { formatDuration } from '../../../src/shared/format.ts';
import { useFrameUrl } from '../../stores/frame-cache.ts';
import type { ReviewDetail } from '../../stores/review-store.ts';
import { onStepKey } from '../../components/step-keys.ts';
import { useFrameActions } from './use-frame-actions.ts';

const ROW_HEIGHT = 64;
/** The timeline's height: its rows, up to this much (then it scrolls). */
const MAX_HEIGHT = 420;
const THUMB_DELAY_MS = 250;

interface Props {
  detail: ReviewDetail;
  index: number;
  revision: number;
  appOf(windowSeq: number): string;
  onPick(index: number): void;
}

export function FrameTimeline({ detail, index, revision, appOf, onPick }: Props) {
  const scroller = useRef<HTMLDivElement>(null);
  const count = detail.frames.length;
  const virtualizer = useVirtualizer({ count, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 4 });
  useEffect(() => virtualizer.scrollToIndex(index, { align: 'auto' }), [index, virtualizer]);
  return (
    <div
      ref={scroller}
      className="timeline"
      tabIndex={0}
      role="listbox"
      aria-label={`Timeline of ${count} frames; arrow keys step through them`}
      aria-activedescendant={`frame-row-${index}`}
      data-testid="timeline"
      style={{ height: Math.min(count * ROW_HEIGHT + 2, MAX_HEIGHT) }}
      onKeyDown={onStepKey(index, count, onPick)}
    >
      <div className="timeline-spacer" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((item) => (
          <TimelineRow key={item.key} detail={detail} index={item.index} top={item.start} current={item.index === index} revision={revision} appOf={appOf} onPick={onPick} />
        ))}
      </div>
    </div>
  );
}

function TimelineRow({ detail, index, top, current, revision, appOf, onPick }: { index: number; top: number; current: boolean } & Omit<Props, 'index'>) {
  const frame = detail.frames[index]!;
  // Thumbnails wait a moment: rows that only fly past while stepping never compete with the frame
  // the person is looking at for the connection.
  const [settled, setSettled] = useState(false);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(true), THUMB_DELAY_MS);
    return () => clearTimeout(timer);
  }, []);
  const url = useFrameUrl(detail.id, frame.seq, settled, revision);
  const actions = useFrameActions(index);
  const summary = !actions
    ? '…'
    : [
        actions.clicks.length ? `${actions.clicks.length} click${actions.clicks.length === 1 ? '' : 's'}` : '',
        actions.typed ? `typed “${actions.typed.length > 48 ? `${actions.typed.slice(0, 48)}…` : actions.typed}”` : '',
        actions.keys.length ? actions.keys.slice(0, 4).join(', ') + (actions.keys.length > 4 ? ' …' : '') : '',
      ]
        .filter(Boolean)
        .join(' · ') || 'no clicks or keys';
  return (
    <div
      id={`frame-row-${index}`}
      role="option"
      aria-selected={current}
      className="timeline-row"
      style={{ transform: `translateY(${top}px)` }}
      onClick={() => onPick(index)}
    >
      <span className="timeline-thumb">{url ? <img src={url} alt="" /> : null}</span>
      <span className="timeline-when">
        <strong>#{index + 1}</strong> {formatDuration(frame.t)}
      </span>
      <span className="timeline-what">
        <span className="timeline-app">
          {appOf(frame.windowSeq)} · {frame.reason}
        </span>
        <span className="timeline-actions">{summary}</span>
      </span>
    </div>
  );
}
