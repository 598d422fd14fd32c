// The preview of the chosen format: the first steps of one approved session exactly as the format's
// consumer will read them (the core runs the real writer in memory), each beside the image its
// record points at (the observation before the step and, where the format carries it, the one after
// it) and the element acted on where the export has one. Nothing is written until Export runs.
import { useEffect, useState } from 'react';
import { countOf, formatBytes, formatTime } from '../../src/shared/format.ts';
import { type ExportFormat, type ExportPreview as Preview, useExport } from '../stores/export-store.ts';
import type { SessionSummary } from '../stores/sessions-store.ts';
import { elementWords } from './step-words.ts';

const STEP_CHOICES = [3, 5, 10, 20];

export function ExportPreview({ sessions, chosen, format, formatLabel }: { sessions: SessionSummary[]; chosen: readonly string[]; format: ExportFormat; formatLabel: string }) {
  const { preview, showPreview } = useExport();
  const [picked, setPicked] = useState<string | null>(null);
  const [steps, setSteps] = useState(5);
  // The session picked here, else the first one chosen for export, else the newest approved.
  const id = (picked && sessions.some((s) => s.id === picked) ? picked : null) ?? chosen[0] ?? sessions[0]?.id ?? null;
  useEffect(() => {
    if (id) void showPreview({ id, format, steps });
  }, [id, format, steps, showPreview]);
  if (!id) return <p className="muted">No approved session yet: once a reviewer approves one, its first steps show here as the chosen format writes them.</p>;
  const asked = preview?.request;
  const current = asked && asked.id === id && asked.format === format && asked.steps === steps ? preview.result : null;
  return (
    <div className="export-preview" aria-busy={current === null}>
      <div className="inline-form preview-controls">
        <label>
          Session{' '}
          <select value={id} onChange={(e) => setPicked(e.target.value)}>
            {sessions.map((s) => (
              <option key={s.id} value={s.id}>
                {formatTime(s.startedAt)} — {s.task ?? 'no task'}
              </option>
            ))}
          </select>
        </label>
        <label>
          Steps{' '}
          <select value={steps} onChange={(e) => setSteps(Number(e.target.value))}>
            {STEP_CHOICES.map((n) => (
              <option key={n} value={n}>
                first {n}
              </option>
            ))}
          </select>
        </label>
      </div>
      {current ? <PreviewBody preview={current} formatLabel={formatLabel} /> : <p className="muted">Writing the preview…</p>}
    </div>
  );
}

function PreviewBody({ preview, formatLabel }: { preview: Preview; formatLabel: string }) {
  const files = preview.files.filter((f) => !f.path.startsWith('frames/'));
  const images = preview.files.length - files.length;
  return (
    <>
      <p className="preview-summary" data-testid="preview-summary">
        The first {countOf(preview.steps.length, 'step')} of {preview.totalSteps}, as {formatLabel} writes them into{' '}
        {files.map((f, i) => (
          <span key={f.path}>
            {i > 0 && ', '}
            <code>{f.path}</code> <span className="muted">({formatBytes(f.bytes)})</span>
          </span>
        ))}
        {images > 0 && <> and {countOf(images, 'image file')} under <code>frames/</code></>}.
      </p>
      <p>
        <span className="muted">Instruction:</span>{' '}
        {preview.instruction ? <strong>{preview.instruction}</strong> : <span className="warn-text">empty — this session has no task; name it in review before approval next time.</span>}
      </p>
      {preview.envelope && (
        <details className="preview-envelope">
          <summary>
            Each line of <code>{preview.envelope.file}</code> holds the session, its instruction and its steps
          </summary>
          <pre className="preview-record">{preview.envelope.text}</pre>
        </details>
      )}
      <ol className="preview-steps" aria-label="Preview steps">
        {preview.steps.map((step) => (
          <li key={step.index} className="preview-step" data-testid="preview-step">
            <div className="preview-images">
              <PreviewImage path={step.image} image={step.image ? preview.images[step.image] : undefined} index={step.index} when="before" />
              {step.afterImage && <PreviewImage path={step.afterImage} image={preview.images[step.afterImage]} index={step.index} when="after" />}
            </div>
            <div className="preview-text">
              <h3>
                Step {step.index + 1} <span className="pill">{step.kind}</span>
              </h3>
              {step.element ? <ElementLine element={step.element} /> : null}
              {step.records.map((r) => (
                <div key={r.file}>
                  <p className="preview-file">
                    <code>{r.file}</code>
                  </p>
                  <pre className="preview-record">{r.text}</pre>
                </div>
              ))}
            </div>
          </li>
        ))}
      </ol>
    </>
  );
}

/** One image a step's record names: the observation before the step, or the one after it settled. */
function PreviewImage({ path, image, index, when }: { path: string | null; image: { mime: string; base64: string } | undefined; index: number; when: 'before' | 'after' }) {
  const [large, setLarge] = useState(false);
  if (!path || !image) return <div className="preview-image none">No image: this step has no observation.</div>;
  return (
    <figure className={`preview-image${large ? ' large' : ''}`} data-when={when}>
      <button type="button" className="preview-thumb" onClick={() => setLarge(!large)} aria-label={`${large ? 'Shrink' : 'Enlarge'} the image ${when} step ${index + 1}`}>
        <img src={`data:${image.mime};base64,${image.base64}`} alt={`The observation ${when} step ${index + 1}, as exported`} />
      </button>
      <figcaption>
        <span className="muted">{when === 'before' ? 'Before' : 'After'}:</span> <code>{path}</code>
      </figcaption>
    </figure>
  );
}

/** The element acted on, as the export records it: its role and name first, the rest after. */
function ElementLine({ element }: { element: Record<string, unknown> }) {
  const more = Object.entries(element)
    .filter(([k]) => k !== 'role' && k !== 'name')
    .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' · ');
  return (
    <p className="preview-element" data-testid="preview-element">
      <span className="muted">Element:</span> <strong>{elementWords(element) || 'unnamed'}</strong>
      {more && <span className="muted small"> · {more}</span>}
    </p>
  );
}
