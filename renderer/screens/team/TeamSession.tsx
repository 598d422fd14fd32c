// One session on the team service: its frames one at a time, its windows and titles, the findings
// as the service counts them (a bundle's own waivers do not count there; the service's own
// detectors add theirs), and for each open one a redaction or a waiver with a reason; a title, the
// task or a box on the shown frame can be redacted too (destroyed on the service for good), then
// the decision. The service refuses approval while its detectors are checking or a finding is
// open; its sentence is shown as it comes.
import { type FormEvent, useEffect, useState } from 'react';
import { formatTime } from '../../../src/shared/format.ts';
import type { RedactRequest, SessionDetail } from '../../../src/shared/team-review-api.ts';
import { getTeamApi } from '../../api/get-api.ts';
import type { Box } from '../../stores/review-store.ts';
import { BoxForm } from '../review/BoxForm.tsx';

/** How often a session being checked by the service's detectors is asked again. */
const CHECKING_POLL_MS = 1000;

export function TeamSession({ id, onBack, onDone }: { id: string; onBack: () => void; onDone: (words: string) => void }) {
  const api = getTeamApi();
  const [detail, setDetail] = useState<SessionDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [loads, setLoads] = useState(0);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    api.session(id).then(setDetail, (err: Error) => setError(err.message));
  }, [api, id, loads]);
  useEffect(() => {
    if (!detail?.checking) return;
    const timer = setTimeout(() => setLoads((n) => n + 1), CHECKING_POLL_MS);
    return () => clearTimeout(timer);
  }, [detail]);
  const fail = (err: Error) => setError(err.message);
  const redact = (request: RedactRequest) => {
    setError(null);
    setBusy(true);
    api
      .redact(id, request)
      .then(() => setLoads((n) => n + 1), fail)
      .finally(() => setBusy(false));
  };
  const editable = detail?.state === 'submitted' && !detail.checking;
  const approve = () => {
    setError(null);
    api.approve(id).then((s) => onDone(`The session of ${s.contributor} was approved by ${s.decidedBy}.`), fail);
  };
  const reject = (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    api.reject(id, reason).then((s) => onDone(`The session of ${s.contributor} was rejected by ${s.decidedBy}: ${s.reason}`), fail);
  };
  const open = detail?.findings.filter((f) => f.status === 'open').length ?? 0;
  return (
    <section aria-labelledby="team-session-title" className="screen">
      <div className="screen-head">
        <h1 id="team-session-title">Session of {detail?.contributor ?? '…'}</h1>
        <button type="button" className="button small" onClick={onBack}>
          Back to the queue
        </button>
      </div>
      {error && (
        <p className="notice warn" role="alert">
          {error}
        </p>
      )}
      {detail && (
        <>
          <p className="lead">
            Submitted {formatTime(detail.submittedAt)}; {detail.events} events, {detail.frames} frames; consent {detail.consent.version}.
          </p>
          {detail.checking && (
            <p className="notice" role="status">
              The service's own detectors are still checking this session (typed text, titles, task, the text on every frame); it can be approved once they are done.
            </p>
          )}
          {detail.frameList.length > 0 && (
            <FrameStepper id={id} frames={detail.frameList} revision={loads} busy={busy} onRedactBox={editable ? (frameSeq, box) => redact({ kind: 'box', frameSeq, box }) : null} />
          )}
          <p>
            Task: {detail.task ?? '(none)'}{' '}
            {editable && detail.task !== null && (
              <button type="button" className="button danger small" disabled={busy} onClick={() => redact({ kind: 'task' })}>
                Redact the task
              </button>
            )}
          </p>
          <div className="card flush">
            <table className="table compact" aria-label="Windows">
              <thead>
                <tr><th scope="col">Window</th><th scope="col">App</th><th scope="col">Title</th></tr>
              </thead>
              <tbody>
                {detail.windows.map((w) => (
                  <tr key={w.seq}>
                    <td>{w.seq}</td>
                    <td>{w.app}</td>
                    <td>
                      {w.title ?? '(not kept)'}{' '}
                      {editable && w.title !== null && (
                        <button type="button" className="button danger small" disabled={busy} onClick={() => redact({ kind: 'title', windowSeq: w.seq })} aria-label={`Redact the title of window ${w.seq}`}>
                          Redact title
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="card flush">
            <table className="table compact" aria-label="Findings">
              <thead>
                <tr><th scope="col">Finding</th><th scope="col">Found by</th><th scope="col">Where</th><th scope="col">What</th><th scope="col">On this service</th></tr>
              </thead>
              <tbody>
                {detail.findings.map((f) => (
                  <tr key={f.n}>
                    <td>{f.n}</td>
                    <td>{f.foundBy === 'service' ? 'this service' : 'contributor'}</td>
                    <td>{f.frameSeq !== null ? `frame ${f.frameSeq}` : f.source}</td>
                    <td>{f.detector}: {f.preview}</td>
                    <td>
                      {f.status}
                      {f.waivedBy ? ` by ${f.waivedBy}` : ''}
                      {f.status === 'open' && editable && (
                        <>
                          {' '}
                          <button type="button" className="button danger small" disabled={busy} onClick={() => redact({ kind: 'finding', finding: f.n })} aria-label={`Redact finding ${f.n}`}>
                            Redact
                          </button>
                          <WaiveForm n={f.n} onWaive={(why) => api.waive(id, f.n, why).then(() => (setError(null), setLoads(loads + 1)), fail)} />
                        </>
                      )}
                    </td>
                  </tr>
                ))}
                {detail.findings.length === 0 && <tr><td colSpan={5}>{detail.checking ? 'None yet: the service is still checking.' : 'No finding.'}</td></tr>}
              </tbody>
            </table>
          </div>
          {detail.state === 'submitted' && (
            <div className="card team-decision">
              <p>
                {detail.checking
                  ? 'The service refuses approval until its detectors are done.'
                  : open
                    ? `${open} finding${open === 1 ? ' is' : 's are'} open: the service refuses approval until each is redacted here (destroyed for good) or waived as no secret.`
                    : 'No finding is open.'}
              </p>
              <button type="button" className="button primary" onClick={approve}>
                Approve
              </button>
              <form onSubmit={reject}>
                <label htmlFor="reject-reason">Reason for the contributor</label>
                <textarea id="reject-reason" rows={2} value={reason} onChange={(e) => setReason(e.target.value)} />
                <button type="submit" className="button danger" disabled={!reason.trim()}>
                  Reject
                </button>
              </form>
            </div>
          )}
        </>
      )}
    </section>
  );
}

/** Waives one finding as no secret, with the reason the service seals with the session. */
function WaiveForm({ n, onWaive }: { n: number; onWaive: (reason: string) => void }) {
  const [why, setWhy] = useState('');
  return (
    <form
      className="waive-form"
      onSubmit={(e) => {
        e.preventDefault();
        onWaive(why);
      }}
    >
      <input aria-label={`Why finding ${n} is no secret`} value={why} onChange={(e) => setWhy(e.target.value)} />
      <button type="submit" className="button small" disabled={!why.trim()}>
        Waive
      </button>
    </form>
  );
}

/** The frames one at a time, each fetched with the token and shown through a blob: URL (again
 *  after each redaction: `revision`), with the desktop review's box form to black out a box. */
function FrameStepper({ id, frames, revision, busy, onRedactBox }: { id: string; frames: SessionDetail['frameList']; revision: number; busy: boolean; onRedactBox: ((frameSeq: number, box: Box) => void) | null }) {
  const [at, setAt] = useState(0);
  const [url, setUrl] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [box, setBox] = useState<Box | null>(null);
  const frame = frames[at]!;
  const seq = frame.seq;
  useEffect(() => {
    let made: string | null = null;
    let gone = false;
    getTeamApi()
      .frameUrl(id, seq)
      .then(
        (u) => {
          // Stepped on before it arrived: nothing will show it.
          if (gone) return URL.revokeObjectURL(u);
          made = u;
          setUrl(u);
        },
        (err: Error) => setError(err.message),
      );
    return () => {
      gone = true;
      if (made) URL.revokeObjectURL(made);
    };
  }, [id, seq, revision]);
  return (
    <figure className="card team-frame">
      {url ? <img src={url} alt={`Frame ${seq} of the session`} /> : <p className="muted">{error ?? 'Loading the frame…'}</p>}
      <figcaption>
        <button type="button" className="button small" disabled={at === 0} onClick={() => setAt(at - 1)}>
          Previous frame
        </button>{' '}
        Frame {at + 1} of {frames.length}{' '}
        <button type="button" className="button small" disabled={at === frames.length - 1} onClick={() => setAt(at + 1)}>
          Next frame
        </button>
      </figcaption>
      {onRedactBox && (
        <BoxForm
          box={box}
          frameWidth={frame.width}
          frameHeight={frame.height}
          busy={busy}
          onBox={setBox}
          onRedact={(b) => {
            onRedactBox(seq, b);
            setBox(null);
          }}
        />
      )}
    </figure>
  );
}
