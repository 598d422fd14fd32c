// One team service for a test file: a throwaway PostgreSQL (tests/helpers/postgres.ts), a blob
// folder, the real `cairn server start` as a child process (restartable, killable), users added and
// data folders connected to it in this process, through the functions `cairn server add-user` and
// `cairn remote add` call (addUser, connectRemote: ~100 runs of `cairn` in the suite at ~0.4 s of CPU
// each; tests/server/team-flow.test.ts drives both commands themselves), and a data folder per person
// to run `cairn` in.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgresClient from 'pg';
import { connectRemote } from '../../src/remote/connect-remote.ts';
import { addUser } from '../../src/server/accounts.ts';
import { Role } from '../../src/server/roles.ts';
import { connect } from '../../src/server/start-service.ts';
import { CAIRN_BIN, type CliResult, runCairn } from '../helpers/cli.ts';
import { type PostgresCluster, startPostgres } from '../helpers/postgres.ts';

export interface RunningServer {
  url: string;
  child: ChildProcess;
  /** SIGTERM, and waits for the exit. */
  stop(): Promise<void>;
  /** SIGKILL, and waits for the exit. */
  kill(): Promise<void>;
}

export interface TeamService {
  root: string;
  pg: PostgresCluster;
  blobDir: string;
  urlFile: string;
  server: RunningServer;
  startServer(): Promise<RunningServer>;
  /** Adds a person as `cairn server add-user` does; answers their token. */
  addUser(name: string, role: string): Promise<string>;
  /** A call to the service's API as the token's person, JSON in and out. */
  api(token: string, path: string, init?: RequestInit): Promise<Response>;
  /** A data folder of its own for a person, connected to the service (as `cairn remote add` does) when a token is given. */
  person(name: string, token?: string): Promise<Person>;
  /** Waits until the service's own detectors have checked every submitted session (approval
   *  is refused before). */
  checked(): Promise<void>;
  /** One statement on the service's database, on a connection of its own. */
  sql<T extends postgresClient.QueryResultRow>(text: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

export interface Person {
  dataDir: string;
  cairn(args: string[], input?: string): Promise<CliResult>;
}

export function cairnEnv(dataDir?: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.CAIRN_DATABASE_URL;
  delete env.CAIRN_REMOTE_TOKEN;
  if (dataDir) env.CAIRN_DATA_DIR = dataDir;
  return env;
}

/** `serverArgs`: more options for `cairn server start` (e.g. --check-workers). */
export async function startTeamService(o: { serverArgs?: string[] } = {}): Promise<TeamService> {
  const root = mkdtempSync(join(tmpdir(), 'cairn-team-'));
  const pg = startPostgres();
  const urlFile = join(root, 'database-url');
  writeFileSync(urlFile, `${pg.url}\n`, { mode: 0o600 });
  const blobDir = join(root, 'blobs');
  const team: TeamService = {
    root,
    pg,
    blobDir,
    urlFile,
    server: undefined as unknown as RunningServer,
    // A restart keeps the port, so the URL every data folder was given stays right.
    startServer: async () => (team.server = await startServer(urlFile, blobDir, root, team.server ? Number(new URL(team.server.url).port) : 0, o.serverArgs)),
    addUser: async (name, role) => {
      const db = await connect(pg.url);
      try {
        return (await addUser(db, name, Role.parse(role))).token;
      } finally {
        await db.end();
      }
    },
    api: (token, path, init = {}) =>
      fetch(new URL(path, team.server.url), { ...init, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', ...init.headers } }),
    person: async (name, token) => {
      const dataDir = join(root, name);
      mkdirSync(dataDir, { recursive: true, mode: 0o700 });
      const person: Person = { dataDir, cairn: (args, input) => runCairn(args, cairnEnv(dataDir), input) };
      if (token) {
        await connectRemote(dataDir, team.server.url, token);
      }
      return person;
    },
    checked: async () => {
      for (const started = Date.now(); Date.now() - started < 120_000; await new Promise((r) => setTimeout(r, 200))) {
        const [row] = await team.sql<{ n: number }>(`SELECT count(*)::integer AS n FROM sessions WHERE state = 'submitted' AND checked_at IS NULL`);
        if (row!.n === 0) return;
      }
      throw new Error("the service's detectors did not check the submitted sessions within 120 s");
    },
    sql: async <T extends postgresClient.QueryResultRow>(text: string, params: unknown[] = []) => {
      const client = new postgresClient.Client({ connectionString: pg.url });
      await client.connect();
      try {
        return (await client.query<T>(text, params)).rows;
      } finally {
        await client.end();
      }
    },
    close: async () => {
      await team.server?.stop().catch(() => undefined);
      try {
        pg.close();
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    },
  };
  await team.startServer();
  return team;
}

function startServer(urlFile: string, blobDir: string, root: string, port = 0, extra: string[] = []): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CAIRN_BIN, 'server', 'start', '--database-url-file', urlFile, '--blob-dir', blobDir, '--port', String(port), ...extra], {
      env: cairnEnv(join(root, 'server-data')),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    const exited = new Promise<void>((done) => child.on('close', () => done()));
    const timer = setTimeout(() => reject(new Error(`cairn server did not start within 20 s:\n${stderr}`)), 20_000);
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      const match = /running at (http:\/\/\S+)/.exec(stdout);
      if (!match) return;
      clearTimeout(timer);
      resolve({
        url: match[1]!,
        child,
        stop: async () => {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
          await exited;
        },
        kill: async () => {
          child.kill('SIGKILL');
          await exited;
        },
      });
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`cairn server exited before it started:\n${stderr}`));
    });
  });
}
