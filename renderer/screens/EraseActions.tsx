// The three ways to erase: one session, the last N minutes, everything (withdrawing consent).
// Each is one action with one confirmation; withdrawing is as easy as agreeing was.
import { useEffect, useId, useState } from 'react';
import { getApi } from '../api/get-api.ts';
import type { MethodOutput } from '../../src/shared/contract.ts';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { countOf, formatTime } from '../../src/shared/format.ts';
import { useApps } from '../stores/apps-store.ts';
import { useConsent } from '../stores/consent-store.ts';
import { attempt } from '../stores/error-store.ts';
import { useRecorder } from '../stores/recorder-store.ts';
import { useSessions } from '../stores/sessions-store.ts';
import { CopiesElsewhere } from './CopiesElsewhere.tsx';

type Pending = 'session' | 'forget' | 'withdraw' | null;

export function EraseActions({ onErased }: { onErased(): Promise<void> }) {
  const sessions = useSessions((s) => s.list);
  const [sessionId, setSessionId] = useState('');
  const [minutes, setMinutes] = useState('5');
  const [pending, setPending] = useState<Pending>(null);
  const [done, setDone] = useState('');
  const [elsewhere, setElsewhere] = useState<MethodOutput<'consent.withdraw'>['copiesElsewhere']>([]);
  const ids = { session: useId(), minutes: useId() };
  useEffect(() => void useSessions.getState().load(), []);
  const minutesValue = Number(minutes);
  const minutesOk = Number.isFinite(minutesValue) && minutesValue > 0;
  const chosen = sessions?.find((s) => s.id === sessionId);

  const refreshAll = async () => {
    await Promise.all([onErased(), useSessions.getState().load(), useConsent.getState().load(), useApps.getState().load(), useRecorder.getState().load()]);
  };
  const run = async () => {
    const what = pending;
    setPending(null);
    if (what === 'session' && chosen) {
      const r = await attempt(() => getApi()['sessions.delete']({ id: chosen.id }));
      if (r) setDone(`Deleted the session: ${countOf(r.events, 'event')} and ${countOf(r.frames, 'frame')} erased.`);
      setSessionId('');
    } else if (what === 'forget') {
      const r = await attempt(() => getApi()['data.forget']({ minutes: minutesValue }));
      if (r) setDone(`Forgot the last ${countOf(minutesValue, 'minute')}: ${countOf(r.events, 'event')}, ${countOf(r.frames, 'frame')} and ${countOf(r.deletedSessions, 'empty session')} erased.`);
    } else if (what === 'withdraw') {
      const r = await attempt(() => getApi()['consent.withdraw']({}));
      if (r) {
        setDone(`Consent withdrawn. ${countOf(r.sessions, 'session')}, ${countOf(r.events, 'event')} and ${countOf(r.frames, 'frame')} erased.`);
        setElsewhere(r.copiesElsewhere);
      }
    }
    await refreshAll();
  };

  return (
    <div className="card">
      <h2>Erase</h2>
      <p role="status" className={done ? 'notice ok' : 'visually-hidden'}>{done}</p>
      <CopiesElsewhere copies={elsewhere} />
      <div className="erase-grid">
        <form className="erase" onSubmit={(e) => { e.preventDefault(); if (chosen) setPending('session'); }}>
          <h3>Delete a session</h3>
          <label htmlFor={ids.session}>Session</label>
          <div className="inline-form">
            <select id={ids.session} value={sessionId} onChange={(e) => setSessionId(e.target.value)}>
              <option value="">Choose a session…</option>
              {sessions?.map((s) => (
                <option key={s.id} value={s.id}>{`${formatTime(s.startedAt)} · ${s.state} · ${s.apps.join(', ') || 'no app'}`}</option>
              ))}
            </select>
            <button type="submit" className="button danger" disabled={!chosen}>Delete</button>
          </div>
        </form>
        <form className="erase" onSubmit={(e) => { e.preventDefault(); if (minutesOk) setPending('forget'); }}>
          <h3>Forget the last minutes</h3>
          <label htmlFor={ids.minutes}>Minutes to forget</label>
          <div className="inline-form">
            <input id={ids.minutes} type="number" min={1} max={525600} step={1} inputMode="numeric" value={minutes} onChange={(e) => setMinutes(e.target.value)} />
            <button type="submit" className="button danger" disabled={!minutesOk}>Forget</button>
          </div>
        </form>
        <div className="erase">
          <h3>Withdraw consent</h3>
          <p className="small">Stops any recording and erases everything not exported. Only tombstones (ids and times) stay, so copies elsewhere can be purged.</p>
          <button type="button" className="button danger" onClick={() => setPending('withdraw')}>Withdraw consent</button>
        </div>
      </div>
      <ConfirmDialog
        open={pending !== null}
        title={pending === 'withdraw' ? 'Withdraw consent and erase everything?' : pending === 'forget' ? `Forget the last ${minutesValue} minutes?` : 'Delete this session?'}
        confirmLabel={pending === 'withdraw' ? 'Withdraw and erase' : pending === 'forget' ? 'Forget' : 'Delete session'}
        danger
        onCancel={() => setPending(null)}
        onConfirm={() => void run()}
      >
        {pending === 'withdraw' && <p>Recording stops, and every session, event and frame that was not exported is erased for good. You can agree again later.</p>}
        {pending === 'forget' && <p>Everything captured in the last {minutesValue} minutes is erased, in every session.</p>}
        {pending === 'session' && chosen && <p>The session of {formatTime(chosen.startedAt)} is erased for good.</p>}
      </ConfirmDialog>
    </div>
  );
}
