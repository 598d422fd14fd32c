// What admins and the works council see of the team service: the organisation policy and its
// signatures, activity as monthly counts only (a month of fewer contributors than the minimum
// group shows nothing but that; no person's activity, nobody who declined), the documents a works
// council and a data protection officer read, and for an admin the ledger of every contributor.
import { formatCount } from '../../../src/shared/format.ts';
import { ROLE_ROUTES, type StatsAnswer } from '../../../src/shared/team-roles-api.ts';
import { getTeamApi } from '../../api/get-api.ts';
import { DownloadButton } from './DownloadButton.tsx';
import { TeamPolicy } from './TeamPolicy.tsx';
import { useTeamLoad } from './useTeamLoad.ts';

export function TeamGovernance({ role }: { role: 'admin' | 'council' }) {
  const policy = useTeamLoad(() => getTeamApi().policyStatus());
  const stats = useTeamLoad(() => getTeamApi().stats());
  const today = new Date().toISOString().slice(0, 10);
  return (
    <section aria-labelledby="governance-title" className="screen">
      <h1 id="governance-title">{role === 'admin' ? 'Administration' : 'Works council'}</h1>
      {[policy.problem, stats.problem].filter(Boolean).map((p) => (
        <p key={p} className="notice warn" role="alert">
          {p}
        </p>
      ))}
      {policy.data && <TeamPolicy status={policy.data} role={role} />}
      {stats.data && <Activity stats={stats.data} />}
      <div className="card team-downloads">
        <h2>Documents</h2>
        <p>Written now from the service's live configuration: the signed policy, accounts per role, what is held and how it is protected.</p>
        <DownloadButton path={ROLE_ROUTES.recordOfProcessing} filename={`record-of-processing-${today}.md`}>
          Record of processing (GDPR Art. 30)
        </DownloadButton>
        <DownloadButton path={ROLE_ROUTES.dpia} filename={`dpia-support-pack-${today}.md`}>
          DPIA support pack (GDPR Art. 35)
        </DownloadButton>
      </div>
      {role === 'admin' && (
        <div className="card team-downloads">
          <h2>Contributor ledger</h2>
          <p>Approved recording minutes and steps per contributor per month, with the datasets their sessions entered, for compensation.</p>
          <DownloadButton path={ROLE_ROUTES.ledger} filename={`cairn-ledger-${today}.csv`}>
            Download the ledger (CSV)
          </DownloadButton>
        </div>
      )}
    </section>
  );
}

function Activity({ stats }: { stats: StatsAnswer }) {
  return (
    <div className="card flush">
      <table className="table stats-table" aria-label="Activity per month">
        <caption>
          Activity per month, counts only. A month with fewer than {stats.minGroup} contributors shows nothing else, so that no one's activity can be picked out;
          people who did not take part are not counted anywhere.
        </caption>
        <thead>
          <tr>
            <th scope="col">Month</th><th scope="col" className="num">Contributors</th><th scope="col" className="num">Submitted</th><th scope="col" className="num">Approved</th>
            <th scope="col" className="num">Rejected</th><th scope="col" className="num">Erased</th><th scope="col" className="num">Approved minutes</th>
          </tr>
        </thead>
        <tbody>
          {stats.months.map((m) =>
            typeof m.contributors === 'string' ? (
              <tr key={m.period}>
                <td>{m.period}</td>
                <td className="num">{m.contributors}</td>
                <td colSpan={5} className="muted">fewer than {stats.minGroup} contributors: not shown</td>
              </tr>
            ) : (
              <tr key={m.period}>
                <td>{m.period}</td>
                <td className="num">{formatCount(m.contributors)}</td>
                <td className="num">{formatCount(m.submitted)}</td>
                <td className="num">{formatCount(m.approved)}</td>
                <td className="num">{formatCount(m.rejected)}</td>
                <td className="num">{formatCount(m.erased)}</td>
                <td className="num">{formatCount(m.approvedMinutes)}</td>
              </tr>
            ),
          )}
          {stats.months.length === 0 && (
            <tr>
              <td colSpan={7} className="muted">No session has been submitted yet.</td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
