/**
 * `kedro-mlflow init` (kedro-mlflow's tests/framework/cli/test_cli.py, init cases) and the template
 * helpers (test_cli_utils.py): the built binary on projects made by `kedro-mlflow new`.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { mlflowConfigSchema } from '@kedro-mlflow/hooks';
import { mlflowTemplatePath, renderMlflowTemplate, writeTemplate } from '../src/commands/init.js';
import { render } from '../src/project/scaffold.js';
import { cli, copyProject, ensureBuilt, newProject, removeDir, tempDir } from './helpers.js';

let work: string;
let project: string;

beforeAll(() => {
  ensureBuilt();
  work = tempDir('init');
  project = newProject(work, 'Demo Project', ['--no-example']);
});
afterAll(() => removeDir(work));

/** Every key path of a YAML/JSON object (leaves and sections). */
function keyPaths(value: unknown, prefix = ''): string[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [];
  return Object.entries(value).flatMap(([key, child]) => [`${prefix}${key}`, ...keyPaths(child, `${prefix}${key}.`)]);
}

describe('kedro-mlflow init', () => {
  it('is listed by --help with ui', () => {
    const res = cli(['--help'], { cwd: project });
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/^\s+init \[options\]/m);
    expect(res.stdout).toMatch(/^\s+ui \[options\]/m);
  });

  it.each([
    ['the project root', ''],
    ['a subfolder', 'src'],
  ])('writes conf/local/mlflow.yml from %s', (_label, sub) => {
    const copy = copyProject(project, join(work, `init-${sub || 'root'}`));
    const res = cli(['init'], { cwd: join(copy, sub) });
    expect(res.code).toBe(0);
    expect(res.stderr).toContain("'conf/local/mlflow.yml' successfully updated.");
    const file = join(copy, 'conf', 'local', 'mlflow.yml');
    expect(res.stdout).toBe(`${file}\n`);
    expect(readFileSync(file, 'utf8')).toBe(renderMlflowTemplate('demo_project'));
    expect(parse(readFileSync(file, 'utf8')).tracking.experiment.name).toBe('demo_project');
  });

  it('refuses to overwrite an existing mlflow.yml (exit code 1, file unchanged), and --force overwrites it', () => {
    const copy = copyProject(project, join(work, 'existing'));
    const file = join(copy, 'conf', 'local', 'mlflow.yml');
    const mine = 'server:\n  mlflow_tracking_uri: toto\n';
    writeFileSync(file, mine);
    const refused = cli(['init'], { cwd: copy });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("A 'mlflow.yml' already exists at 'conf/local/mlflow.yml' and was left unchanged. Use --force to overwrite it.");
    expect(readFileSync(file, 'utf8')).toBe(mine);

    const forced = cli(['init', '--force'], { cwd: copy });
    expect(forced.code).toBe(0);
    expect(forced.stderr).toContain("'conf/local/mlflow.yml' successfully updated.");
    // Reset to the template: no tracking URI, so runs go to the project's mlruns folder.
    expect(parse(readFileSync(file, 'utf8')).server.mlflow_tracking_uri).toBeNull();
  });

  it.each(['base', 'local'])('--env %s writes conf/%s/mlflow.yml', (env) => {
    const copy = copyProject(project, join(work, `env-${env}`));
    const res = cli(['init', '--env', env], { cwd: copy });
    expect(res.code).toBe(0);
    expect(res.stderr).toContain(`'conf/${env}/mlflow.yml' successfully updated.`);
    expect(existsSync(join(copy, 'conf', env, 'mlflow.yml'))).toBe(true);
  });

  it('an environment folder that does not exist is an error naming the existing ones, and is not created', () => {
    const res = cli(['init', '--env', 'debug'], { cwd: project });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain("No env 'debug' found. Please check this folder exists inside 'conf' folder (environments: base, local)");
    expect(existsSync(join(project, 'conf', 'debug'))).toBe(false);
  });

  it('an --env that is a path is refused (the file stays inside the configuration folder)', () => {
    mkdirSync(join(work, 'outside'), { recursive: true });
    const res = cli(['init', '--env', '../../outside'], { cwd: project });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain("Invalid value for '--env': '../../outside' is not an environment name");
    expect(existsSync(join(work, 'outside', 'mlflow.yml'))).toBe(false);
  });

  it('-s prints no success message; the path still goes to stdout', () => {
    const copy = copyProject(project, join(work, 'silent'));
    const res = cli(['init', '-s'], { cwd: copy });
    expect(res.code).toBe(0);
    expect(res.stderr).not.toContain('successfully updated');
    expect(res.stdout).toBe(`${join(copy, 'conf', 'local', 'mlflow.yml')}\n`);
  });

  it("follows settings' confSource", () => {
    const copy = copyProject(project, join(work, 'conf-source'));
    mkdirSync(join(copy, 'settings', 'local'), { recursive: true });
    mkdirSync(join(copy, 'settings', 'base'), { recursive: true });
    writeFileSync(join(copy, 'src', 'settings.ts'), "import { defineSettings } from '@kedro-mlflow/core-pipeline';\nexport default defineSettings({ confSource: 'settings' });\n");
    const res = cli(['init'], { cwd: copy });
    expect(res.code).toBe(0);
    expect(res.stderr).toContain("'settings/local/mlflow.yml' successfully updated.");
    expect(existsSync(join(copy, 'settings', 'local', 'mlflow.yml'))).toBe(true);
  });
});

