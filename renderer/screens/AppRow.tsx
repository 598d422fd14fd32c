// One app in the Apps table: its status, its options (a draft until allowed or saved), and
// allow / deny. A browser's row also takes the sites it may be recorded on; without any, it says
// plainly that every site is recorded. An app the organisation's policy denies says so, naming
// the policy, and offers no Allow.
import { useEffect, useId, useState } from 'react';
import { ALLOWED_DEFAULTS, type KeysMode, type ScreensMode, type TitlesMode } from '../../src/shared/policy-modes.ts';
import { parseSite } from '../../src/shared/site-origin.ts';
import type { AppEntry, OrgPolicyInfo } from '../stores/apps-store.ts';
import { orgDeniedWords } from './org-words.ts';

type Modes = Pick<AppEntry, 'keys' | 'screens' | 'titles'>;
export type Draft = Modes & { sites?: string[] };

/** How each mode reads, in the order offered; a mode added to shared/policy-modes.ts needs a label here. */
const OPTIONS: { [F in keyof Modes]: Record<Modes[F], string> } = {
  keys: { full: 'Full keys', timing: 'Timing only', off: 'Off' } satisfies Record<KeysMode, string>,
  screens: { on: 'On', off: 'Off' } satisfies Record<ScreensMode, string>,
  titles: { keep: 'Keep', off: 'Off' } satisfies Record<TitlesMode, string>,
};

interface Props {
  app: AppEntry;
  org: OrgPolicyInfo;
  onAllow(app: AppEntry, draft: Draft): void;
  onDeny(app: AppEntry): void;
}

/** The sites typed into a browser's row (separated by spaces, commas or new lines), each normalised, or the first problem. */
function readSites(text: string): { sites: string[] } | { problem: string } {
  const sites: string[] = [];
  for (const word of text.split(/[\s,]+/).filter(Boolean)) {
    const parsed = parseSite(word);
    if ('problem' in parsed) return parsed;
    if (!sites.includes(parsed.site)) sites.push(parsed.site);
  }
  return { sites: sites.sort() };
}

export function AppRow({ app, org, onAllow, onDeny }: Props) {
  const orgDenied = app.org === 'denied';
  const [draft, setDraft] = useState<Draft>(app.allowed ? { keys: app.keys, screens: app.screens, titles: app.titles } : ALLOWED_DEFAULTS);
  const stored = (app.sites ?? []).join(' ');
  const [sitesText, setSitesText] = useState(stored);
  // Once saved, the sites read as Cairn stored them (normalised).
  useEffect(() => setSitesText(stored), [stored]);
  const sitesId = useId();
  const read = readSites(sitesText);
  const sites = 'sites' in read ? read.sites : null;
  const sitesChanged = sites === null || sites.join(' ') !== stored;
  const changed = draft.keys !== app.keys || draft.screens !== app.screens || draft.titles !== app.titles || sitesChanged;
  const allow = () => sites && onAllow(app, { ...draft, ...(app.browser && sites.length ? { sites } : {}) });
  return (
    <tr className={app.allowed ? 'allowed' : undefined}>
      <th scope="row">
        <div className="app-cell">
          <span className="app-name">{app.app}</span>
          <span className="muted small">{app.running > 0 ? `${app.running} window${app.running > 1 ? 's' : ''} open` : 'not running'}</span>
          {app.sensitive && <span className="sensitive">Sensitive: {app.sensitive}</span>}
          {orgDenied && <span className="org-denied small">{orgDeniedWords(app.app, org)}</span>}
          {app.org === 'limited' && <span className="muted small">Your organisation's policy allows no more than this.</span>}
        </div>
      </th>
      <td>
        <span className={`pill ${app.allowed ? 'ok' : 'denied'}`}>{app.allowed ? 'Allowed' : orgDenied ? 'Denied by policy' : 'Denied'}</span>
      </td>
      {(Object.keys(OPTIONS) as (keyof typeof OPTIONS)[]).map((field) => (
        <td key={field}>
          {orgDenied ? (
            <span className="muted" aria-label="not recorded">—</span>
          ) : (
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
          )}
        </td>
      ))}
      <td>
        {app.browser && !orgDenied ? (
          <div className="sites-cell">
            <input
              id={sitesId}
              aria-label={`Sites for ${app.app}`}
              aria-describedby={`${sitesId}-note`}
              aria-invalid={sites === null}
              placeholder="every site"
              value={sitesText}
              onChange={(e) => setSitesText(e.target.value)}
            />
            <span id={`${sitesId}-note`} className={`small ${sites === null ? 'site-problem' : app.allowed && !app.sites ? 'site-warning' : 'muted'}`} role={sites === null ? 'alert' : undefined}>
              {'problem' in read
                ? read.problem
                : app.allowed && !app.sites
                  ? "Every site is recorded (private windows and Cairn are not) while Cairn's browser extension reports; without it, nothing. Name sites to record only those."
                  : app.allowed
                    ? "Only these sites are recorded, while Cairn's browser extension reports."
                    : 'host[:port] or https://host, separated by spaces; empty: every site.'}
            </span>
          </div>
        ) : (
          <span className="muted" aria-label={orgDenied ? 'not recorded' : 'not a browser'}>—</span>
        )}
      </td>
      <td>
        <div className="row-actions">
        {!app.allowed && !orgDenied && (
          <button type="button" className="button primary small" onClick={allow} disabled={sites === null} aria-label={`Allow ${app.app}`}>
            Allow
          </button>
        )}
        {app.allowed && changed && (
          <button type="button" className="button small" onClick={allow} disabled={sites === null} aria-label={`Save options for ${app.app}`}>
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
