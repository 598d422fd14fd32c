// One app in the Apps table: its status, its options (a draft until allowed or saved), and
// allow / deny.
import { useState } from 'react';
import { ALLOWED_DEFAULTS, type KeysMode, type ScreensMode, type TitlesMode } from '../../src/shared/policy-modes.ts';
import type { AppEntry } from '../stores/apps-store.ts';

export type Draft = Pick<AppEntry, 'keys' | 'screens' | 'titles'>;

/** How each mode reads, in the order offered; a mode added to shared/policy-modes.ts needs a label here. */
const OPTIONS: { [F in keyof Draft]: Record<Draft[F], string> } = {
  keys: { full: 'Full keys', timing: 'Timing only', off: 'Off' } satisfies Record<KeysMode, string>,
  screens: { on: 'On', off: 'Off' } satisfies Record<ScreensMode, string>,
  titles: { keep: 'Keep', off: 'Off' } satisfies Record<TitlesMode, string>,
};

interface Props {
  app: AppEntry;
  onAllow(app: AppEntry, draft: Draft): void;
  onDeny(app: AppEntry): void;
}

export function AppRow({ app, onAllow, onDeny }: Props) {
  // A denied app's row offers what allowing captures by default, as `cairn apps allow` does.
  const [draft, setDraft] = useState<Draft>(app.allowed ? { keys: app.keys, screens: app.screens, titles: app.titles } : ALLOWED_DEFAULTS);
  const changed = draft.keys !== app.keys || draft.screens !== app.screens || draft.titles !== app.titles;
  return (
    <tr className={app.allowed ? 'allowed' : undefined}>
      <th scope="row">
        <div className="app-cell">
          <span className="app-name">{app.app}</span>
          <span className="muted small">{app.running > 0 ? `${app.running} window${app.running > 1 ? 's' : ''} open` : 'not running'}</span>
          {app.sensitive && <span className="sensitive">Sensitive: {app.sensitive}</span>}
        </div>
      </th>
      <td>
        <span className={`pill ${app.allowed ? 'ok' : 'denied'}`}>{app.allowed ? 'Allowed' : 'Denied'}</span>
      </td>
      {(Object.keys(OPTIONS) as (keyof Draft)[]).map((field) => (
        <td key={field}>
          <select
            aria-label={`${field[0]!.toUpperCase()}${field.slice(1)} for ${app.app}`}
            value={draft[field]}
            onChange={(e) => setDraft({ ...draft, [field]: e.target.value })}
          >
            {Object.entries(OPTIONS[field]).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </td>
      ))}
      <td>
        <div className="row-actions">
        {!app.allowed && (
          <button type="button" className="button primary small" onClick={() => onAllow(app, draft)} aria-label={`Allow ${app.app}`}>
            Allow
          </button>
        )}
        {app.allowed && changed && (
          <button type="button" className="button small" onClick={() => onAllow(app, draft)} aria-label={`Save options for ${app.app}`}>
            Save
          </button>
        )}
        {app.allowed && (
          <button type="button" className="button small" onClick={() => onDeny(app)} aria-label={`Deny ${app.app}`}>
            Deny
          </button>
        )}
        </div>
      </td>
    </tr>
  );
}
