// The governance routes of the team service: the signed policy for contributors' machines, the
// activity counts and the two documents for admins and the council, the ledger for a contributor
// (their own rows) and an admin (everyone's), a contributor's download of all their data, and the
// policy's signature status with the version waiting for its second signature.
import * as z from 'zod';
import { DomainError } from '../../core/domain-error.ts';
import { accessLogOfOwner, accountOf, activityGroups, approvedForLedger } from './governance-repo.ts';
import { listOwnedBy } from '../db/sessions-repo.ts';
import type { Route } from '../http/route.ts';
import { sessionBundle } from '../session-content.ts';
import { activityStats } from './aggregate-stats.ts';
import { ledgerCsv, ledgerRows } from './contributor-ledger.ts';
import { dpiaPack } from './dpia-pack.ts';
import { gatherConfiguration } from './gather-configuration.ts';
import { GOVERNANCE_ROUTES } from '../../remote/governance-api.ts';
import { myDataArchive } from './my-data-archive.ts';
import { pendingPolicyFile, policyStatus, sendOrgPolicy } from './policy-proposals.ts';
import { recordOfProcessing } from './record-of-processing.ts';
import { policyInForce } from './server-org-policy.ts';

const markdown = (text: string) => ({ bytes: [Buffer.from(text)], type: 'text/markdown; charset=utf-8' });

export const governanceRoutes: Route[] = [
  {
    method: 'GET',
    path: GOVERNANCE_ROUTES.policy,
    permission: 'identify',
    does: 'read the organisation policy',
    run: async ({ server }) => {
      const policy = await policyInForce(server.db);
      if (!policy) throw new DomainError('not-found', 'No organisation policy is set on this service; an admin sets one with `cairn server set-policy`.');
      return { json: { file: policy.file, sha256: policy.sha256, setAt: policy.setAt } };
    },
  },
  {
    method: 'POST',
    path: GOVERNANCE_ROUTES.policy,
    permission: 'govern',
    does: 'send an organisation policy',
    run: async ({ server, user, body }) => ({ json: await sendOrgPolicy(server.db, await body(z.unknown()), user) }),
  },
  {
    method: 'GET',
    path: GOVERNANCE_ROUTES.policyStatus,
    permission: 'govern',
    does: "read the organisation policy's signatures",
    run: async ({ server }) => ({ json: await policyStatus(server.db) }),
  },
  {
    method: 'GET',
    path: GOVERNANCE_ROUTES.pendingPolicy,
    permission: 'govern',
    does: 'download the policy waiting for a signature',
    run: async ({ server }) => ({ bytes: [Buffer.from(`${await pendingPolicyFile(server.db)}\n`)], type: 'application/json' }),
  },
  {
    method: 'GET',
    path: GOVERNANCE_ROUTES.stats,
    permission: 'govern',
    does: 'read activity counts',
    run: async ({ server }) => ({ json: activityStats(await activityGroups(server.db)) }),
  },
  {
    method: 'GET',
    path: GOVERNANCE_ROUTES.recordOfProcessing,
    permission: 'govern',
    does: 'read the record of processing',
    run: async ({ server }) => markdown(recordOfProcessing(await gatherConfiguration(server))),
  },
  {
    method: 'GET',
    path: GOVERNANCE_ROUTES.dpia,
    permission: 'govern',
    does: 'read the DPIA support pack',
    run: async ({ server }) => markdown(dpiaPack(await gatherConfiguration(server))),
  },
  {
    method: 'GET',
    path: GOVERNANCE_ROUTES.ledger,
    permission: 'ledger',
    does: 'read the contributor ledger',
    run: async ({ server, user }) => {
      const rows = ledgerRows(await approvedForLedger(server.db, user.role === 'admin' ? null : user.id));
      return { bytes: [Buffer.from(ledgerCsv(rows))], type: 'text/csv; charset=utf-8; header=present' };
    },
  },
  {
    method: 'GET',
    path: GOVERNANCE_ROUTES.myData,
    permission: 'contribute',
    does: 'download their data',
    run: async ({ server, user }) => {
      const sessions = await listOwnedBy(server.db, user.id);
      const bundles = [];
      for (const s of sessions) if (s.state !== 'erased') bundles.push({ sessionId: s.id, bytes: Buffer.concat(await sessionBundle(server, s.id)) });
      const archive = myDataArchive({
        account: await accountOf(server.db, user.id),
        generatedAt: Date.now(),
        sessions: sessions.map(({ id, state, submittedAt, startedAt, endedAt, decidedBy, decidedAt, reason, erasedAt }) => ({ id, state, submittedAt, startedAt, endedAt, decidedBy, decidedAt, reason, erasedAt })),
        accessLog: await accessLogOfOwner(server.db, user.id),
        bundles,
      });
      return { bytes: archive, type: 'application/x-tar' };
    },
  },
];
