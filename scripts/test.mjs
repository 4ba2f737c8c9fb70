#!/usr/bin/env node
// Runs the whole jest suite and ends with the plain line CI reads: "tests: N passed, N failed".
// Extra arguments go to jest (e.g. `pnpm test -- --selectProjects core-pipeline`).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, '.test-results');
mkdirSync(outDir, { recursive: true });
// One file per invocation: several runs (helpers, watch terminals) may share the checkout.
const outFile = join(outDir, `jest-${process.pid}.json`);

let args = process.argv.slice(2).filter((a) => a !== '--');
// The whole suite needs the real servers of the integration tests. Each set-up script is a no-op once
// its cache is filled (the first time: S3 ~1.5 min, Temporal ~4 min with Go, Airflow ~40 s); one that
// cannot run here is reported, and its tests then fail naming the script.
if (!args.includes('--no-build') && !args.includes('--no-setup')) {
  for (const script of ['setup-s3.sh', 'setup-postgres.sh', 'setup-airflow.sh', 'setup-temporal.sh']) {
    const setup = spawnSync('bash', [join(root, 'scripts', script)], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
    if (setup.status !== 0) console.error(`test: scripts/${script} failed (exit ${setup.status}); the tests that need it will be skipped`);
  }
}
args = args.filter((a) => a !== '--no-setup');
// The packaging tests and the CLI tests use the built dist folders; turbo makes this a no-op when fresh.
if (!args.includes('--no-build')) {
  const build = spawnSync('pnpm', ['exec', 'turbo', 'run', 'build', '--output-logs=errors-only'], { cwd: root, stdio: 'inherit', env: { TURBO_TELEMETRY_DISABLED: '1', ...process.env } });
  if (build.status !== 0) {
    console.log('tests: 0 passed, 1 failed');
    console.error('the build failed; see its output above');
    process.exit(1);
  }
}
args = args.filter((a) => a !== '--no-build');
// jest's --selectProjects is variadic: `--selectProjects core-pipeline test/x` would read the path as
// a project name. Move it, with its one value, to the end.
const projectArgs = [];
args = args.filter((a, i) => {
  if (a === '--selectProjects' || args[i - 1] === '--selectProjects') {
    projectArgs.push(a);
    return false;
  }
  return true;
});
args.push(...projectArgs);
const jestBin = join(root, 'node_modules', 'jest', 'bin', 'jest.js');
const ci = process.env.CI === 'true' || process.env.CI === '1';
const jestArgs = [jestBin, '--json', `--outputFile=${outFile}`, ...(ci ? ['--ci'] : []), ...args];
// Library logs would drown jest's output; tests that check logs capture them (captureLogs) or set
// KEDRO_LOG_LEVEL for the processes they spawn.
const env = { KEDRO_LOG_LEVEL: 'silent', ...process.env };
const res = spawnSync(process.execPath, jestArgs, { cwd: root, stdio: 'inherit', env });

if (!existsSync(outFile)) {
  console.log('tests: 0 passed, 1 failed');
  console.error('jest wrote no results; see its output above');
  process.exit(res.status || 1);
}
const summary = JSON.parse(readFileSync(outFile, 'utf8'));
rmSync(outFile, { force: true });
const failedSuites = summary.numFailedTestSuites ?? 0;
const failed = summary.numFailedTests + (summary.numRuntimeErrorTestSuites ?? 0);
console.log(`tests: ${summary.numPassedTests} passed, ${failed} failed`);
if (summary.numPendingTests > 0) console.log(`(${summary.numPendingTests} pending tests are not counted as passed)`);
process.exit(failed > 0 || failedSuites > 0 || res.status !== 0 ? 1 : 0);
