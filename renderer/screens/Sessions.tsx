// Sessions: the list, or one open session.
import { useEffect } from 'react';
import { formatCount } from '../../src/shared/format.ts';
import { useNav } from '../stores/nav-store.ts';
import { useSessions } from '../stores/sessions-store.ts';
import { SessionList } from './SessionList.tsx';
import { SessionView } from './SessionView.tsx';

export function Sessions() {
  const openId = useNav((s) => s.openSessionId);
  const { list, load } = useSessions();
  useEffect(() => void load(), [load]);
  if (openId) return <SessionView id={openId} />;
  return (
    <section aria-labelledby="sessions-title" className="screen">
      <h1 id="sessions-title">Sessions</h1>
      <p className="lead">{list ? `${formatCount(list.length)} session${list.length === 1 ? '' : 's'}, newest first.` : 'Loading…'}</p>
      {list && list.length > 0 && <SessionList sessions={list} />}
      {list?.length === 0 && <p className="card muted">No sessions yet. Record one under Record.</p>}
    </section>
  );
}
