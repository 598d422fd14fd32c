// One team service for a test file: a throwaway PostgreSQL (tests/helpers/postgres.ts), a blob
// folder, the real `cairn server start` as a child process (restartable, killable), users added
// with the real `cairn server add-user`, and a data folder per person to run `cairn` in.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgresClient from 'pg';
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
  /** `cairn server add-user`; answers the token it printed. */
  addUser(name: string, role: string): Promise<string>;
  /** A call to the service's API as the token's person, JSON in and out. */
  api(token: string, path: string, init?: RequestInit): Promise<Response>;
  /** A data folder of its own for a person, with `cairn remote add` done when a token is given. */
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
      const r = await runCairn(['server', 'add-user', name, '--role', role, '--database-url-file', urlFile], cairnEnv(join(root, 'admin')));
      if (r.code !== 0) throw new Error(`add-user ${name} failed: ${r.stderr}`);
      return r.stdout.trim();
    },
    api: (token, path, init = {}) =>
      fetch(new URL(path, team.server.url), { ...init, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', ...init.headers } }),
    person: async (name, token) => {
      const dataDir = join(root, name);
      mkdirSync(dataDir, { recursive: true, mode: 0o700 });
      const person: Person = { dataDir, cairn: (args, input) => runCairn(args, cairnEnv(dataDir), input) };
      if (token) {
        const tokenFile = join(root, `${name}.token`);
        writeFileSync(tokenFile, `${token}\n`, { mode: 0o600 });
        const r = await person.cairn(['remote', 'add', team.server.url, '--token-file', tokenFile]);
        if (r.code !== 0) throw new Error(`remote add for ${name} failed: ${r.stderr}`);
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
