/**
 * The compile cache: project sources compiled once and imported natively (no loader hooks), every
 * change picked up, stack traces in the .ts files, safe under concurrent runs, the project's own copy
 * of the engine honoured, ParallelRunner workers on the same compiled copies, and the hooks as the
 * fallback for what cannot be compiled.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { cli, cliAsync, copyProject, generatedProject, logRecords, readJson, removeDir, type CliResult } from './helpers.js';

let work: string;
let project: string;

jest.setTimeout(120_000);

beforeAll(() => {
  ({ work, project } = generatedProject('compile-cache', 'Cache Demo'));
});

afterAll(() => removeDir(work));

/** A copy of the project with its own, empty compile cache. */
function isolated(label: string): { copy: string; env: Record<string, string> } {
  const copy = copyProject(project, join(work, label));
  return { copy, env: { KEDRO_MLFLOW_CACHE_DIR: join(work, `${label}-cache`) } };
}

function hookMessages(res: CliResult): string[] {
  return logRecords(res.stderr)
    .filter((r) => r.name === 'kedro_mlflow.loader')
    .map((r) => r.msg);
}

function summary(copy: string): { top_words: Record<string, Array<{ word: string }>> } {
  return readJson(join(copy, 'data', '08_reporting', 'review_summary.json'));
}

const NODES = ['src', 'pipelines', 'reviews', 'nodes.ts'];

