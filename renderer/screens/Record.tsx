// Record: the controls, what the recorder keeps and drops right now, and storage against the
// budget. When capture cannot work (no consent, no allowed app, no display, Wayland, no
// ImageMagick) it says why instead of offering a Record button that would record nothing.
import { useEffect, useState } from 'react';
import { DroppedTable } from '../components/DroppedTable.tsx';
import { Figure } from '../components/Figure.tsx';
import { formatBytes, formatCount, formatDuration } from '../../src/shared/format.ts';
import { hotkeyLabel } from '../../src/shared/hotkeys.ts';
import { useApps } from '../stores/apps-store.ts';
import { useConsent, isConsentCurrent } from '../stores/consent-store.ts';
import { useNav } from '../stores/nav-store.ts';
import { useRecorder } from '../stores/recorder-store.ts';
import { TASK_MAX_CHARS } from '../../src/shared/task-limit.ts';

export function Record() {
  const { status, capability, busy, load, start, control } = useRecorder();
  const [task, setTask] = useState('');
  const consent = useConsent((s) => s.info);
  const apps = useApps((s) => s.apps);
  const go = useNav((s) => s.go);
  const elapsed = useElapsed();
  useEffect(() => {
    void load();
    void useApps.getState().load();
  }, [load]);

  const state = status?.state ?? 'idle';
  const blocker = !isConsentCurrent(consent)
    ? { text: 'Cairn cannot record until you accept the current consent text.', action: 'Read the consent text', to: 'onboarding' as const }
    : apps && !apps.some((a) => a.allowed)
      ? { text: 'No app is allowed yet, so there is nothing Cairn may record.', action: 'Choose apps', to: 'apps' as const }
      : capability && !capability.ok
        ? { text: capability.problem ?? 'Capture cannot work on this machine.', action: null, to: null }
        : null;
  const droppedTotal = Object.values(status?.dropped ?? {}).reduce((sum, n) => sum + n, 0);

  return (
    <section aria-labelledby="record-title" className="screen">
      <h1 id="record-title">Record</h1>
      <div className={`card recorder ${state}`}>
        <div className="recorder-head">
          <p className="recorder-state" aria-live="polite" role="status">
            <span className="rec-dot" aria-hidden="true" />
            {state === 'recording' ? 'Recording' : state === 'paused' ? 'Paused — input is dropped' : 'Not recording'}
          </p>
          <p className="elapsed" aria-label="Elapsed time">{formatDuration(state === 'idle' ? 0 : elapsed)}</p>
        </div>
        {state === 'idle' && blocker ? (
          <div className="notice warn blocker">
            <p>{blocker.text}</p>
            {blocker.to && (
              <button type="button" className="button" onClick={() => go(blocker.to)}>
                {blocker.action}
              </button>
            )}
          </div>
        ) : (
          <div className="actions">
            {state === 'idle' && (
              <>
                <label className="field task-field">
                  <span>Task (what you are about to do; exported as the instruction)</span>
                  <input type="text" maxLength={TASK_MAX_CHARS} placeholder="e.g. Rename the report to Q3 draft" value={task} onChange={(e) => setTask(e.target.value)} />
                </label>
                <button type="button" className="button primary big" disabled={busy || !capability} onClick={() => void start(task)}>
                  Record
                </button>
              </>
            )}
            {state === 'recording' && (
              <button type="button" className="button big" disabled={busy} onClick={() => void control('recorder.pause')}>
                Pause
              </button>
            )}
            {state === 'paused' && (
              <button type="button" className="button primary big" disabled={busy} onClick={() => void control('recorder.resume')}>
                Resume
              </button>
            )}
            {state !== 'idle' && (
              <button type="button" className="button danger big" disabled={busy} onClick={() => void control('recorder.stop')}>
                Stop
              </button>
            )}
          </div>
        )}
        {status?.stoppedBecause && state === 'idle' && <p className="notice warn">The last recording stopped: {status.stoppedBecause}</p>}
        {status?.warnings.map((w) => (
          <p key={w} className="notice warn">{w}</p>
        ))}
        <p className="muted small">
          Hotkeys from any app: {hotkeyLabel('toggle-pause')} pauses or resumes, {hotkeyLabel('toggle-record')} stops, {hotkeyLabel('forget-5-minutes')} forgets the last five minutes.
        </p>
      </div>

      <div className="columns">
        <div className="card">
          <h2>{state === 'idle' ? 'Last recording' : 'This recording'}</h2>
          <dl className="figures">
            <Figure label="Events kept" value={formatCount(status?.kept ?? 0)} />
            <Figure label="Events dropped" value={formatCount(droppedTotal)} />
            <Figure label="Frames" value={formatCount(status?.frames ?? 0)} />
            <Figure label="Size" value={formatBytes(status?.bytes ?? 0)} />
          </dl>
          <h3>Dropped, by reason</h3>
          <DroppedTable dropped={status?.dropped ?? {}} />
        </div>
        <div className="card">
          <h2>Storage</h2>
          <StorageBar used={status?.storageUsed ?? 0} budget={status?.storageBudget ?? 0} />
          <p className="muted small">Recording stops by itself with a message when the budget is reached or the disk runs low. Change both under My data.</p>
        </div>
      </div>
    </section>
  );
}

function StorageBar({ used, budget }: { used: number; budget: number }) {
  const share = budget > 0 ? used / budget : 0;
  return (
    <div className="storage">
      <progress className={share > 0.9 ? 'full' : undefined} max={Math.max(budget, 1)} value={Math.min(used, budget)} aria-label="Storage used against the budget" />
      <p>
        <strong>{formatBytes(used)}</strong> of {formatBytes(budget)} ({Math.round(share * 100)}%)
      </p>
    </div>
  );
}

/** The elapsed time, ticking between two status events while recording. */
function useElapsed(): number {
  const { status, receivedAt } = useRecorder();
  const [now, setNow] = useState(Date.now());
  const running = status?.state === 'recording';
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(timer);
  }, [running]);
  if (!status) return 0;
  return status.elapsedMs + (running ? Math.max(0, now - receivedAt) : 0);
}
