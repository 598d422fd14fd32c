// My data: everything stored about the person in figures, the ways to erase it (a session, the
// last N minutes, everything by withdrawing consent), the team service sessions were sent to, and
// retention and storage settings.
import { useEffect } from 'react';
import { Figure } from '../components/Figure.tsx';
import { formatBytes, formatCount, formatTime } from '../../src/shared/format.ts';
import { useData } from '../stores/data-store.ts';
import { EraseActions } from './EraseActions.tsx';
import { AuditTable } from './SessionView.tsx';
import { SettingsForm } from './SettingsForm.tsx';
import { TeamServiceCard } from './TeamServiceCard.tsx';

export function MyData() {
  const { data, settings, load } = useData();
  useEffect(() => void load(), [load]);
  return (
    <section aria-labelledby="data-title" className="screen">
      <h1 id="data-title">My data</h1>
      <p className="lead">Everything Cairn stores about you is on this computer{data && <>, in <code>{data.dataDir}</code></>}.</p>
      <div className="card">
        <h2>What is stored</h2>
        {data ? (
          <dl className="figures">
            <Figure label="Sessions" value={formatCount(data.sessions)} />
            <Figure label="Events" value={formatCount(data.events)} />
            <Figure label="Frames" value={formatCount(data.frames)} />
            <Figure label="On disk" value={formatBytes(data.bytes)} />
            <Figure label="Free disk" value={data.freeDiskBytes === null ? 'unknown' : formatBytes(data.freeDiskBytes)} />
            <Figure label="Tombstones" value={formatCount(data.tombstones)} />
          </dl>
        ) : (
          <p className="muted">Loading…</p>
        )}
        {data && (
          <p className="small" data-testid="encryption">
            {data.encryption.encrypted ? (
              `Encrypted at rest (ChaCha20-Poly1305); the key is held by ${data.encryption.keyStore}.`
            ) : (
              <>
                Not encrypted at rest: the files are private to your user account but readable by anything running as you. To encrypt them
                with a key kept in your system's secret store, quit Cairn and run <code>cairn encryption enable</code>.
              </>
            )}
          </p>
        )}
        {data && (
          <p className="small">
            {data.consent
              ? `Consent: version ${data.consent.version}, accepted ${formatTime(data.consent.acceptedAt)}${data.consent.current ? '' : ' (an older text)'}.`
              : 'Consent: not given.'}
          </p>
        )}
      </div>
      <EraseActions onErased={load} />
      <TeamServiceCard changed={data} />
      {settings && <SettingsForm settings={settings} />}
      <div className="card">
        <h2>Audit log</h2>
        <p className="muted small">Who did what, when. It never holds captured content.</p>
        {data && <AuditTable audit={data.audit.slice(-100).reverse()} />}
      </div>
    </section>
  );
}
