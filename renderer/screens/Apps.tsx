// Apps: every app is denied until allowed, each with what may be captured from it (a browser: on
// every site, or on the sites named). Allowing a sensitive app takes two confirmations, the second
// naming the app again.
import { useEffect, useId, useState } from 'react';
import { useApps, type AppEntry } from '../stores/apps-store.ts';
import { AppRow, type Draft } from './AppRow.tsx';
import { SensitiveConfirm } from './SensitiveConfirm.tsx';

export function Apps() {
  const { apps, org, load, set } = useApps();
  const [pending, setPending] = useState<{ app: AppEntry; draft: Draft } | null>(null);
  const [newApp, setNewApp] = useState('');
  const inputId = useId();
  useEffect(() => void load(), [load]);

  const allow = (app: AppEntry, draft: Draft) => {
    if (app.sensitive) setPending({ app, draft });
    else void set({ app: app.app, allowed: true, ...draft });
  };
  const allowedCount = apps?.filter((a) => a.allowed).length ?? 0;

  return (
    <section aria-labelledby="apps-title" className="screen">
      <h1 id="apps-title">Apps</h1>
      <p className="lead">
        Cairn records only in the apps you allow here. Every app starts denied. {apps && `${allowedCount} of ${apps.length} allowed.`}
      </p>
      <div className="card flush">
        <table className="table apps-table">
          <caption className="visually-hidden">Apps and what Cairn may capture from each</caption>
          <thead>
            <tr>
              <th scope="col">App</th>
              <th scope="col">Status</th>
              <th scope="col">Keys</th>
              <th scope="col">Screens</th>
              <th scope="col">Titles</th>
              <th scope="col">Sites</th>
              <th scope="col"><span className="visually-hidden">Actions</span></th>
            </tr>
          </thead>
          <tbody>
            {apps?.map((app) => (
              <AppRow key={app.app} app={app} org={org} onAllow={allow} onDeny={(a) => void set({ app: a.app, allowed: false, keys: a.keys, screens: a.screens, titles: a.titles })} />
            ))}
            {apps?.length === 0 && (
              <tr>
                <td colSpan={7} className="muted">No app seen yet. Open the app you want to record, or add it below.</td>
              </tr>
            )}
          </tbody>
        </table>
      </div>

      <form
        className="card add-app"
        onSubmit={async (e) => {
          e.preventDefault();
          if (newApp.trim() && (await set({ app: newApp.trim(), allowed: false }))) setNewApp('');
        }}
      >
        <h2>Add an app before it has run</h2>
        <label htmlFor={inputId}>App identity</label>
        <p className="muted small" id={`${inputId}-hint`}>
          The WM_CLASS class on Linux (for example XTerm or firefox), the bundle id on macOS, the executable name on Windows. It is
          added denied.
        </p>
        <div className="inline-form">
          <input id={inputId} aria-describedby={`${inputId}-hint`} value={newApp} onChange={(e) => setNewApp(e.target.value)} maxLength={256} />
          <button type="submit" className="button" disabled={!newApp.trim()}>
            Add app
          </button>
        </div>
      </form>

      <SensitiveConfirm
        pending={pending}
        onCancel={() => setPending(null)}
        onConfirmed={(p) => {
          setPending(null);
          void set({ app: p.app.app, allowed: true, ...p.draft, confirmSensitive: 2 });
        }}
      />
    </section>
  );
}
