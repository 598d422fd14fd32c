// Retention and storage settings: sessions not submitted are deleted after N days (or never);
// recording stops at the storage budget or when free disk runs low.
import { useId, useState } from 'react';
import type { MethodOutput } from '../../src/shared/contract.ts';
import { useData } from '../stores/data-store.ts';

const MB = 1024 * 1024;

export function SettingsForm({ settings }: { settings: MethodOutput<'settings.get'> }) {
  const save = useData((s) => s.saveSettings);
  const [keepForever, setKeepForever] = useState(settings.retentionDays === null);
  const [days, setDays] = useState(String(settings.retentionDays ?? 30));
  const [budgetMb, setBudgetMb] = useState(String(Math.round(settings.storageBudgetBytes / MB)));
  const [freeMb, setFreeMb] = useState(String(Math.round(settings.minFreeDiskBytes / MB)));
  const [saved, setSaved] = useState(false);
  const id = useId();
  return (
    <form
      className="card settings"
      onSubmit={async (e) => {
        e.preventDefault();
        setSaved(false);
        const ok = await save({
          retentionDays: keepForever ? null : Math.round(Number(days)),
          storageBudgetBytes: Math.round(Number(budgetMb) * MB),
          minFreeDiskBytes: Math.round(Number(freeMb) * MB),
        });
        setSaved(ok);
      }}
    >
      <h2>Retention and storage</h2>
      <fieldset>
        <legend>Sessions you have not submitted</legend>
        <div className="radio">
          <input type="radio" id={`${id}-never`} name="retention" checked={keepForever} onChange={() => setKeepForever(true)} />
          <label htmlFor={`${id}-never`}>Keep until I delete them</label>
        </div>
        <div className="radio">
          <input type="radio" id={`${id}-after`} name="retention" checked={!keepForever} onChange={() => setKeepForever(false)} />
          <label htmlFor={`${id}-after`}>Delete them automatically after</label>
          <input
            type="number"
            className="short"
            aria-label="Days before unsubmitted sessions are deleted"
            min={1}
            max={3650}
            value={days}
            disabled={keepForever}
            onChange={(e) => setDays(e.target.value)}
          />
          <span>days</span>
        </div>
      </fieldset>
      <div className="field">
        <label htmlFor={`${id}-budget`}>Storage budget (MB)</label>
        <input id={`${id}-budget`} type="number" className="short" min={1} value={budgetMb} onChange={(e) => setBudgetMb(e.target.value)} />
        <span className="muted small">Recording stops with a message when all sessions together reach it.</span>
      </div>
      <div className="field">
        <label htmlFor={`${id}-free`}>Minimum free disk (MB)</label>
        <input id={`${id}-free`} type="number" className="short" min={0} value={freeMb} onChange={(e) => setFreeMb(e.target.value)} />
        <span className="muted small">Recording stops when the disk has less free space than this.</span>
      </div>
      <div className="actions">
        <button type="submit" className="button primary">Save settings</button>
        <span role="status" className="muted small">{saved ? 'Saved.' : ''}</span>
      </div>
    </form>
  );
}
