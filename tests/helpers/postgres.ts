// A throwaway PostgreSQL cluster for one test file (or one benchmark): initdb into a temp folder,
// pg_ctl start with its unix socket in that folder (no TCP: nothing else on the machine can reach
// it, and no port can collide), a database `cairn`, and stop + remove on close.
//
// PostgreSQL refuses to run as root. As root (CI), the cluster is run by the `postgres` user that
// Debian's package creates (else `nobody`), through `runuser`, in a folder that user owns; as any
// other user it runs as that user. The test process (root or the owner) can read every byte of the
// data folder, which the on-the-bytes privacy tests need.
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PostgresCluster {
  /** The data directory (table files, WAL). */
  dataDir: string;
  /** A connection URL to the database `cairn` through the unix socket. */
  url: string;
  socketDir: string;
  port: number;
  stop(): void;
  start(): void;
  /** pg_ctl stop -m immediate: the postmaster and its children die at once, as in a crash. */
  crash(): void;
  close(): void;
}

const PORT = 5432;

/** The newest Debian PostgreSQL's bin folder. */
export function postgresBin(): string {
  const root = '/usr/lib/postgresql';
  let versions: string[];
  try {
    versions = readdirSync(root).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a));
  } catch {
    versions = [];
  }
  if (!versions[0]) throw new Error(`PostgreSQL is not installed (no ${root}/<version>/bin): run scripts/setup.sh (Debian package postgresql).`);
  return join(root, versions[0], 'bin');
}

/** Who runs the cluster: the current user, or as root an unprivileged one. */
function clusterUser(): { name: string; uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  for (const name of ['postgres', 'nobody']) {
    const id = spawnSync('id', ['-u', name], { encoding: 'utf8' });
    const gid = spawnSync('id', ['-g', name], { encoding: 'utf8' });
    if (id.status === 0 && gid.status === 0) return { name, uid: Number(id.stdout.trim()), gid: Number(gid.stdout.trim()) };
  }
  throw new Error('Running as root, and neither the user postgres nor nobody exists to run PostgreSQL (it refuses root).');
}

/** `fsync`: on for measurements (benchmarks); off by default, for fast tests. */
export function startPostgres(o: { fsync?: boolean } = {}): PostgresCluster {
  const bin = postgresBin();
  const user = clusterUser();
  const root = mkdtempSync(join(tmpdir(), 'cairn-pg-'));
  if (user) chownSync(root, user.uid, user.gid);
  const dataDir = join(root, 'data');
  const socketDir = root;
  const log = join(root, 'postgres.log');
  const run = (tool: string, args: string[]) => {
    const [command, argv] = user ? ['runuser', ['-u', user.name, '--', join(bin, tool), ...args]] : [join(bin, tool), args];
    try {
      execFileSync(command, argv, { stdio: ['ignore', 'pipe', 'pipe'], cwd: root });
    } catch (error) {
      const e = error as { stderr?: Buffer; stdout?: Buffer };
      throw new Error(`${tool} ${args.join(' ')} failed: ${e.stderr?.toString() ?? ''}${e.stdout?.toString() ?? ''}`, { cause: error });
    }
  };
  // trust on the socket alone: the folder is the cluster user's, so no one else reaches it.
  run('initdb', ['-D', dataDir, '-U', 'postgres', '--auth=trust', ...(o.fsync ? [] : ['--no-sync']), '-E', 'UTF8', '--locale=C']);
  const options = `-k ${socketDir} -p ${PORT} -c listen_addresses= -c fsync=${o.fsync ? 'on' : 'off'}`;
  const start = () => run('pg_ctl', ['-D', dataDir, '-l', log, '-w', '-o', options, 'start']);
  start();
  run('createdb', ['-h', socketDir, '-p', String(PORT), '-U', 'postgres', 'cairn']);
  let stopped = false;
  const stop = () => {
    if (!stopped) run('pg_ctl', ['-D', dataDir, '-m', 'fast', '-w', 'stop']);
    stopped = true;
  };
  return {
    dataDir,
    socketDir,
    port: PORT,
    url: `postgresql://postgres@localhost/cairn?host=${encodeURIComponent(socketDir)}&port=${PORT}`,
    stop,
    start: () => {
      start();
      stopped = false;
    },
    crash: () => {
      run('pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', 'stop']);
      stopped = true;
    },
    close: () => {
      try {
        stop();
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    },
  };
}

/** Whether this machine can start a cluster (for a skip that says why). */
export function postgresMissing(): string | null {
  try {
    postgresBin();
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

