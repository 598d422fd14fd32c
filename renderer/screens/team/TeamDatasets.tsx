// A researcher's datasets: the approved sessions a pull would hold now, each dataset they pulled
// with the sessions withdrawn since (to purge from their copy), and the exact `cairn remote pull`
// command, which is where datasets are written (a pull writes files on the researcher's machine,
// which a browser tab cannot do with the export writers).
import { formatTime, plural } from '../../../src/shared/format.ts';
import type { MyPulls } from '../../../src/shared/team-roles-api.ts';
import { getTeamApi } from '../../api/get-api.ts';
import { useTeamLoad } from './useTeamLoad.ts';

const REASON_WORDS = { deleted: 'deleted by its contributor', forgotten: 'cut into by its contributor (forget)', withdrawn: 'its contributor withdrew consent' } as const;

export function TeamDatasets() {
  const { data, problem } = useTeamLoad<MyPulls>(() => getTeamApi().myPulls());
  const stale = data?.pulls.filter((p) => p.withdrawn.length > 0) ?? [];
  return (
    <section aria-labelledby="datasets-title" className="screen">
      <h1 id="datasets-title">Datasets</h1>
      {problem && (
        <p className="notice warn" role="alert">
          {problem}
        </p>
      )}
      {data && (
        <>
          {stale.length > 0 && (
            <div className="notice warn" role="status">
              <p>
                <strong>{plural(stale.reduce((n, p) => n + p.withdrawn.length, 0), 'session')} in your datasets {stale.length === 1 && stale[0]!.withdrawn.length === 1 ? 'was' : 'were'} withdrawn since you pulled {stale.length === 1 ? 'it' : 'them'}.</strong>{' '}
                Delete {stale.length === 1 && stale[0]!.withdrawn.length === 1 ? 'it' : 'them'} from your copies and from anything trained or derived from them. To list them in a dataset folder:
              </p>
              <pre className="command">{stale.map((p) => `cairn remote pull --out ${shellWord(p.destination)}`).join('\n')}</pre>
            </div>
          )}
          <div className="card">
            <h2>Pull the approved sessions</h2>
            {data.approved.length === 0 ? (
              <p>No session is approved on this service yet; there is nothing to pull.</p>
            ) : (
              <p>
                {plural(data.approved.length, 'session')} {data.approved.length === 1 ? 'is' : 'are'} approved. Pull them as a dataset, from the data folder you ran{' '}
                <code>cairn remote add</code> in:
              </p>
            )}
            {data.approved.length > 0 && (
              <>
                <pre className="command">cairn remote pull --out DATASET_DIR --format hf</pre>
                <p className="muted small">
                  Formats: <code>cairn</code> (the default), <code>pyautogui</code>, <code>computer13</code>, <code>computer-use</code>, <code>hf</code>. Only approved sessions are
                  pulled; each pull is written in every contributor's access log.
                </p>
                <table className="table" aria-label="Approved sessions">
                  <thead>
                    <tr>
                      <th scope="col">Session</th><th scope="col">Approved by</th><th scope="col">Approved</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.approved.map((s) => (
                      <tr key={s.id}>
                        <td><code className="hash">{s.id}</code></td>
                        <td>{s.reviewer}</td>
                        <td>{formatTime(s.approvedAt)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </>
            )}
          </div>
          <div className="card flush">
            <table className="table pulls-table" aria-label="Datasets you pulled">
              <caption>Datasets you pulled</caption>
              <thead>
                <tr>
                  <th scope="col">Pulled</th><th scope="col">Format</th><th scope="col">Written to</th><th scope="col" className="num">Sessions</th><th scope="col">Withdrawn since</th>
                </tr>
              </thead>
              <tbody>
                {data.pulls.map((p) => (
                  <tr key={p.id} className={p.withdrawn.length ? 'has-withdrawn' : undefined}>
                    <td>{formatTime(p.at)}</td>
                    <td>{p.format}</td>
                    <td><code className="path">{p.destination}</code></td>
                    <td className="num">{p.sessions}</td>
                    <td>
                      {p.withdrawn.length === 0
                        ? 'none'
                        : p.withdrawn.map((w) => (
                            <div key={w.id} className="withdrawn">
                              <span className="pill state-rejected">purge</span> <code className="hash">{w.id}</code>: {REASON_WORDS[w.reason]}, {formatTime(w.erasedAt)}
                            </div>
                          ))}
                    </td>
                  </tr>
                ))}
                {data.pulls.length === 0 && (
                  <tr>
                    <td colSpan={5} className="muted">You have not pulled a dataset yet.</td>
                  </tr>
                )}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}

/** A folder as a shell word: quoted when it holds anything but safe characters. */
function shellWord(text: string): string {
  return /^[\w./~:@%+-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}
