/**
 * A real PostgreSQL for tests: `initdb` into a temporary folder, `pg_ctl start` on a free loopback
 * port (no other address, its socket in that folder), one database and one password-protected role.
 * `kill()` SIGKILLs the postmaster, as when a database host dies; `stop()` is `pg_ctl stop -m fast`
 * and removes the folder it made.
 */
import { execFileSync, spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../free-port.js';
import { requirePostgresBin } from './postgres-bin.js';

export interface PostgresServer {
  readonly port: number;
  readonly user: string;
  readonly password: string;
  readonly database: string;
  /** The folder with the cluster (`data/`), the socket and the log. */
  readonly dir: string;
  /** SQLAlchemy's URI for MLflow: `postgresql+psycopg2://user:password@127.0.0.1:port/database`. */
  readonly uri: string;
  readonly running: boolean;
  /** `pg_ctl stop -m fast`, then removes the folder when it made one (the end). */
  stop(): Promise<void>;
  /** SIGKILL to the postmaster; the data stays, and `restart()` recovers it. */
  kill(): Promise<void>;
  /** Starts it again on the same port with the same data (stopping it first if it runs). */
  restart(): Promise<void>;
}

export interface PostgresOptions {
  /** The working folder; a new temporary folder by default. */
  dir?: string;
  port?: number;
  /** The role MLflow logs in as (the cluster's superuser); `mlflow` by default. */
  user?: string;
  /** The database to create; `mlflow` by default. */
  database?: string;
  timeoutMs?: number;
}

/** PostgreSQL refuses to run as root: then the server runs as Debian's `postgres` account. */
function serverAccount(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string): number => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    throw new Error('running as root, PostgreSQL needs an unprivileged account: no `postgres` user exists (scripts/setup-postgres.sh installs Debian\'s, which makes one)');
  }
}

function chownTree(dir: string, account: { uid: number; gid: number }): void {
  execFileSync('chown', ['-R', `${account.uid}:${account.gid}`, dir]);
}

export async function startPostgres(options: PostgresOptions = {}): Promise<PostgresServer> {
  const bin = requirePostgresBin();
  const account = serverAccount();
  const ownDir = options.dir === undefined;
  // As root, the server account must reach the folder: a TMPDIR inside a private (0700) folder would
  // hide it, so the folder goes under the world-traversable /tmp.
  const dir = options.dir ?? mkdtempSync(join(account === undefined ? tmpdir() : '/tmp', 'postgres-server-'));
  mkdirSync(dir, { recursive: true });
  const dataDir = join(dir, 'data');
  const logFile = join(dir, 'postgres.log');
  const port = options.port ?? (await freePort());
  const user = options.user ?? 'mlflow';
  const database = options.database ?? 'mlflow';
  // Hex: nothing in it needs escaping inside a URI.
  const password = randomBytes(16).toString('hex');
  const run = (tool: string, args: string[], extra: SpawnSyncOptions = {}): void => {
    const res = spawnSync(join(bin, tool), args, { cwd: dir, encoding: 'utf8', timeout: options.timeoutMs ?? 60_000, ...account, ...extra });
    if (res.status !== 0) {
      const log = existsSync(logFile) ? readFileSync(logFile, 'utf8').split('\n').slice(-20).join('\n') : '';
      throw new Error(`${tool} ${args[0] ?? ''} failed (${res.status ?? res.signal}): ${String(res.stderr ?? '').trim()}\n${log}`);
    }
  };

  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    // The password goes through a file readable by the server account only, never a command line.
    const pwfile = join(dir, 'pwfile');
    writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
    if (account !== undefined) chownTree(dir, account);
    // --no-sync: a test cluster needs no fsync of its template files (saves about a second).
    run('initdb', ['-D', dataDir, '-U', user, `--pwfile=${pwfile}`, '-A', 'scram-sha-256', '-E', 'UTF8', '--no-sync', '--no-instructions']);
    rmSync(pwfile);
  }
  if (account !== undefined) chownTree(dir, account);
  else chmodSync(dir, 0o700);

  let alive = false;
  const env = { ...process.env, PGPASSWORD: password };
  const start = (): void => {
    const settings = `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='${dir}' -c fsync=off -c max_connections=200`;
    run('pg_ctl', ['start', '-w', '-t', String(Math.ceil((options.timeoutMs ?? 60_000) / 1000)), '-D', dataDir, '-l', logFile, '-o', settings], { stdio: ['ignore', 'ignore', 'pipe'] });
    alive = true;
  };
  const postmasterPid = (): number | undefined => {
    const file = join(dataDir, 'postmaster.pid');
    return existsSync(file) ? Number(readFileSync(file, 'utf8').split('\n')[0]) : undefined;
  };
  const stopNow = (mode: 'fast' | 'immediate'): void => {
    if (!alive) return;
    spawnSync(join(bin, 'pg_ctl'), ['stop', '-w', '-m', mode, '-D', dataDir], { stdio: 'ignore', ...account });
    alive = false;
  };
  // A test process that ends without stop() (a crash, a timeout) must not leave the server running.
  const onExit = (): void => stopNow('immediate');
  process.once('exit', onExit);

  start();
  run('createdb', ['-h', '127.0.0.1', '-p', String(port), '-U', user, database], { env });

  return {
    port,
    user,
    password,
    database,
    dir,
    uri: `postgresql+psycopg2://${user}:${password}@127.0.0.1:${port}/${database}`,
    get running() {
      return alive;
    },
    stop: async () => {
      stopNow('fast');
      process.off('exit', onExit);
      if (ownDir) rmSync(dir, { recursive: true, force: true });
    },
    kill: async () => {
      const pid = postmasterPid();
      if (alive && pid !== undefined) {
        process.kill(pid, 'SIGKILL');
        while (isAlive(pid)) await new Promise((r) => setTimeout(r, 20));
      }
      alive = false;
    },
    restart: async () => {
      stopNow('fast');
      start();
    },
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