describe('the mlflow.yml template', () => {
  it('rendered and parsed, equals the defaults with the package as experiment, and lists every key of the schema', () => {
    const raw = parse(renderMlflowTemplate('fake_project')) as Record<string, unknown>;
    const defaults = mlflowConfigSchema.parse({});
    expect(mlflowConfigSchema.parse(raw)).toEqual({ ...defaults, tracking: { ...defaults.tracking, experiment: { ...defaults.tracking.experiment, name: 'fake_project' } } });
    expect(keyPaths(raw).sort()).toEqual(keyPaths(defaults).sort());
    expect(raw).toMatchObject({
      server: { mlflow_tracking_uri: null, mlflow_registry_uri: null, credentials: null, request_header_provider: { type: null, pass_context: false, init_kwargs: {} } },
      tracking: {
        disable_tracking: { pipelines: [], disable_autologging: true },
        experiment: { name: 'fake_project', create_experiment_kwargs: { artifact_location: null, tags: null }, restore_if_deleted: true },
        run: { id: null, name: null, nested: true },
        params: { dict_params: { flatten: false, recursive: true, sep: '.' }, long_params_strategy: 'fail', long_params_max_length: 6000 },
      },
      ui: { port: 5000, host: '127.0.0.1' },
    });
  });

  it('documents every key with a comment', () => {
    const lines = readFileSync(mlflowTemplatePath(), 'utf8').split('\n');
    const keyLines = lines.map((line, i) => ({ line, i })).filter(({ line }) => /^\s*\w+:/.test(line));
    for (const { line, i } of keyLines) {
      const commented = line.includes('#') || /^\s*#/.test(lines[i - 1] ?? '') || /^\s*\w+:\s*$/.test(line);
      expect({ line, commented }).toEqual({ line, commented: true });
    }
  });

  // kedro-mlflow's test_cli_utils.py: the placeholder is replaced, everything else (the final newline too) kept.
  const TEXT = "fake file\n which contains {{ fake_tag }}. Nice, isn't it?\n";
  const EXPECTED = "fake file\n which contains 'Hello world!'. Nice, isn't it?\n";

  it('render replaces the tags and keeps the rest, trailing newline included', () => {
    expect(render(TEXT, { fake_tag: "'Hello world!'" }, {})).toBe(EXPECTED);
  });

  it('writeTemplate writes the rendered text, and never over a file unless asked', () => {
    const file = join(work, 'written.txt');
    writeTemplate(file, render(TEXT, { fake_tag: "'Hello world!'" }, {}), false);
    expect(readFileSync(file, 'utf8')).toBe(EXPECTED);
    expect(() => writeTemplate(file, 'other', false)).toThrow(expect.objectContaining({ code: 'EEXIST' }));
    expect(readFileSync(file, 'utf8')).toBe(EXPECTED);
    writeTemplate(file, 'other\n', true);
    expect(readFileSync(file, 'utf8')).toBe('other\n');
  });
});
