import { existsSync, readdirSync, realpathSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';

const SETUP_HINT = 'run `scripts/setup-postgres.sh` (installs Debian\'s postgresql and psycopg2 into the MLflow venv)';

/** Debian keeps the server binaries off PATH, under /usr/lib/postgresql/<major>/bin: the newest major wins. */
function debianBin(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const majors = readdirSync(root)
    .filter((name) => /^\d+$/.test(name) && existsSync(join(root, name, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return majors.length > 0 ? join(root, majors[0]!, 'bin') : undefined;
}

function onPath(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, 'initdb');
    if (dir !== '' && existsSync(candidate)) return dirname(realpathSync(candidate));
  }
  return undefined;
}

/**
 * The folder with PostgreSQL's `initdb`, `pg_ctl` and `createdb`: `$PG_BIN`, else the folder of an
 * `initdb` on PATH, else Debian's /usr/lib/postgresql/<newest>/bin. Undefined when none exists.
 */
export function findPostgresBin(): string | undefined {
  const explicit = process.env.PG_BIN;
  if (explicit !== undefined && explicit !== '') return existsSync(join(explicit, 'initdb')) ? explicit : undefined;
  return onPath() ?? debianBin();
}

let warned = false;

/**
 * Whether tests that need a real PostgreSQL can run. In CI they must: missing binaries throw. On a
 * contributor's machine they may be skipped, with one loud line saying how to enable them.
 */
export function postgresAvailable(): boolean {
  if (findPostgresBin() !== undefined) return true;
  if (process.env.CI === 'true' || process.env.CI === '1') throw new Error(`CI=true but PostgreSQL is not installed: ${SETUP_HINT}`);
  if (!warned) {
    warned = true;
    process.stderr.write(`\n!!! PostgreSQL integration tests SKIPPED: initdb not found; ${SETUP_HINT}\n\n`);
  }
  return false;
}

export function requirePostgresBin(): string {
  const bin = findPostgresBin();
  if (bin === undefined) throw new Error(`PostgreSQL (initdb) not found: ${SETUP_HINT}`);
  return bin;
}
