// Onboarding and consent: what Cairn captures and never does, the consent text, and an explicit
// acceptance (an unticked box, a button enabled only once it is ticked). "Not now" keeps Cairn
// usable for review only.
import { useEffect, useId, useState } from 'react';
import { ConsentText } from '../components/ConsentText.tsx';
import { formatTime } from '../../src/shared/format.ts';
import { useConsent, isConsentCurrent } from '../stores/consent-store.ts';
import { useNav } from '../stores/nav-store.ts';

export function Onboarding() {
  const { info, reviewOnly, load, accept, decline } = useConsent();
  const go = useNav((s) => s.go);
  const [agreed, setAgreed] = useState(false);
  const checkboxId = useId();
  useEffect(() => void load(), [load]);
  const current = isConsentCurrent(info);
  const changed = info?.accepted && !info.accepted.current;

  return (
    <section aria-labelledby="onboarding-title" className="screen">
      <h1 id="onboarding-title">Consent</h1>
      <div className="columns">
        <div className="card">
          <h2>What Cairn captures</h2>
          <ul className="checklist">
            <li>Only after you agree, only in the apps you allow, only while you press Record.</li>
            <li>Keys, clicks and scrolling in those apps — or only key timing, as you choose per app.</li>
            <li>Screenshots of the allowed app's window, around your actions; the rest is blacked out.</li>
          </ul>
        </div>
        <div className="card">
          <h2>What Cairn never does</h2>
          <ul className="crosslist">
            <li>Record an app you have not allowed, or guess when it cannot tell which app has focus.</li>
            <li>Record Cairn's own windows, or send anything anywhere while you record.</li>
            <li>Keep anything you delete: you can see, erase and withdraw at any time.</li>
          </ul>
        </div>
      </div>

      {current && info?.accepted && (
        <p className="notice ok" role="status">
          You accepted version {info.accepted.version} of the consent text on {formatTime(info.accepted.acceptedAt)}. You can
          withdraw at any time under My data.
        </p>
      )}
      {changed && (
        <p className="notice warn" role="status">
          The consent text has changed since you accepted it. Cairn will not record until you read it and agree again.
        </p>
      )}
      {reviewOnly && !current && (
        <p className="notice" role="status">
          You chose not now. You can still look at and erase your data; recording stays off until you agree.
        </p>
      )}

      <div className="card consent-card" tabIndex={0} role="region" aria-label="The consent text">
        <h2>{info?.title ?? 'The consent text'}</h2>
        {info ? <ConsentText text={info.text} baseLevel={3} /> : <p>Loading the consent text…</p>}
        {info && <p className="muted small">Version {info.version} · sha256 {info.sha256.slice(0, 16)}…</p>}
      </div>

      {info && !current && (
        <form
          className="accept-bar"
          onSubmit={async (e) => {
            e.preventDefault();
            if (agreed && (await accept())) go('apps');
          }}
        >
          <div className="check">
            <input id={checkboxId} type="checkbox" checked={agreed} onChange={(e) => setAgreed(e.target.checked)} />
            <label htmlFor={checkboxId}>I have read this and agree</label>
          </div>
          <div className="actions">
            <button type="button" className="button" onClick={() => { decline(); go('sessions'); }}>
              Not now
            </button>
            <button type="submit" className="button primary" disabled={!agreed}>
              Accept
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
