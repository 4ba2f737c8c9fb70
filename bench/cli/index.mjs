// bench/cli: cold start of `kedro-mlflow run` on the project made by `kedro-mlflow new` (wall time of the
// whole process, median of several runs), beside `kedro run` on kedro's own default project
// (`kedro new --tools none --example n`) given the same pipeline, ported to Python (same
// data, same parameters, same outputs: see kedro_project/). Goal: ours ≤ 1/8 of kedro's.
//
// Both sides run the engine without MLflow tracking: kedro's anchor runs without kedro-mlflow, and
// our project opts out of the MLflow hook the documented way, `disableHooksForPlugins:
// ['@kedro-mlflow/hooks']` in src/settings.ts, with the template's MLflow datasets made local (the
// metric stays in memory, the artifact is only its JSON file), as in the kedro port
// (bench/tracking-hook measures tracked runs).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { anchorPython, NO_ANCHOR } from '../lib/anchors.mjs';
import { disableMlflowHook, localCatalog, timeRun } from '../lib/cli-runs.mjs';
import { median, printTable } from '../lib/report.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const BIN = join(root, 'packages', 'cli', 'dist', 'bin.js');
const TEMPLATE_DATA = join(root, 'packages', 'cli', 'templates', 'project', 'example', 'data', '01_raw', 'reviews.json');
const REPEAT = Math.max(5, Number(process.env.BENCH_REPEAT ?? 7));
const cache = process.env.KEDRO_MLFLOW_CACHE ?? join(homedir(), '.cache', 'kedro-mlflow-ts');
// kedro-mlflow's entry points (a hook and CLI commands) are hidden so that plain kedro is measured
// (see kedro_run.py); bench/tracking-hook measures kedro-mlflow.
const HIDDEN_DISTRIBUTIONS = 'kedro-mlflow';

/** Times each command REPEAT times, alternating between them so that both see the same machine load. */
function measureInterleaved(commands) {
  for (const c of commands) timeRun(c.command, c.args, c.options); // warm-up: compile caches
  const times = commands.map(() => []);
  for (let i = 0; i < REPEAT; i += 1) {
    commands.forEach((c, j) => times[j].push(timeRun(c.command, c.args, c.options)));
  }
  return commands.map((c, j) => {
    console.error(`${c.label}: ${times[j].map((t) => t.toFixed(3)).join(' ')} s`);
    return { median: median(times[j]), min: Math.min(...times[j]) };
  });
}

// --- ours -------------------------------------------------------------------------------------
if (!existsSync(BIN)) throw new Error(`${BIN} is missing: build the CLI first (pnpm build)`);
const work = mkdtempSync(join(tmpdir(), 'kedro-mlflow-bench-cli-'));
const oursEnv = { ...process.env, NO_COLOR: '1' };
for (const key of ['KEDRO_ENV', 'KEDRO_LOG_FORMAT', 'KEDRO_LOG_LEVEL', 'FORCE_COLOR']) delete oursEnv[key];
const oursProject = execFileSync(process.execPath, [BIN, 'new', '--name', 'Bench Project'], { cwd: work, env: oursEnv, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
disableMlflowHook(join(oursProject, 'src', 'settings.ts'));
localCatalog(join(oursProject, 'conf', 'base', 'catalog.yml'));


// --- kedro --------------------------------------------------------------------------------------
function filesUnder(dir) {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => (statSync(join(dir, name)).isDirectory() ? filesUnder(join(dir, name)) : [join(dir, name)]));
}

/** Fingerprint of what goes into the cached kedro project (recreated when it changes). */
function projectFingerprint(python) {
  const hash = createHash('sha256').update(python);
  for (const file of [...filesUnder(join(here, 'kedro_project')), TEMPLATE_DATA]) hash.update(file.slice(root.length)).update(readFileSync(file));
  return hash.digest('hex').slice(0, 16);
}

function kedroProject(python) {
  const target = join(cache, 'bench-kedro-project');
  const marker = join(target, '.bench-fingerprint');
  const fingerprint = projectFingerprint(python);
  if (existsSync(marker) && readFileSync(marker, 'utf8') === fingerprint) {
    // Outputs of earlier benchmarks (one word_counts version per run) would slow version lookups.
    for (const layer of ['04_feature', '08_reporting']) rmSync(join(target, 'data', layer), { recursive: true, force: true });
    return target;
  }
  rmSync(target, { recursive: true, force: true });
  mkdirSync(cache, { recursive: true });
  const staging = mkdtempSync(join(cache, 'bench-kedro-project-'));
  try {
    // kedro's own default template, non-interactively and offline (no starter is downloaded).
    execFileSync(join(dirname(python), 'kedro'), ['new', '--name', 'bench', '--tools', 'none', '--example', 'n', '--telemetry', 'no'], {
      cwd: staging,
      env: kedroEnv(),
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const project = join(staging, 'bench');
    cpSync(join(here, 'kedro_project'), project, { recursive: true });
    mkdirSync(join(project, 'data', '01_raw'), { recursive: true });
    cpSync(TEMPLATE_DATA, join(project, 'data', '01_raw', 'reviews.json'));
    writeFileSync(join(project, '.bench-fingerprint'), fingerprint);
    renameSync(project, target);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return target;
}

function kedroEnv() {
  return { ...process.env, KEDRO_DISABLE_TELEMETRY: 'true', DO_NOT_TRACK: '1', PYTHONWARNINGS: 'ignore', BENCH_HIDE_DISTRIBUTIONS: HIDDEN_DISTRIBUTIONS };
}

const python = anchorPython();
const commands = [{ label: 'kedro-mlflow run', command: process.execPath, args: [BIN, 'run'], options: { cwd: oursProject, env: oursEnv } }];
if (python !== undefined) {
  commands.push({ label: 'kedro run', command: python, args: [join(here, 'kedro_run.py'), 'run'], options: { cwd: kedroProject(python), env: kedroEnv() } });
}
let ours;
let theirs;
try {
  [ours, theirs] = measureInterleaved(commands);
  if (existsSync(join(oursProject, 'mlruns'))) throw new Error('the bench project tracked its runs into mlruns: the opt-out of the MLflow hook no longer works');
} finally {
  rmSync(work, { recursive: true, force: true });
}

printTable('cli: cold start of a run on the new-project template (kedro 1.x anchor: kedro run)', [
  { measure: 'run, whole process, median', unit: 's', ours: ours.median, anchor: theirs?.median, goal: '≤ 1/8' },
  { measure: 'run, whole process, fastest', unit: 's', ours: ours.min, anchor: theirs?.min },
]);
console.log(`(${REPEAT} timed runs each, alternating, after one untimed warm-up run; the template's example pipeline, JSON files in and out)`);
if (python === undefined) console.log(`kedro: ${NO_ANCHOR}`);
