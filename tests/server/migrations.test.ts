// The service's PostgreSQL migrations: an empty database is brought to the newest schema, running
// them again changes nothing, and a database newer than this Cairn is refused in one sentence.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createPool, type Db } from '../../src/server/db/pool.ts';
import { MIGRATIONS } from '../../src/server/migrations/index.ts';
import { migrate } from '../../src/server/migrations/migrate.ts';
import { type PostgresCluster, startPostgres } from '../helpers/postgres.ts';

let cluster: PostgresCluster;
let db: Db;
beforeAll(() => {
  cluster = startPostgres();
  db = createPool(cluster.url);
});
afterAll(async () => {
  await db?.end();
  cluster?.close();
});

it('migrates an empty database to the newest version once, and again changes nothing', async () => {
  expect(await migrate(db)).toEqual(MIGRATIONS.map((m) => m.version));
  const tables = (await db.query<{ t: string }>("SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")).rows.map((r) => r.t);
  expect(tables).toEqual(['access_log', 'finding_waivers', 'frames', 'org_policies', 'org_policy_proposals', 'pull_sessions', 'pulls', 'schema_migrations', 'session_content', 'sessions', 'signing_keys', 'uploads', 'users']);
  expect(await migrate(db)).toEqual([]);
});

it('refuses a database that a newer Cairn migrated', async () => {
  await db.query("INSERT INTO schema_migrations VALUES (999, 'future', 0)");
  await expect(migrate(db)).rejects.toThrow(`The database is at schema version 999, newer than this Cairn knows (${MIGRATIONS.at(-1)!.version}); update Cairn before starting it on this database.`);
});

it('brings a database of version 1 to the newest, with the waivers made on the service (002)', async () => {
  await db.query('CREATE DATABASE at_version_1');
  const old = createPool(cluster.url.replace('/cairn?', '/at_version_1?'));
  try {
    expect(await migrate(old, MIGRATIONS.slice(0, 1))).toEqual([1]);
    expect(await migrate(old)).toEqual(MIGRATIONS.slice(1).map((m) => m.version));
    const columns = (await old.query<{ c: string }>("SELECT column_name AS c FROM information_schema.columns WHERE table_name = 'finding_waivers' ORDER BY ordinal_position")).rows.map((r) => r.c);
    expect(columns).toEqual(['session_id', 'finding', 'waived_by', 'at', 'reason']);
  } finally {
    await old.end();
  }
});

it('brings a database of version 20 to 21, with policies waiting for their second signature (021)', async () => {
  await db.query('CREATE DATABASE at_version_20');
  const old = createPool(cluster.url.replace('/cairn?', '/at_version_20?'));
  try {
    const upTo20 = MIGRATIONS.filter((m) => m.version <= 20);
    expect(await migrate(old, upTo20)).toEqual(upTo20.map((m) => m.version));
    expect(await migrate(old)).toEqual([21]);
    const columns = (await old.query<{ c: string }>("SELECT column_name AS c FROM information_schema.columns WHERE table_name = 'org_policy_proposals' ORDER BY ordinal_position")).rows.map((r) => r.c);
    expect(columns).toEqual(['id', 'file', 'sha256', 'issued_at', 'sent_by', 'sent_at']);
  } finally {
    await old.end();
  }
});
