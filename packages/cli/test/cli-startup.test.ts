/**
 * What a cold start loads: the bundled command line finds the files the package ships, a tracked
 * run parses no source map of our bundles, and a run whose project opts out of the MLflow hook never
 * imports @kedro-mlflow/hooks.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, cliEnv, copyProject, generatedProject, removeDir, withoutTracking } from './helpers.js';

// A loader hook (registered before the CLI starts) that refuses to resolve @kedro-mlflow/hooks:
// a run succeeds under it only if nothing imports the package.
const REFUSE_HOOKS = `data:text/javascript,${encodeURIComponent(
  `import { register } from 'node:module';
register('data:text/javascript,' + encodeURIComponent(
  'export async function resolve(specifier, context, next) {' +
  ' if (specifier === "@kedro-mlflow/hooks") throw new Error("@kedro-mlflow/hooks was imported");' +
  ' return next(specifier, context); }'));`,
)}`;

function runRefusingHooks(project: string) {
  const res = spawnSync(process.execPath, ['--import', REFUSE_HOOKS, BIN, 'run'], { cwd: project, env: cliEnv(), encoding: 'utf8' });
  return { code: res.status, stderr: res.stderr };
}

// A preload that lists the source maps the process reads (Node reads them with fs.readFileSync).
const LIST_MAPS = `
const fs = require('node:fs');
const read = fs.readFileSync;
const maps = [];
fs.readFileSync = function (file, ...rest) {
  if (typeof file === 'string' && file.endsWith('.map')) maps.push(file);
  return read.call(this, file, ...rest);
};
process.on('exit', () => process.stderr.write('MAPS ' + JSON.stringify(maps) + '\\n'));
`;

// A preload that prints, at exit, what the code cache did (its stats live under a global key).
const PRINT_CODE_CACHE = `data:text/javascript,${encodeURIComponent(
  "process.on('exit', () => process.stderr.write('CODE_CACHE ' + JSON.stringify(globalThis[Symbol.for('@kedro-mlflow/code-cache')] ?? null) + '\\n'));",
)}`;

// A preload that says, at exit, whether anything required undici (the HTTP client of REST stores).
const WATCH_UNDICI = `
const Module = require('node:module');
const load = Module._load;
let loaded = false;
Module._load = function (request, ...rest) {
  if (request === 'undici') loaded = true;
  return load.call(this, request, ...rest);
};
process.on('exit', () => process.stderr.write('UNDICI ' + loaded + '\\n'));
`;

describe('cold start', () => {
  let work: string | undefined;
  let project: string;

  beforeAll(() => {
    ({ work, project } = generatedProject('startup'));
  });
  afterAll(() => removeDir(work));

  it('the bundled bin reads its version from the package and copies the templates', () => {
    const manifest = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { version: string };
    const version = spawnSync(process.execPath, [BIN, '--version'], { env: cliEnv(), encoding: 'utf8' });
    expect(version.stdout.trim()).toBe(`kedro-mlflow, version ${manifest.version}`);
    expect(existsSync(join(project, 'src', 'pipelines', 'reviews', 'pipeline.ts'))).toBe(true);
  });

  it('a tracked run parses no source map of our bundles, and the stack of a failing node still names its .ts line', () => {
    const preload = join(work!, 'list-maps.cjs');
    writeFileSync(preload, LIST_MAPS);
    const nodes = join(project, 'src', 'pipelines', 'reviews', 'nodes.ts');
    const original = readFileSync(nodes, 'utf8');
    const ok = spawnSync(process.execPath, ['--require', preload, BIN, 'run'], { cwd: project, env: cliEnv(), encoding: 'utf8' });
    expect(ok.status).toBe(0);
    expect(ok.stderr).toContain('MLflow run:');
    expect(ok.stderr).toContain('MAPS []');

    const lines = original.split('\n');
    const at = lines.findIndex((line) => line.includes('export function summariseReviews'));
    lines.splice(at + 1, 0, "  throw new Error('summary failed');");
    writeFileSync(nodes, lines.join('\n'));
    try {
      const failed = spawnSync(process.execPath, [BIN, '-v', 'run'], { cwd: project, env: cliEnv(), encoding: 'utf8' });
      expect(failed.status).toBe(1);
      expect(failed.stderr).toContain(`src/pipelines/reviews/nodes.ts:${at + 2}`);
    } finally {
      writeFileSync(nodes, original);
    }
  });

  it('the second tracked run compiles the CLI and our packages from the V8 code cache', () => {
    const cacheDir = join(work!, 'code-cache');
    const runOnce = () => {
      const res = spawnSync(process.execPath, ['--import', PRINT_CODE_CACHE, BIN, 'run'], { cwd: project, env: cliEnv({ KEDRO_MLFLOW_CACHE_DIR: cacheDir }), encoding: 'utf8' });
      expect(res.stderr).toContain('MLflow run:');
      expect(res.status).toBe(0);
      return JSON.parse(/CODE_CACHE (.*)/.exec(res.stderr)![1]!) as { hits: number; misses: number; rejected: number };
    };
    // bin.bundle.cjs, the engine's, the hook's, the client's and the datasets' bundles: compiled, then cached at exit.
    const first = runOnce();
    expect(first.hits).toBe(0);
    expect(first.misses).toBeGreaterThanOrEqual(5);
    expect(readdirSync(join(cacheDir, 'v8-code')).filter((f) => f.endsWith('.bin'))).toHaveLength(first.misses);
    expect(runOnce()).toEqual({ hits: first.misses, misses: 0, rejected: 0 });
  });

  it('a run tracked into the mlruns folder loads no HTTP client', () => {
    const preload = join(work!, 'watch-undici.cjs');
    writeFileSync(preload, WATCH_UNDICI);
    const res = spawnSync(process.execPath, ['--require', preload, BIN, 'run'], { cwd: project, env: cliEnv(), encoding: 'utf8' });
    expect(res.stderr).toContain('MLflow run:');
    expect(res.status).toBe(0);
    expect(res.stderr).toContain('UNDICI false');
  });

  it('a run of a project without tracking does not import @kedro-mlflow/hooks', () => {
    // The refusing hook works: with tracking on, the run needs the package and fails.
    const tracked = runRefusingHooks(project);
    expect(tracked.code).toBe(1);
    expect(tracked.stderr).toContain('@kedro-mlflow/hooks was imported');

    const untracked = copyProject(project, join(work!, 'untracked'));
    rmSync(join(untracked, 'mlruns'), { recursive: true, force: true });
    withoutTracking(untracked);
    const res = runRefusingHooks(untracked);
    expect(res.stderr).not.toContain('@kedro-mlflow/hooks was imported');
    expect(res.code).toBe(0);
    expect(res.stderr).toContain('4 nodes run');
    expect(existsSync(join(untracked, 'data', '08_reporting', 'review_summary.json'))).toBe(true);
    expect(existsSync(join(untracked, 'mlruns'))).toBe(false);
  });
});
