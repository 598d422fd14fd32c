// The organisation policy's signature status, for admins and the works council: the policy in
// force with who signed it (admin and council, names and key fingerprints), and a newer version
// waiting for its second signature. Signing stays on the signer's own machine, with their private
// key: the screen offers the file and the exact commands, never a key field.
import { formatTime } from '../../../src/shared/format.ts';
import type { PolicyStatus, PolicyView } from '../../../src/shared/team-roles-api.ts';
import { ROLE_ROUTES } from '../../../src/shared/team-roles-api.ts';
import { DownloadButton } from './DownloadButton.tsx';

type SigningRole = 'admin' | 'council';
const WHO: Record<SigningRole, string> = { admin: 'an admin', council: 'the works council' };

export function TeamPolicy({ status, role }: { status: PolicyStatus; role: SigningRole }) {
  const { inForce, pending } = status;
  return (
    <div className="card team-policy">
      <h2>Organisation policy</h2>
      {inForce ? (
        <>
          <p>
            <span className="pill ok">In force</span> The policy of <strong>{inForce.organisation}</strong> issued {formatTime(inForce.issuedAt)}, in force since {formatTime(inForce.setAt)}.
          </p>
          <Signatures view={inForce} />
          <PolicyContent view={inForce} />
        </>
      ) : (
        <p>
          <span className="pill denied">None in force</span> No organisation policy is in force: each contributor records under their own choices only.
        </p>
      )}
      {pending ? (
        <div className="notice warn pending-policy">
          <p>
            <strong>A new version waits for {WHO[pending.missing]}'s signature</strong>: the policy of {pending.organisation} issued {formatTime(pending.issuedAt)}, sent by{' '}
            {pending.sentBy} on {formatTime(pending.sentAt)}. It takes effect only once both have signed it.
          </p>
          <Signatures view={pending} missing={pending.missing} />
          <PolicyContent view={pending} />
          {pending.missing === role ? (
            <>
              <p>
                Read it, then sign it on your own machine with your private key (the service never sees the key), and send it back:
              </p>
              <DownloadButton path={ROLE_ROUTES.pendingPolicy} filename="pending-policy.json">
                Download the policy to sign
              </DownloadButton>
              <pre className="command">{`cairn org sign pending-policy.json --key ${role}.key --role ${role}\ncairn remote send-policy pending-policy.json`}</pre>
              <p className="muted small">
                <code>{role}.key</code> is your private key, the one <code>cairn org keygen</code> made and an admin registered here with <code>cairn server add-key</code>. Run the
                commands in the data folder you ran <code>cairn remote add</code> in.
              </p>
            </>
          ) : (
            <p className="muted">You signed this version; it waits for {WHO[pending.missing]}.</p>
          )}
        </div>
      ) : (
        <p className="muted small">
          To propose {inForce ? 'a new version' : 'a policy'}, write it{inForce ? ' with a later issuedAt' : ''} (the fields are in the README, <em>Works council mode</em>), sign it with your
          private key and send it: <code>cairn org sign policy.json --key {role}.key --role {role}</code> then <code>cairn remote send-policy policy.json</code>. It then waits
          here for the other signature.
        </p>
      )}
    </div>
  );
}

function Signatures({ view, missing }: { view: PolicyView; missing?: SigningRole }) {
  return (
    <ul className="signatures" aria-label={`Signatures of the policy issued ${view.issuedAt}`}>
      {(['admin', 'council'] as const).map((role) => {
        const signer = view.signers.find((s) => s.role === role);
        return (
          <li key={role}>
            {role === 'admin' ? 'Admin' : 'Council'}:{' '}
            {signer ? (
              <>
                <span className="pill ok">signed</span> by {signer.name} (key <code>{signer.fingerprint}</code>)
              </>
            ) : (
              <span className="pill state-submitted">{missing === role ? 'not signed yet' : 'not signed'}</span>
            )}
          </li>
        );
      })}
    </ul>
  );
}

function PolicyContent({ view }: { view: PolicyView }) {
  return (
    <details>
      <summary>What it allows</summary>
      <p>Purposes: {view.purposes.join('; ')}. Sessions not submitted are erased after {view.retentionDays} days. Consent text version {view.consent.version}.</p>
      <table className="table" aria-label={`Apps the policy issued ${view.issuedAt} allows`}>
        <thead>
          <tr>
            <th scope="col">App</th><th scope="col">Keys</th><th scope="col">Screens</th><th scope="col">Titles</th><th scope="col">Sites</th>
          </tr>
        </thead>
        <tbody>
          {view.apps.map((a) => (
            <tr key={a.app}>
              <td>{a.app}</td><td>{a.keys}</td><td>{a.screens}</td><td>{a.titles}</td><td>{a.sites?.join(', ') ?? 'all'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
