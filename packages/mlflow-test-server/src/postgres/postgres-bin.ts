import { existsSync, readdirSync, realpathSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { installedOrFail } from '../installed.js';

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

/** Whether tests that need a real PostgreSQL can run: true, or a failure naming the set-up script (installedOrFail). */
export function postgresAvailable(): boolean {
  return installedOrFail('PostgreSQL', findPostgresBin() !== undefined, SETUP_HINT);
}

export function requirePostgresBin(): string {
  const bin = findPostgresBin();
  if (bin === undefined) throw new Error(`PostgreSQL (initdb) not found: ${SETUP_HINT}`);
  return bin;
}
