// The UI as the team service serves it: a sign-in with the token `cairn server add-user` printed
// (typed once, kept for this tab only), then the screen of the token's role: the reviewer's queue
// and one session at a time, a contributor's data on the service, a researcher's datasets, and the
// policy, counts and documents of admins and the works council.
import { type FormEvent, useEffect, useState } from 'react';
import type { Me } from '../../../src/shared/team-review-api.ts';
import { getTeamApi } from '../../api/get-api.ts';
import { TeamDatasets } from './TeamDatasets.tsx';
import { TeamGovernance } from './TeamGovernance.tsx';
import { TeamMyData } from './TeamMyData.tsx';
import { TeamQueue } from './TeamQueue.tsx';
import { TeamSession } from './TeamSession.tsx';

export function TeamApp() {
  const api = getTeamApi();
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const [openId, setOpenId] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  useEffect(() => {
    // A reload of a signed-in tab stays signed in; a revoked token lands on the sign-in again.
    api.me().then(setMe, () => {
      api.signOut();
      setMe(null);
    });
  }, [api]);
  if (me === undefined) return <main className="main team">Loading…</main>;
  if (me === null) return <SignIn onSignedIn={setMe} />;
  return (
    <main className="main team" id="main">
      <header className="screen-head team-head">
        <p className="muted">
          Signed in to the team service as <strong>{me.name}</strong> ({me.role}).
        </p>
        <button type="button" className="button small" onClick={() => (api.signOut(), setMe(null), setOpenId(null))}>
          Sign out
        </button>
      </header>
      {me.role === 'contributor' && <TeamMyData name={me.name} />}
      {me.role === 'researcher' && <TeamDatasets />}
      {(me.role === 'admin' || me.role === 'council') && <TeamGovernance role={me.role} />}
      {me.role === 'reviewer' &&
        (openId ? (
          <TeamSession
            id={openId}
            onBack={() => setOpenId(null)}
            onDone={(words) => {
              setDone(words);
              setOpenId(null);
            }}
          />
        ) : (
          <TeamQueue done={done} onOpen={(id) => (setDone(null), setOpenId(id))} />
        ))}
    </main>
  );
}

function SignIn({ onSignedIn }: { onSignedIn: (me: Me) => void }) {
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    getTeamApi().signIn(token).then(onSignedIn, (err: Error) => setError(err.message));
  };
  return (
    <main className="main team" id="main">
      <section aria-labelledby="sign-in-title" className="screen sign-in">
        <h1 id="sign-in-title">Sign in to the team service</h1>
        <p className="lead">Paste the token `cairn server add-user` printed for you. It is kept in this tab only, until you close it or sign out.</p>
        <form className="card" onSubmit={submit}>
          <label htmlFor="team-token">Your token</label>
          <input id="team-token" type="password" autoComplete="off" spellCheck={false} value={token} onChange={(e) => setToken(e.target.value)} />
          <button type="submit" className="button primary" disabled={!token.trim()}>
            Sign in
          </button>
        </form>
        {error && (
          <p className="notice warn" role="alert">
            {error}
          </p>
        )}
      </section>
    </main>
  );
}
