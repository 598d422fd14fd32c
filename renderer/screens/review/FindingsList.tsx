// What the detectors (and reviewers) flagged in this session: detector, a masked preview, where it
// is and its status. Each open finding is redacted, or waived with a reason a reviewer writes. A
// frame where a typed secret may show unread is said so in words, and its Redact blacks out the
// whole frame; while one is open the list never reads as clean.
import { useState } from 'react';
import { isUnreadFrame, openUnreadFrames } from '../../../src/shared/finding-kinds.ts';
import type { Finding } from '../../stores/review-store.ts';

interface Props {
  findings: Finding[];
  busy: boolean;
  onScan(): void;
  onShow(finding: Finding): void;
  onResolve(finding: Finding, action: 'redact' | 'waive', reason: string): void;
}

export function FindingsList({ findings, busy, onScan, onShow, onResolve }: Props) {
  const open = findings.filter((f) => f.status === 'open').length;
  const unread = openUnreadFrames(findings);
  return (
    <section className="card findings" aria-labelledby="findings-title">
      <div className="findings-head">
        <h2 id="findings-title">Findings</h2>
        <button type="button" className="button small" onClick={onScan} disabled={busy}>
          Scan
        </button>
      </div>
      <p className="muted small" aria-live="polite">
        {findings.length === 0 ? 'No findings. Scan runs every detector on typed text, titles and frames.' : `${open} open of ${findings.length}.`}
      </p>
      {unread > 0 && (
        <p className="notice warn small" data-testid="unread-frames">
          {unread === 1 ? '1 frame' : `${unread} frames`} may show a secret that was typed (or shown in a title) in that window, and OCR could not find it there nor rule it out. Look at
          each: black out what shows it (or the whole frame), or waive it if nothing shows. The session cannot be approved until then.
        </p>
      )}
      <ul className="finding-list">
        {findings.map((f) => (
          <FindingItem key={f.id} finding={f} busy={busy} onShow={onShow} onResolve={onResolve} />
        ))}
      </ul>
    </section>
  );
}

function FindingItem({ finding: f, busy, onShow, onResolve }: { finding: Finding; busy: boolean } & Pick<Props, 'onShow' | 'onResolve'>) {
  const [waiving, setWaiving] = useState(false);
  const [reason, setReason] = useState('');
  const unread = isUnreadFrame(f);
  const keys = f.location.fromSeq !== undefined ? `keys #${f.location.fromSeq}–#${f.location.toSeq ?? f.location.fromSeq}` : undefined;
  const where = f.location.frameSeq !== undefined ? `frame #${f.location.frameSeq}${unread ? ', all of it' : ''}` : (keys ?? f.source);
  const typedAt = keys ? `typed at ${keys}` : f.location.windowSeq !== undefined ? `in the title of window #${f.location.windowSeq}` : 'typed';
  return (
    <li className={`finding status-${f.status}`} data-testid="finding">
      <div className="finding-line">
        <code className="detector">{f.detector}</code>
        <span className={`pill finding-${f.status}`}>{f.status}</span>
      </div>
      <p className="finding-preview">{f.preview}</p>
      {unread && f.status === 'open' && (
        <p className="small">
          May show the secret {typedAt}: OCR could not find it on this frame nor rule it out. Show the frame, then black out what shows it, or waive.
        </p>
      )}
      <p className="muted small">
        {f.source} · {where}
        {f.reason ? ` · ${f.reason}` : ''}
      </p>
      <div className="actions">
        {f.location.frameSeq !== undefined && (
          <button type="button" className="button small" onClick={() => onShow(f)}>
            Show
          </button>
        )}
        {f.status === 'open' && !waiving && (
          <>
            <button type="button" className="button danger small" disabled={busy} onClick={() => onResolve(f, 'redact', 'Redacted in review')}>
              {unread ? 'Black out frame' : 'Redact'}
            </button>
            <button type="button" className="button small" disabled={busy} onClick={() => setWaiving(true)}>
              Waive…
            </button>
          </>
        )}
      </div>
      {waiving && (
        <form
          className="waive-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (!reason.trim()) return;
            onResolve(f, 'waive', reason.trim());
            setWaiving(false);
          }}
        >
          <label htmlFor={`waive-${f.id}`}>Why is this not sensitive?</label>
          <input id={`waive-${f.id}`} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} autoFocus />
          <div className="actions">
            <button type="submit" className="button primary small" disabled={!reason.trim() || busy}>
              Waive
            </button>
            <button type="button" className="button small" onClick={() => setWaiving(false)}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </li>
  );
}
