// The session list, virtualised: only the rows in view (and a few more) are in the DOM, so a
// thousand sessions stay light. It keeps table semantics through ARIA roles. Each row names its
// task, what the session demonstrates.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef } from 'react';
import { formatBytes, formatCount, formatDuration, formatTime } from '../../src/shared/format.ts';
import { useNav } from '../stores/nav-store.ts';
import type { SessionSummary } from '../stores/sessions-store.ts';
import { TaskCell } from '../components/TaskCell.tsx';

const ROW_HEIGHT = 48;

export function SessionList({ sessions }: { sessions: SessionSummary[] }) {
  const scroller = useRef<HTMLDivElement>(null);
  const openSession = useNav((s) => s.openSession);
  const virtualizer = useVirtualizer({ count: sessions.length, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 8 });
  return (
    <div className="card flush session-table" role="table" aria-label="Sessions" aria-rowcount={sessions.length + 1}>
      <div role="rowgroup">
        <div role="row" className="session-row head" aria-rowindex={1}>
          <span role="columnheader">Started</span>
          <span role="columnheader">Task</span>
          <span role="columnheader">State</span>
          <span role="columnheader">Length</span>
          <span role="columnheader">Apps</span>
          <span role="columnheader" className="num">Events</span>
          <span role="columnheader" className="num">Frames</span>
          <span role="columnheader" className="num">Size</span>
        </div>
      </div>
      <div ref={scroller} className="session-scroller" role="rowgroup" data-testid="session-scroller">
        <div className="session-spacer" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((item) => {
            const s = sessions[item.index]!;
            return (
              <div key={s.id} role="row" aria-rowindex={item.index + 2} className="session-row" style={{ transform: `translateY(${item.start}px)` }}>
                <span role="cell">
                  <button type="button" className="link" onClick={() => openSession(s.id)} aria-label={`Open the session of ${formatTime(s.startedAt)}`}>
                    {formatTime(s.startedAt)}
                  </button>
                </span>
                <TaskCell task={s.task} />
                <span role="cell"><span className={`pill state-${s.state}`}>{s.state}</span></span>
                <span role="cell">{formatDuration(s.durationMs)}</span>
                <span role="cell" className="apps-cell" title={s.apps.join(', ')}>{s.apps.join(', ') || '—'}</span>
                <span role="cell" className="num">{formatCount(s.eventCount)}</span>
                <span role="cell" className="num">{formatCount(s.frameCount)}</span>
                <span role="cell" className="num">{formatBytes(s.bytes)}</span>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