describe('compile cache', () => {
  it('loads the project without the loader hooks, and picks up a changed transitive import', () => {
    const { copy, env } = isolated('transitive');
    const nodes = join(copy, ...NODES);
    mkdirSync(join(copy, 'src', 'lib'));
    writeFileSync(join(copy, 'src', 'lib', 'mark.ts'), "export { mark } from './marks.js';\n");
    writeFileSync(join(copy, 'src', 'lib', 'marks.ts'), "export const mark = (s: string): string => `${s}-one`;\n");
    writeFileSync(
      nodes,
      `import { mark } from '../../lib/mark.js';\n${readFileSync(nodes, 'utf8').replace('return { ...review, text: text', 'return { ...review, label: mark(review.label), text: text')}`,
    );
    const first = cli(['run', '-v'], { cwd: copy, env });
    expect(first.code).toBe(0);
    expect(hookMessages(first)).toEqual([]);
    expect(Object.keys(summary(copy).top_words)).toEqual(['negative-one', 'positive-one']);

    // Only the file two imports away changes: nodes.ts and mark.ts are untouched.
    writeFileSync(join(copy, 'src', 'lib', 'marks.ts'), "export const mark = (s: string): string => `${s}-two`;\n");
    const second = cli(['run', '-v'], { cwd: copy, env });
    expect(second.code).toBe(0);
    expect(Object.keys(summary(copy).top_words)).toEqual(['negative-two', 'positive-two']);

    // A deleted cache is only rebuilt.
    rmSync(env.KEDRO_MLFLOW_CACHE_DIR!, { recursive: true, force: true });
    expect(cli(['run'], { cwd: copy, env }).code).toBe(0);
    expect(existsSync(join(env.KEDRO_MLFLOW_CACHE_DIR!, 'modules'))).toBe(true);
  });

  it('names the .ts file and line of a failing node in the stack trace', () => {
    const { copy, env } = isolated('stack');
    const lines = readFileSync(join(copy, ...NODES), 'utf8').split('\n');
    const line = lines.findIndex((l) => l.includes('throw new RangeError')) + 1;
    expect(line).toBeGreaterThan(0);
    const res = cli(['run', '-v', '--params', 'cleaning.min_word_length=0'], { cwd: copy, env });
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(new RegExp(`src/pipelines/reviews/nodes\\.ts:${line}:\\d+`));
    expect(res.stderr).not.toMatch(/modules\/nodes\.[0-9a-f]+\.mjs/);
  });

  it('lets two runs fill a cold cache at the same time', async () => {
    const { copy, env } = isolated('concurrent');
    const results = await Promise.all([cliAsync(['run', '--nodes', 'clean'], { cwd: copy, env }), cliAsync(['run', '--nodes', 'clean'], { cwd: copy, env })]);
    for (const res of results) {
      expect(res.stderr).toContain('Run completed');
      expect(res.code).toBe(0);
    }
    const files = readdirSync(join(env.KEDRO_MLFLOW_CACHE_DIR!, 'modules'));
    expect(files.filter((f) => f.endsWith('.tmp'))).toEqual([]);
    // Same sources, same keys: both runs wrote the same four modules (each whole, by rename).
    expect(files.filter((f) => f.endsWith('.mjs')).length).toBe(4);
  });

  it("uses the project's own installed @kedro-mlflow/core-pipeline", () => {
    const { copy, env } = isolated('own-engine');
    const engine = dirname(require.resolve('@kedro-mlflow/core-pipeline/package.json'));
    const own = join(copy, 'node_modules', '@kedro-mlflow', 'core-pipeline');
    mkdirSync(own, { recursive: true });
    cpSync(join(engine, 'package.json'), join(own, 'package.json'));
    cpSync(join(engine, 'dist'), join(own, 'dist'), { recursive: true });
    symlinkSync(join(engine, 'node_modules'), join(own, 'node_modules'));
    // Only this copy exports ENGINE_COPY: importing it from the CLI's copy would fail to link.
    writeFileSync(join(own, 'dist', 'index.bundle.js'), `${readFileSync(join(own, 'dist', 'index.bundle.js'), 'utf8')}\nexport const ENGINE_COPY = 'project';\n`);
    const nodes = join(copy, ...NODES);
    writeFileSync(
      nodes,
      `import { ENGINE_COPY } from '@kedro-mlflow/core-pipeline';\n${readFileSync(nodes, 'utf8').replace('return { ...review, text: text', 'return { ...review, label: `${review.label}-${ENGINE_COPY}`, text: text')}`,
    );
    const res = cli(['run'], { cwd: copy, env });
    expect(res.stderr).toContain('Run completed');
    expect(res.code).toBe(0);
    expect(Object.keys(summary(copy).top_words)).toEqual(['negative-project', 'positive-project']);
  });

  it('runs ParallelRunner workers on the compiled modules, without the hooks', () => {
    const { copy, env } = isolated('parallel');
    const res = cli(['run', '-v', '--runner', 'ParallelRunner', '--runner-params', 'max_workers=2'], { cwd: copy, env });
    expect(res.stderr).toContain('Run completed');
    expect(res.code).toBe(0);
    expect(hookMessages(res)).toEqual([]);
    expect(summary(copy).top_words).toHaveProperty('positive');
  });

  it('imports what it cannot compile through the hooks, and says so in a debug log', () => {
    const { copy, env } = isolated('fallback');
    // import.meta.resolve depends on where the module lives: not compiled.
    writeFileSync(join(copy, 'src', 'where.ts'), "export const where: string = import.meta.resolve('../package.json');\n");
    const nodes = join(copy, ...NODES);
    writeFileSync(
      nodes,
      `import { where } from '../../where.js';\n${readFileSync(nodes, 'utf8').replace('return summary;', 'return { ...summary, where };')}`,
    );
    for (const runner of ['SequentialRunner', 'ParallelRunner']) {
      const res = cli(['run', '-v', '--runner', runner], { cwd: copy, env });
      expect(res.stderr).toContain('Run completed');
      expect(res.code).toBe(0);
      expect(hookMessages(res).join('\n')).toMatch(/src\/where\.ts.*import\.meta beyond url/);
      expect(readJson<{ where: string }>(join(copy, 'data', '08_reporting', 'review_summary.json')).where).toBe(`file://${join(copy, 'package.json')}`);
    }
  });
});
