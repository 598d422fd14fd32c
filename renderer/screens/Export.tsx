// Export: approved sessions as training trajectories. Choose sessions and a format (its preview
// shows the first steps as the consumer will read them), name an empty folder, Run; the core checks
// every session again (approved, no open finding) and records the export, which the list below and
// My data show.
import { useEffect, useId, useState } from 'react';
import { countOf, formatBytes, formatCount } from '../../src/shared/format.ts';
import { type ExportFormat, useExport } from '../stores/export-store.ts';
import { ExportPreview } from './ExportPreview.tsx';
import { ExportSessionTable } from './ExportSessionTable.tsx';
import { PastExports } from './PastExports.tsx';

const FORMATS: { value: ExportFormat; label: string; hint: string }[] = [
  { value: 'cairn', label: 'Cairn', hint: 'manifest.json with provenance and checksums, episodes as JSONL, frames as image files' },
  { value: 'pyautogui', label: 'pyautogui', hint: 'steps as pyautogui code, as OSWorld and AgentNet use it' },
  { value: 'computer13', label: 'OSWorld computer_13', hint: 'the computer_13 action JSON' },
  { value: 'computer-use', label: 'Computer use', hint: 'the computer-use tool actions of the major model APIs' },
  { value: 'hf', label: 'Hugging Face', hint: 'a layout the datasets library loads, with image bytes' },
];

export function Export() {
  const { sessions, exports, runningSince, progress, result, refusal, load, run } = useExport();
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const [format, setFormat] = useState<ExportFormat>('cairn');
  const [outDir, setOutDir] = useState('');
  const ids = { folder: useId(), hint: useId() };
  useEffect(() => void load(), [load]);
  const approved = sessions?.filter((s) => s.state === 'approved') ?? [];
  const picked = approved.filter((s) => chosen.has(s.id)).map((s) => s.id);
  const absolute = /^(\/|[A-Za-z]:[\\/])/.test(outDir.trim());
  const toggle = (id: string) =>
    setChosen((prev) => {
      const next = new Set(prev);
      if (!next.delete(id)) next.add(id);
      return next;
    });

  return (
    <section aria-labelledby="export-title" className="screen">
      <h1 id="export-title">Export</h1>
      <p className="lead">Only sessions a reviewer approved, with no open finding, can leave this computer. Every export is recorded, with the checksum of its manifest, under My data.</p>

      <div className="card flush">
        <div className="card-head">
          <h2>Sessions</h2>
          <button type="button" className="button small" disabled={approved.length === 0} onClick={() => setChosen(new Set(approved.map((s) => s.id)))}>
            Choose all approved ({approved.length})
          </button>
        </div>
        {sessions === null && <p className="muted card-body">Loading…</p>}
        {sessions?.length === 0 && <p className="muted card-body">No sessions yet.</p>}
        {sessions && sessions.length > 0 && <ExportSessionTable sessions={sessions} chosen={chosen} onToggle={toggle} />}
      </div>

      <form
        className="card export-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (picked.length && absolute) void run({ sessionIds: picked, format, outDir: outDir.trim() });
        }}
      >
        <fieldset>
          <legend>Format</legend>
          <div className="format-list">
            {FORMATS.map((f) => (
              <label key={f.value} className={`format-option${format === f.value ? ' chosen' : ''}`}>
                <input type="radio" name="format" value={f.value} checked={format === f.value} onChange={() => setFormat(f.value)} />
                <span>
                  <span className="format-name">{f.label}</span>
                  <span className="muted small">{f.hint}</span>
                </span>
              </label>
            ))}
          </div>
        </fieldset>
        <label htmlFor={ids.folder}>Output folder</label>
        <div className="inline-form">
          <input id={ids.folder} type="text" className="path-input" placeholder="/home/me/trajectories/batch-1" value={outDir} onChange={(e) => setOutDir(e.target.value)} aria-describedby={ids.hint} spellCheck={false} />
          <button type="submit" className="button primary" disabled={picked.length === 0 || !absolute || runningSince !== null}>
            {runningSince !== null ? 'Exporting…' : picked.length === 0 ? 'Export' : `Export ${picked.length} session${picked.length === 1 ? '' : 's'}`}
          </button>
        </div>
        <p id={ids.hint} className="muted small">An absolute path to a new or empty folder outside Cairn’s data folder; it is created if missing.</p>
        <RunStatus runningSince={runningSince} progress={progress} result={result} refusal={refusal} />
      </form>

      <div className="card">
        <h2>Preview: what the consumer reads</h2>
        <ExportPreview sessions={approved.filter((s) => s.openFindings === 0)} chosen={picked} format={format} formatLabel={FORMATS.find((f) => f.value === format)!.label} />
      </div>

      <div className="card">
        <h2>Past exports</h2>
        {exports === null ? <p className="muted">Loading…</p> : <PastExports exports={exports} />}
      </div>
    </section>
  );
}

function RunStatus({ runningSince, progress, result, refusal }: Pick<ReturnType<typeof useExport.getState>, 'runningSince' | 'progress' | 'result' | 'refusal'>) {
  const [, tick] = useState(0);
  useEffect(() => {
    if (runningSince === null) return;
    const timer = setInterval(() => tick((n) => n + 1), 500);
    return () => clearInterval(timer);
  }, [runningSince]);
  if (runningSince !== null) {
    return (
      <div className="export-progress" role="status">
        {progress ? <progress aria-label="Export in progress" value={progress.done} max={progress.total} /> : <progress aria-label="Export in progress" />}
        <span>
          Exporting… {Math.floor((Date.now() - runningSince) / 1000)} s{progress && ` — ${formatCount(progress.done)} of ${countOf(progress.total, 'step')}`}
        </span>
      </div>
    );
  }
  if (refusal) return <p className="notice warn" role="alert">{refusal}</p>;
  if (!result) return <p role="status" className="visually-hidden" />;
  return (
    <div className="notice ok" role="status">
      <p>
        Exported {countOf(result.steps, 'step')} in {countOf(result.files, 'file')} ({formatBytes(result.bytes)}) to <code>{result.outDir}</code>.
      </p>
      {result.manifestSha256 && <p className="small">Manifest sha256: <code className="hash">{result.manifestSha256}</code></p>}
    </div>
  );
}
