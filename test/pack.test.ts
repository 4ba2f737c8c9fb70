/**
 * Users install our packages one by one from npm. This packs every public package with `pnpm pack`,
 * installs the tarballs into an empty folder outside the repo, and checks that each one imports as
 * ESM and type-checks with its shipped declarations, without the rest of the workspace.
 *
 * The install prefers the store that the workspace's own `pnpm install` filled and asks the registry
 * for what that store lacks: a `--frozen-lockfile` install fills the store but not pnpm's metadata
 * cache, so a hard `--offline` install only works on a machine that once ran a plain `pnpm install`.
 * pnpm's strict layout fails on any undeclared dependency.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..');
interface Manifest {
  name: string;
  private?: boolean;
  dependencies?: Record<string, string>;
  bin?: Record<string, string>;
}

const packages = readdirSync(join(root, 'packages'))
  .map((dir) => ({ dir: join(root, 'packages', dir), manifest: JSON.parse(readFileSync(join(root, 'packages', dir, 'package.json'), 'utf8')) as Manifest }))
  .filter((p) => p.manifest.private !== true);

const run = (cmd: string, args: string[], cwd: string) =>
  execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, npm_config_fund: 'false', npm_config_audit: 'false' } });

describe('packed packages install and import on their own', () => {
  let work: string;
  let project: string;

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'kedro-mlflow-pack-'));
    const tarballs: string[] = [];
    for (const p of packages) {
      if (!existsSync(join(p.dir, 'dist', 'index.js'))) throw new Error(`${p.manifest.name} is not built: run \`pnpm build\` first`);
      const out = run('pnpm', ['pack', '--pack-destination', work], p.dir).trim().split('\n');
      tarballs.push(out[out.length - 1]!.trim());
    }
    project = join(work, 'consumer');
    run('mkdir', ['-p', project], work);
    // Our packages depend on each other by version (`workspace:^` is rewritten by pnpm pack): point
    // those at the tarballs too, since they are not on the registry.
    const local = Object.fromEntries(packages.map((p, i) => [p.manifest.name, `file:${tarballs[i]}`]));
    writeFileSync(
      join(project, 'package.json'),
      JSON.stringify({ name: 'consumer', private: true, type: 'module', dependencies: local, pnpm: { overrides: local } }),
    );
    run('pnpm', ['install', '--prefer-offline', '--ignore-scripts', '--config.auto-install-peers=true'], project);
  }, 300_000);

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it.each(packages.map((p) => [p.manifest.name, p] as const))('%s', (name, p) => {
    const manifest = JSON.parse(readFileSync(join(project, 'node_modules', name, 'package.json'), 'utf8')) as Manifest;
    for (const [dep, range] of Object.entries(manifest.dependencies ?? {})) {
      expect(`${dep}@${range}`).not.toMatch(/workspace:/);
    }
    // The runtime exports of the tarball equal those of the workspace build.
    const script = `const m = await import(${JSON.stringify(name)}); console.log(JSON.stringify(Object.keys(m).sort()));`;
    const fromTarball = JSON.parse(run(process.execPath, ['--input-type=module', '-e', script], project)) as string[];
    const fromBuild = JSON.parse(run(process.execPath, ['--input-type=module', '-e', script.replace(JSON.stringify(name), JSON.stringify(join(p.dir, 'dist', 'index.js')))], root)) as string[];
    expect(fromTarball.length).toBeGreaterThan(0);
    expect(fromTarball).toEqual(fromBuild);

    // The shipped declarations resolve under NodeNext and describe those exports.
    const file = join(project, `check-${name.replace(/\W/g, '_')}.ts`);
    writeFileSync(file, `import * as m from ${JSON.stringify(name)};\nconst names: Array<keyof typeof m> = ${JSON.stringify(fromTarball.filter((k) => k !== 'default'))};\nexport default names;\n`);
    const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
    for (const bin of Object.keys(manifest.bin ?? {})) {
      expect(run(join(project, 'node_modules', '.bin', bin), ['--version'], project).trim()).toMatch(/\d+\.\d+\.\d+/);
    }
    run(process.execPath, [tsc, '--noEmit', '--strict', '--skipLibCheck', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', '--types', 'node', '--typeRoots', join(root, 'node_modules', '@types'), file], project);
  }, 120_000);

  it("runs ParallelRunner's worker threads from the installed core-pipeline and rebuilds their errors", () => {
    writeFileSync(
      join(project, 'parallel-pipeline.mjs'),
      `import { DatasetError, node, Pipeline } from '@kedro-mlflow/core-pipeline';
export const registry = {
  double: new Pipeline([node((x) => x * 2, 'A', 'B', { name: 'double' })]),
  fails: new Pipeline([node((_x) => { throw new DatasetError('thrown on a worker'); }, 'A', 'C', { name: 'fails' })]),
};
`,
    );
    const script = `import { DataCatalog, DatasetError, ParallelRunner } from '@kedro-mlflow/core-pipeline';
import { registry } from './parallel-pipeline.mjs';
const runner = () => new ParallelRunner({ maxWorkers: 1, pipelineModule: 'parallel-pipeline.mjs', pipelineExport: 'registry' });
const catalog = new DataCatalog();
catalog.set('A', 21);
const result = await runner().run(registry.double, catalog);
const failure = await runner().run(registry.fails, catalog).catch((e) => e);
console.log(JSON.stringify({ value: await result.B.load(), isInstance: DatasetError.isInstance(failure.cause), instanceOf: failure.cause instanceof DatasetError }));`;
    const out = JSON.parse(run(process.execPath, ['--input-type=module', '-e', script], project)) as unknown;
    expect(out).toEqual({ value: 42, isInstance: true, instanceOf: true });
  }, 60_000);
});
