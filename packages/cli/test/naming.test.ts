import { mkdtempSync, readFileSync, rmSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NAME_RULE, projectNames, scaffoldProject } from '@kedro-mlflow/cli';

describe('projectNames', () => {
  it("derives kedro's folder and package names", () => {
    expect(projectNames('My Project_x')).toEqual({ projectName: 'My Project_x', repoName: 'my-project-x', packageName: 'my_project_x' });
    expect(projectNames('  spaced-name ')).toEqual({ projectName: 'spaced-name', repoName: 'spaced-name', packageName: 'spaced_name' });
  });

  it.each(['a', '1project', '_x', 'my/project', 'café', 'a.b', ''])('rejects %p and states the rule', (name) => {
    expect(() => projectNames(name)).toThrow(`'${name}' is an invalid value for project name. ${NAME_RULE}`);
  });

  it('rejects names of Node.js built-in modules', () => {
    expect(() => projectNames('Child Process')).toThrow(/'child_process' is the name of a Node.js built-in module/);
    expect(() => projectNames('http')).toThrow(/'http' is the name of a Node.js built-in module/);
  });
});

describe('scaffoldProject', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'kedro-mlflow-cli-scaffold-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('fills the names in and leaves no staging folder behind', () => {
    const { projectPath, files } = scaffoldProject({ names: projectNames('Unit Demo'), parentDir: dir, example: false });
    expect(projectPath).toBe(join(dir, 'unit-demo'));
    const manifest = JSON.parse(readFileSync(join(projectPath, 'package.json'), 'utf8'));
    expect(manifest).toMatchObject({ name: 'unit-demo', type: 'module', kedro: { packageName: 'unit_demo', projectName: 'Unit Demo', sourceDir: 'src' } });
    expect(files).toContain('.gitignore');
    expect(files).not.toContain('src/pipelines/reviews/pipeline.ts');
    expect(readFileSync(join(projectPath, 'README.md'), 'utf8')).not.toMatch(/\{\{|reviews/);
    expect(readdirSync(dir)).toEqual(['unit-demo']);
  });

  it('refuses an existing folder without touching it', () => {
    expect(() => scaffoldProject({ names: projectNames('Unit Demo'), parentDir: dir, example: true })).toThrow(/already exists/);
    expect(existsSync(join(dir, 'unit-demo', 'src', 'pipelines'))).toBe(false);
    expect(readdirSync(dir)).toEqual(['unit-demo']);
  });
});
