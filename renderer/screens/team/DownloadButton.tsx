// A button that saves one of the service's files (the ledger, a contributor's data, the documents)
// with the tab's token, and says in words why it could not.
import { useState } from 'react';
import { getTeamApi } from '../../api/get-api.ts';

export function DownloadButton({ path, filename, children }: { path: string; filename: string; children: string }) {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const save = () => {
    setBusy(true);
    setProblem(null);
    getTeamApi()
      .download(path, filename)
      .catch((err: Error) => setProblem(err.message))
      .finally(() => setBusy(false));
  };
  return (
    <span className="download">
      <button type="button" className="button" onClick={save} disabled={busy}>
        {busy ? 'Preparing…' : children}
      </button>
      {problem && (
        <span className="notice warn" role="alert">
          {problem}
        </span>
      )}
    </span>
  );
}
