/** `kedro-mlflow new`: the layout, the names, refusing to overwrite, and a project that type-checks. */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, copyProject, ensureBuilt, readJson, removeDir, tempDir } from './helpers.js';

const root = join(__dirname, '..', '..', '..');
let work: string;

// Each test spawns the CLI several times; a busy machine makes that slow, not wrong.
jest.setTimeout(120_000);

beforeAll(() => {
  ensureBuilt();
  work = tempDir('new');
});

afterAll(() => removeDir(work));

function files(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? files(join(dir, entry.name), `${prefix}${entry.name}/`) : [`${prefix}${entry.name}`],
  );
}

describe('kedro-mlflow new', () => {
  it("scaffolds kedro's layout with an example pipeline, prints the path on stdout and next steps on stderr", () => {
    const res = cli(['new', '--name', 'Movie Reviews', '--dir', 'projects'], { cwd: work });
    expect(res.code).toBe(0);
    const project = join(work, 'projects', 'movie-reviews');
    expect(res.stdout).toBe(`${project}\n`);
    expect(res.stderr).toContain("Created the project 'Movie Reviews' in projects/movie-reviews");
    expect(res.stderr).toContain('cd projects/movie-reviews');
    expect(files(project).sort()).toEqual(
      [
        '.gitignore',
        'README.md',
        'conf/README.md',
        'conf/base/catalog.yml',
        'conf/base/parameters.yml',
        'conf/base/parameters_reviews.yml',
        'conf/local/.gitkeep',
        'conf/local/credentials.yml',
        'data/01_raw/reviews.json',
        ...['02_intermediate', '03_primary', '04_feature', '05_model_input', '06_models', '07_model_output', '08_reporting'].map((l) => `data/${l}/.gitkeep`),
        'package.json',
        'src/pipeline_registry.ts',
        'src/pipelines/reviews/nodes.ts',
        'src/pipelines/reviews/pipeline.ts',
        'src/settings.ts',
        'tsconfig.json',
      ].sort(),
    );
    expect(readJson(join(project, 'package.json'))).toMatchObject({
      name: 'movie-reviews',
      private: true,
      type: 'module',
      scripts: { run: 'kedro-mlflow run' },
      kedro: { packageName: 'movie_reviews', projectName: 'Movie Reviews', sourceDir: 'src', kedroMlflowInitVersion: expect.stringMatching(/^\d+\.\d+\.\d+$/) },
    });
    const readme = readFileSync(join(project, 'README.md'), 'utf8');
    expect(readme.startsWith('# Movie Reviews\n')).toBe(true);
    expect(readme).toContain('kedro-mlflow run --nodes clean,count_words');
    // It says what a run tracks and how to see it.
    expect(readme).toMatch(/`vocabulary_size: \{type: MlflowMetricDataset\}` \| metric `vocabulary_size`/);
    expect(readme).toMatch(/`review_summary: \{type: MlflowArtifactDataset, .*\| artifact `review_summary\.json`/);
    expect(readme).toMatch(/^kedro-mlflow ui +# then open http:\/\/127\.0\.0\.1:5000/m);
    expect(readme).not.toContain('{{');
    expect(readFileSync(join(project, '.gitignore'), 'utf8')).toContain('conf/local/**');
  });

  it('defaults the name, and leaves the example out with --no-example', () => {
    const res = cli(['new', '--no-example'], { cwd: work });
    expect(res.code).toBe(0);
    const project = join(work, 'new-kedro-project');
    expect(res.stdout.trim()).toBe(project);
    expect(existsSync(join(project, 'src', 'pipelines'))).toBe(false);
    expect(existsSync(join(project, 'conf', 'base', 'parameters_reviews.yml'))).toBe(false);
    expect(existsSync(join(project, 'data', '01_raw', '.gitkeep'))).toBe(true);
    expect(readFileSync(join(project, 'README.md'), 'utf8')).not.toContain('reviews');
    expect(res.stderr).toContain('# add a pipeline: src/pipelines/<name>/pipeline.ts exporting createPipeline(), then');
    const [list, run] = [cli(['registry', 'list'], { cwd: project }), cli(['run'], { cwd: project })];
    expect(list.stdout).toBe('- __default__\n');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      'The __default__ pipeline has no nodes: add a pipeline folder src/pipelines/<name>/ whose pipeline.ts exports createPipeline()',
    );
  });

  it('refuses to overwrite an existing folder, and changes nothing in it', () => {
    const existing = join(work, 'taken');
    mkdirSync(existing);
    writeFileSync(join(existing, 'notes.txt'), 'keep me');
    const res = cli(['new', '--name', 'Taken'], { cwd: work });
    expect(res.code).toBe(1);
    expect(res.stdout).toBe('');
    expect(res.stderr).toBe(
      `Error: Cannot create the project: '${existing}' already exists, and kedro-mlflow new never overwrites anything. Choose another --name or --dir, or remove that folder first.\n`,
    );
    expect(readdirSync(existing)).toEqual(['notes.txt']);
    expect(readdirSync(work).filter((name) => name.startsWith('.'))).toEqual([]);
  });

  it('rejects invalid names with the rule', () => {
    const bad = cli(['new', '--name', '1st project!'], { cwd: work });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe(
      "Error: '1st project!' is an invalid value for project name. It must start with a letter, contain only letters, digits, spaces, underscores and hyphens, and be at least 2 characters long.\n",
    );
    const builtin = cli(['new', '--name', 'Crypto'], { cwd: work });
    expect(builtin.code).toBe(1);
    expect(builtin.stderr).toContain("'crypto' is the name of a Node.js built-in module");
    expect(existsSync(join(work, 'crypto'))).toBe(false);
  });

  it('makes a project that type-checks once its dependencies are installed', () => {
    const project = copyProject(join(work, 'projects', 'movie-reviews'), join(work, 'typed'));
    mkdirSync(join(project, 'node_modules', '@kedro-mlflow'), { recursive: true });
    mkdirSync(join(project, 'node_modules', '@types'), { recursive: true });
    symlinkSync(join(root, 'packages', 'core-pipeline'), join(project, 'node_modules', '@kedro-mlflow', 'core-pipeline'));
    symlinkSync(join(root, 'node_modules', '@types', 'node'), join(project, 'node_modules', '@types', 'node'));
    const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
    const out = execFileSync(process.execPath, [tsc, '-p', project], { cwd: project, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    expect(out).toBe('');
    // And it still runs with its own (installed) copy of core-pipeline.
    const run = cli(['run', '--nodes', 'clean'], { cwd: project });
    expect(run.code).toBe(0);
  });
});
