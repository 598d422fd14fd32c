// Cutting a time range out of the session: its events and frames are erased. Two inputs (seconds
// from the start, prefilled with the shown frame's span) and one confirmation.
import { useState } from 'react';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { formatDuration } from '../../../src/shared/format.ts';

interface Props {
  /** The shown frame's time, in ms from the start, offered as the range's start. */
  suggestFromMs: number;
  busy: boolean;
  onCut(fromMs: number, toMs: number): void;
}

export function CutRangeForm({ suggestFromMs, busy, onCut }: Props) {
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [confirming, setConfirming] = useState(false);
  const fromMs = Math.round(Number(from) * 1000);
  const toMs = Math.round(Number(to) * 1000);
  const valid = from !== '' && to !== '' && Number.isFinite(fromMs) && Number.isFinite(toMs) && fromMs >= 0 && toMs > fromMs;
  return (
    <form
      className="inline-form cut-form"
      aria-label="Cut a time range"
      onSubmit={(e) => {
        e.preventDefault();
        if (valid) setConfirming(true);
      }}
    >
      <label htmlFor="cut-from">From (s)</label>
      <input id="cut-from" type="number" min={0} step={0.1} className="short" value={from} onChange={(e) => setFrom(e.target.value)} />
      <label htmlFor="cut-to">To (s)</label>
      <input id="cut-to" type="number" min={0} step={0.1} className="short" value={to} onChange={(e) => setTo(e.target.value)} />
      <button type="button" className="button small" onClick={() => setFrom((suggestFromMs / 1000).toFixed(1))}>
        From the shown frame
      </button>
      <button type="submit" className="button danger small" disabled={!valid || busy}>
        Cut range
      </button>
      <ConfirmDialog
        open={confirming}
        title="Cut this range?"
        confirmLabel="Cut range"
        danger
        onCancel={() => setConfirming(false)}
        onConfirm={() => {
          setConfirming(false);
          onCut(fromMs, toMs);
        }}
      >
        <p>
          Every event and frame from {formatDuration(fromMs)} to {formatDuration(toMs)} is erased from the store for good.
        </p>
      </ConfirmDialog>
    </form>
  );
}
