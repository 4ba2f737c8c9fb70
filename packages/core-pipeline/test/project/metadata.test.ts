import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bootstrapProject, captureLogs, CORE_PIPELINE_VERSION, findProjectRoot, ProjectError, KedroError } from '@kedro-mlflow/core-pipeline';
import { DEFAULT_KEDRO, makeProject, PACKAGE_DIR, removeProjects } from './project-fixture.js';

afterAll(removeProjects);

async function bootstrapError(projectPath: string): Promise<ProjectError> {
  const error = await bootstrapProject(projectPath).catch((e: unknown) => e);
  expect(ProjectError.isInstance(error)).toBe(true);
  expect(KedroError.isInstance(error)).toBe(true);
  return error as ProjectError;
}

describe('bootstrapProject', () => {
  it('reads the "kedro" field of package.json, with absolute paths', async () => {
    const root = makeProject();
    await expect(bootstrapProject(root)).resolves.toEqual({
      projectPath: root,
      projectName: 'Demo Project',
      packageName: 'demo',
      sourceDir: join(root, 'src'),
      initVersion: '0.1.0',
    });
  });

  it('defaults sourceDir to src and accepts a relative project path', async () => {
    const root = makeProject({}, { kedro: { packageName: 'p', projectName: 'P' } });
    const cwd = process.cwd();
    process.chdir(join(root, 'conf'));
    try {
      const metadata = await bootstrapProject('..');
      expect(metadata.projectPath).toBe(root);
      expect(metadata.sourceDir).toBe(join(root, 'src'));
      expect(metadata.initVersion).toBeUndefined();
    } finally {
      process.chdir(cwd);
    }
  });

  it('says which file is missing and what to do', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'kedro-noproject-'));
    const error = await bootstrapError(empty);
    expect(error.message).toContain(`Could not find the project configuration file 'package.json' in '${empty}'`);
    expect(error.message).toContain('kedro-mlflow new');
  });

  it('refuses a package.json without a "kedro" field, with an example of one', async () => {
    const root = makeProject({}, { kedro: null });
    const error = await bootstrapError(root);
    expect(error.message).toContain(`'${join(root, 'package.json')}' has no "kedro" field`);
    expect(error.message).toContain('"packageName": "my_project"');
  });

  it('refuses invalid JSON, naming the file', async () => {
    const root = makeProject({}, { packageJsonText: '{ "kedro": { "packageName": "x", } }' });
    const error = await bootstrapError(root);
    expect(error.message).toContain(`Failed to parse '${join(root, 'package.json')}'`);
  });

  it('names the missing required keys', async () => {
    const root = makeProject({}, { kedro: { sourceDir: 'src' } });
    const error = await bootstrapError(root);
    expect(error.message).toContain(`Missing required keys ['packageName', 'projectName'] in the "kedro" field of '${join(root, 'package.json')}'`);
  });

  it.each([
    [{ ...DEFAULT_KEDRO, projectName: 3 }, '"kedro.projectName"', 'number 3'],
    [{ ...DEFAULT_KEDRO, sourceDir: '' }, '"kedro.sourceDir"', 'an empty string'],
    [{ ...DEFAULT_KEDRO, packageName: ['a'] }, '"kedro.packageName"', 'an array'],
  ])('refuses fields of the wrong type (%#)', async (kedro, field, got) => {
    const error = await bootstrapError(makeProject({}, { kedro }));
    expect(error.message).toContain(`${field} in '`);
    expect(error.message).toContain(`must be a non-empty string, got ${got}`);
  });

  it('refuses a "kedro" field that is not an object', async () => {
    const error = await bootstrapError(makeProject({}, { kedro: 'yes' as unknown as Record<string, unknown> }));
    expect(error.message).toContain(`The "kedro" field of '`);
    expect(error.message).toContain("must be an object such as");
  });

  it('warns about unknown keys, suggesting the close one', async () => {
    const logs = captureLogs('warn');
    try {
      await bootstrapProject(makeProject({}, { kedro: { ...DEFAULT_KEDRO, sourcedir: 'lib' } }));
    } finally {
      logs.restore();
    }
    expect(logs.messages('warn').join('\n')).toMatch(/Unknown key "kedro.sourcedir" in '.*package.json' is ignored. Did you mean "sourceDir"\?/);
  });

  it('refuses a project made by another major version, and a malformed version', async () => {
    const other = await bootstrapError(makeProject({}, { kedro: { ...DEFAULT_KEDRO, kedroMlflowInitVersion: '7.0.0' } }));
    expect(other.message).toContain(`created with kedro-mlflow-ts 7.0.0, which does not match the version you are running (${CORE_PIPELINE_VERSION})`);
    const bad = await bootstrapError(makeProject({}, { kedro: { ...DEFAULT_KEDRO, kedroMlflowInitVersion: 'latest' } }));
    expect(bad.message).toContain("must be a version such as '0.1.0', got 'latest'");
  });

  it('uses a version constant equal to package.json', () => {
    const pkg = JSON.parse(readFileSync(join(PACKAGE_DIR, 'package.json'), 'utf8')) as { version: string };
    expect(CORE_PIPELINE_VERSION).toBe(pkg.version);
  });
});

describe('findProjectRoot', () => {
  it('walks up to the first package.json with a "kedro" field', () => {
    const root = makeProject({ 'src/pipelines/a/x.txt': '' });
    // A package.json without "kedro" on the way (a sub-package) is not the project.
    writeFileSync(join(root, 'src', 'package.json'), JSON.stringify({ name: 'inner' }));
    expect(findProjectRoot(join(root, 'src', 'pipelines', 'a'))).toBe(root);
    expect(findProjectRoot(root)).toBe(root);
  });

  it('returns undefined outside any project', () => {
    const outside = mkdtempSync(join(tmpdir(), 'kedro-outside-'));
    mkdirSync(join(outside, 'deep'));
    expect(findProjectRoot(join(outside, 'deep'))).toBeUndefined();
  });

  it('counts a malformed package.json mentioning "kedro", so the syntax error gets reported', async () => {
    const root = makeProject({}, { packageJsonText: '{ "kedro": { oops } }' });
    expect(findProjectRoot(join(root, 'conf', 'base'))).toBe(root);
    await expect(bootstrapProject(root)).rejects.toThrow('Failed to parse');
  });

  it('defaults to the working directory', () => {
    const root = makeProject();
    const cwd = process.cwd();
    process.chdir(join(root, 'conf', 'local'));
    try {
      expect(findProjectRoot()).toBe(root);
    } finally {
      process.chdir(cwd);
    }
  });
});
