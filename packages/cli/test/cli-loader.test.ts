/**
 * Loading a project's TypeScript without a build step: the specifier styles a TypeScript project
 * uses, edits picked up at once (compiled sources are cached by content), and clear errors.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, cliAll, copyProject, generatedProject, readJson, removeDir } from './helpers.js';

let work: string;
let project: string;

// Each test spawns the CLI several times; a busy machine makes that slow, not wrong.
jest.setTimeout(120_000);

beforeAll(() => {
  ({ work, project } = generatedProject('loader', 'Loader Demo'));
});

afterAll(() => removeDir(work));

describe('TypeScript sources', () => {
  it('resolve NodeNext (.js), extensionless, folder (index.ts), .mts and tsconfig "paths" imports', () => {
    const copy = copyProject(project, join(work, 'styles'));
    const lib = join(copy, 'src', 'lib');
    mkdirSync(join(lib, 'text'), { recursive: true });
    writeFileSync(join(lib, 'text', 'index.ts'), "export { shout } from './shout';\n");
    writeFileSync(join(lib, 'text', 'shout.ts'), "import { suffix } from '../suffix.mjs';\nexport const shout = (s: string): string => s.toUpperCase() + suffix;\n");
    writeFileSync(join(lib, 'suffix.mts'), "export const suffix: string = '!';\n");
    writeFileSync(join(lib, 'alias.ts'), "import { shout } from './text';\nexport const loud = (s: string): string => shout(s);\n");
    const tsconfig = readJson<{ compilerOptions: Record<string, unknown> }>(join(copy, 'tsconfig.json'));
    tsconfig.compilerOptions.paths = { '@lib/*': ['./src/lib/*'] };
    writeFileSync(join(copy, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2));
    const nodes = join(copy, 'src', 'pipelines', 'reviews', 'nodes.ts');
    writeFileSync(
      nodes,
      `import { loud } from '@lib/alias';\n${readFileSync(nodes, 'utf8').replace(
        'return { ...review, text: text',
        'return { ...review, label: loud(review.label), text: text',
      )}`,
    );
    const res = cli(['run'], { cwd: copy });
    expect(res.stderr).toContain('Run completed');
    expect(res.code).toBe(0);
    const summary = readJson<{ top_words: Record<string, unknown> }>(join(copy, 'data', '08_reporting', 'review_summary.json'));
    expect(Object.keys(summary.top_words)).toEqual(['NEGATIVE!', 'POSITIVE!']);
  });

  it('picks up an edited file on the next run (the compile cache is keyed by content)', () => {
    const copy = copyProject(project, join(work, 'edits'));
    const nodes = join(copy, 'src', 'pipelines', 'reviews', 'nodes.ts');
    const summaryFile = join(copy, 'data', '08_reporting', 'review_summary.json');
    expect(cli(['run'], { cwd: copy }).code).toBe(0);
    expect(readJson<Record<string, unknown>>(summaryFile)).not.toHaveProperty('edited');
    writeFileSync(nodes, readFileSync(nodes, 'utf8').replace('return summary;', 'return { ...summary, edited: true };'));
    expect(cli(['run'], { cwd: copy }).code).toBe(0);
    expect(readJson<Record<string, unknown>>(summaryFile)).toHaveProperty('edited', true);
  });

  it('reports a syntax error with its file, line and column; an unresolvable import with what is missing', async () => {
    const syntax = copyProject(project, join(work, 'syntax'));
    writeFileSync(join(syntax, 'src', 'pipelines', 'reviews', 'nodes.ts'), 'export const broken = (;\n');
    const missing = copyProject(project, join(work, 'missing'));
    writeFileSync(join(missing, 'src', 'settings.ts'), "import { helper } from './helpers/nowhere.js';\nexport default { hooks: [helper] };\n");
    const outside = copyProject(project, join(work, 'outside'));
    writeFileSync(join(outside, 'src', 'settings.ts'), "import 'left-pad-nonexistent';\nexport default {};\n");
    const [bad, gone, pkg] = await cliAll([
      [['run'], { cwd: syntax }],
      [['run'], { cwd: missing }],
      [['run'], { cwd: outside }],
    ]);
    expect(bad!.code).toBe(1);
    expect(bad!.stderr).toMatch(/^Error: An error occurred while importing the module .*src\/pipelines\/reviews\/pipeline\.ts: Transform failed with 1 error:\n.*src\/pipelines\/reviews\/nodes\.ts:1:23: ERROR: Unexpected ";"/m);
    expect(gone!.code).toBe(1);
    expect(gone!.stderr).toMatch(/^Error: Failed to import the project settings src\/settings\.ts: Cannot find module '.*src\/helpers\/nowhere\.js' imported from .*src\/settings\.ts/m);
    expect(pkg!.code).toBe(1);
    expect(pkg!.stderr).toMatch(/^Error: Failed to import the project settings src\/settings\.ts: Cannot find package 'left-pad-nonexistent' imported from .*src\/settings\.ts/m);
  });
});
