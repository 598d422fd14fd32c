// My data's team-service card: what `cairn remote add | submit | sync | access-log` do, for a
// contributor in the app. It says where submitted sessions went, sends the ones not sent yet, sends
// this machine's erasures (a deleted session, a forget, a withdrawal) so they reach the service,
// and shows, per session, who on the service viewed, redacted, decided on or pulled it.
import { useCallback, useEffect, useId, useState } from 'react';
import { getApi } from '../api/get-api.ts';
import type { MethodOutput } from '../../src/shared/contract.ts';
import { accessInWords } from '../../src/shared/access-words.ts';
import { countOf, formatTime } from '../../src/shared/format.ts';
import { attempt } from '../stores/error-store.ts';
import { useSessions } from '../stores/sessions-store.ts';

type Link = MethodOutput<'remote.status'>;
type Access = MethodOutput<'remote.accessLog'>;

/** `changed` is any value that changes when local data may have (an erasure): the card reads its status again. */
export function TeamServiceCard({ changed }: { changed: unknown }) {
  const [link, setLink] = useState<Link | null>(null);
  const [done, setDone] = useState('');
  const [busy, setBusy] = useState(false);
  const [logs, setLogs] = useState<Record<string, Access>>({});
  const load = useCallback(async () => setLink((await attempt(() => getApi()['remote.status']({}))) ?? null), []);
  useEffect(() => void load(), [load, changed]);

  const act = async (call: () => Promise<string | undefined>) => {
    setBusy(true);
    try {
      const said = await call();
      if (said) setDone(said);
      await load();
    } finally {
      setBusy(false);
    }
  };
  const send = () =>
    act(async () => {
      const r = await attempt(() => getApi()['remote.submit']({ sessionIds: link!.unsent }));
      if (r) await useSessions.getState().load();
      return r && `Sent ${countOf(r.sessions.length, 'session')} to the team service; it verified and stored ${r.sessions.length === 1 ? 'it' : 'them'}.`;
    });
  const sync = () =>
    act(async () => {
      const r = await attempt(() => getApi()['remote.sync']({}));
      if (!r) return undefined;
      const erased = r.erased.length ? `Erased ${countOf(r.erased.length, 'session')} on the team service.` : 'The team service holds nothing this machine erased.';
      const pulled = r.erased.flatMap((e) => e.pulls).length;
      return [erased, pulled ? `${countOf(pulled, 'dataset')} pulled earlier held them; the service tells their researchers.` : '', r.policy ?? ''].filter(Boolean).join(' ');
    });
  const showLog = async (id: string) => {
    if (logs[id]) return setLogs(({ [id]: _, ...rest }) => rest);
    const log = await attempt(() => getApi()['remote.accessLog']({ id }));
    if (log) setLogs((l) => ({ ...l, [id]: log }));
  };

  return (
    <div className="card" aria-labelledby="team-title" role="region">
      <h2 id="team-title">Team service</h2>
      <p role="status" className={done ? 'notice ok' : 'visually-hidden'}>{done}</p>
      {!link ? (
        <p className="muted">Loading…</p>
      ) : !link.connected ? (
        <ConnectForm unsent={link.unsent.length} onConnected={(l) => (setLink(l), setDone(`Connected to ${l.url} as ${l.name} (${l.role}).`))} />
      ) : (
        <>
          <p>
            Connected to <code>{link.url}</code> as <strong>{link.name}</strong> ({link.role}). Your token stays in this data folder.
          </p>
          {link.erasuresWaiting > 0 && (
            <p className="notice warn" data-testid="erasures-waiting">
              {countOf(link.erasuresWaiting, 'session')} you erased here {link.erasuresWaiting === 1 ? 'is' : 'are'} still on the team service until you send your erasures.
            </p>
          )}
          <div className="inline-form">
            {link.unsent.length > 0 && (
              <button type="button" className="button" disabled={busy} onClick={() => void send()}>
                Send {countOf(link.unsent.length, 'submitted session')} to the team service
              </button>
            )}
            <button type="button" className={link.erasuresWaiting > 0 ? 'button primary' : 'button'} disabled={busy} onClick={() => void sync()}>
              Send erasures and take the organisation policy
            </button>
          </div>
          <SentTable link={link} logs={logs} onLog={(id) => void showLog(id)} />
        </>
      )}
    </div>
  );
}

function ConnectForm({ unsent, onConnected }: { unsent: number; onConnected(link: Link): void }) {
  const [url, setUrl] = useState('');
  const [token, setToken] = useState('');
  const ids = { url: useId(), token: useId() };
  const connect = async () => {
    const link = await attempt(() => getApi()['remote.connect']({ url, token }));
    if (link) {
      setToken('');
      onConnected(link);
    }
  };
  return (
    <form onSubmit={(e) => (e.preventDefault(), void connect())}>
      <p className="small">
        Not connected. If your team runs a Cairn service, connect with its URL and the token your admin gave you: submitted sessions can then be sent
        there, and your deletions and withdrawal reach it.{unsent > 0 && ` ${countOf(unsent, 'submitted session')} could be sent.`}
      </p>
      <label htmlFor={ids.url}>Service URL</label>
      <input id={ids.url} type="url" placeholder="https://cairn.example.org/" value={url} onChange={(e) => setUrl(e.target.value)} />
      <label htmlFor={ids.token}>Your token</label>
      <div className="inline-form">
        <input id={ids.token} type="password" autoComplete="off" value={token} onChange={(e) => setToken(e.target.value)} />
        <button type="submit" className="button primary" disabled={!url.trim() || !token.trim()}>Connect</button>
      </div>
    </form>
  );
}

function SentTable({ link, logs, onLog }: { link: Link; logs: Record<string, Access>; onLog(id: string): void }) {
  const sessions = useSessions((s) => s.list);
  if (link.sent.length === 0) return <p className="muted small">Nothing sent to the team service from here yet.</p>;
  const labelOf = (id: string) => sessions?.find((s) => s.id === id)?.task ?? `Session ${id.slice(0, 8)}`;
  return (
    <table className="table compact" aria-label="Sent to the team service">
      <thead>
        <tr><th scope="col">Session</th><th scope="col">Sent</th><th scope="col">On the service</th><th scope="col"><span className="visually-hidden">Access log</span></th></tr>
      </thead>
      <tbody>
        {link.sent.map((s) => (
          <SentRow key={s.id} label={labelOf(s.id)} sent={s} log={logs[s.id]} onLog={() => onLog(s.id)} />
        ))}
      </tbody>
    </table>
  );
}

function SentRow({ label, sent, log, onLog }: { label: string; sent: Link['sent'][number]; log: Access | undefined; onLog(): void }) {
  return (
    <>
      <tr>
        <td>{label}</td>
        <td>{formatTime(sent.at)}</td>
        <td>{sent.erasedThere ? 'erased there' : 'held there'}</td>
        <td>
          <button type="button" className="button small" aria-expanded={log !== undefined} onClick={onLog}>
            {log ? 'Hide access log' : 'Access log'}
          </button>
        </td>
      </tr>
      {log && (
        <tr>
          <td colSpan={4}>
            <ul className="access-log" aria-label={`Access log of ${label}`}>
              {log.length === 0 && <li className="muted">No one has opened it yet.</li>}
              {log.map((e, i) => (
                <li key={i}>
                  {formatTime(e.at)}: <strong>{e.who}</strong> ({e.role}) {accessInWords(e.action, e.detail)}
                </li>
              ))}
            </ul>
          </td>
        </tr>
      )}
    </>
  );
}
