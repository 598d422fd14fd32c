// The live configuration (live-configuration.ts) read from the running service: the policy in
// force, accounts per role, what is held, and where it is stored (the database named without its
// user or password).
import type { ServerContext } from '../server-context.ts';
import { holdings, roleCounts } from './governance-repo.ts';
import type { LiveConfiguration } from './live-configuration.ts';
import { policyInForce } from './server-org-policy.ts';

export async function gatherConfiguration(ctx: ServerContext, at = Date.now()): Promise<LiveConfiguration> {
  const policy = await policyInForce(ctx.db);
  return {
    generatedAt: at,
    policy: policy && { policy: policy.policy, sha256: policy.sha256, setAt: policy.setAt, signers: policy.signers },
    roles: await roleCounts(ctx.db),
    sessions: await holdings(ctx.db),
    storage: { database: databaseLabel(ctx.db.options.connectionString), blobDir: ctx.storage.dir, keyDir: ctx.storage.keys.dir },
  };
}

/** `host:port/database` of a PostgreSQL URL (a unix socket's folder as host), never its credentials. */
export function databaseLabel(url: string | undefined): string {
  try {
    const u = new URL(url ?? '');
    const host = u.hostname || u.searchParams.get('host') || 'localhost';
    return `${host}:${u.port || '5432'}${u.pathname || '/'}`;
  } catch {
    return '(unknown database)';
  }
}
