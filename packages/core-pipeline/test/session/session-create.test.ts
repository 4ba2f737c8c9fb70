import { execFileSync } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeGit, KedroSession, KedroSessionError, MissingConfigError, ProjectError } from '@kedro-mlflow/core-pipeline';
import { makeProject, PACKAGE_DIR, removeProjects } from '../project/project-fixture.js';
import { makeDemoProject, recorder } from './demo-project.js';

afterAll(removeProjects);

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}\.\d{2}\.\d{2}\.\d{3}Z$/;

describe('KedroSession.create', () => {
  const savedEnv = process.env.KEDRO_ENV;
  afterEach(() => {
    if (savedEnv === undefined) delete process.env.KEDRO_ENV;
    else process.env.KEDRO_ENV = savedEnv;
  });

  it('reads the project and records the session in its store', async () => {
    const root = makeDemoProject();
    const session = await KedroSession.create({ projectPath: root, runtimeParams: { factor: 3 } });
    expect(session.sessionId).toMatch(TIMESTAMP);
    expect(session.metadata.projectName).toBe('Demo Project');
    expect(session.env).toBe('local');
    expect(session.confSource).toBe(join(root, 'conf'));
    expect(session.store).toMatchObject({ sessionId: session.sessionId, projectPath: root, env: 'local', runtimeParams: { factor: 3 } });
    expect(typeof session.store.username).toBe('string');
    // A temp folder is not a git repository: no git entry, and no failure.
    expect((await session.storeReady()).git).toBeUndefined();
  });

  it('finds the project from the working directory by default', async () => {
    const root = makeDemoProject();
    const cwd = process.cwd();
    process.chdir(join(root, 'src', 'pipelines'));
    try {
      const session = await KedroSession.create();
      expect(session.metadata.projectPath).toBe(realpathSync(root));
    } finally {
      process.chdir(cwd);
    }
  });

  it('says to run inside a project when there is none', async () => {
    const cwd = process.cwd();
    const outside = realpathSync(tmpdir());
    process.chdir(outside);
    try {
      const error = await KedroSession.create().catch((e: unknown) => e);
      expect(ProjectError.isInstance(error)).toBe(true);
      expect((error as Error).message).toContain(`Could not find a kedro-mlflow project in '${outside}' or any folder above it`);
      expect((error as Error).message).toContain('Run the command inside a project, or pass projectPath.');
    } finally {
      process.chdir(cwd);
    }
  });

  it('takes the environment from the option, else $KEDRO_ENV, else settings, else local', async () => {
    const root = makeDemoProject({
      'src/settings.mjs': "export default { configLoaderArgs: { defaultRunEnv: 'staging' } };",
      'conf/staging/.keep': '',
    });
    process.env.KEDRO_ENV = 'prod';
    expect((await KedroSession.create({ projectPath: root, env: 'base' })).env).toBe('base');
    expect((await KedroSession.create({ projectPath: root })).env).toBe('prod');
    process.env.KEDRO_ENV = '';
    expect((await KedroSession.create({ projectPath: root })).env).toBe('staging');
    expect((await KedroSession.create({ projectPath: makeDemoProject() })).env).toBe('local');
  });

  it('checks the configuration folder exists (option relative to the working directory, or settings)', async () => {
    const root = makeDemoProject();
    const error = await KedroSession.create({ projectPath: root, confSource: join(root, 'nope') }).catch((e: unknown) => e);
    expect(ProjectError.isInstance(error)).toBe(true);
    expect((error as Error).message).toBe(
      `The configuration folder '${join(root, 'nope')}' (from the confSource option) does not exist. Create it, or point confSource at an existing folder.`,
    );
    const cwd = process.cwd();
    process.chdir(root);
    try {
      expect((await KedroSession.create({ projectPath: root, confSource: 'conf' })).confSource).toBe(join(realpathSync(root), 'conf'));
    } finally {
      process.chdir(cwd);
    }
    const fromSettings = makeDemoProject({ 'src/settings.mjs': "export default { confSource: 'config' };" });
    await expect(KedroSession.create({ projectPath: fromSettings })).rejects.toThrow("(from settings' confSource) does not exist");
  });

  it('refuses an unknown environment when the context is loaded, listing the existing ones', async () => {
    const session = await KedroSession.create({ projectPath: makeDemoProject(), env: 'prdo' });
    const error = await session.loadContext().catch((e: unknown) => e);
    expect(MissingConfigError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/^Configuration environment 'prdo' not found: no folder .*conf[/\\]prdo\. Existing environments: \['base', 'local', 'prod'\]\./);
  });

  it('refuses a missing base environment folder', async () => {
    const root = makeProject({}, { confFolders: false });
    const session = await KedroSession.create({ projectPath: root, confSource: join(PACKAGE_DIR, 'test') });
    await expect(session.loadContext()).rejects.toThrow("The base configuration environment 'base' does not exist");
  });

  it('refuses a hook class given in options, with kedro wording', async () => {
    class MyHooks {}
    const error = await KedroSession.create({ projectPath: makeDemoProject(), hooks: [MyHooks as unknown as object] }).catch((e: unknown) => e);
    expect(KedroSessionError.isInstance(error)).toBe(true);
    expect((error as Error).message).toBe(
      "KedroSession expects hooks to be registered as instances, got the class 'MyHooks'. Have you forgotten the `new` when registering a hook class?",
    );
  });

  it('surfaces settings errors at creation', async () => {
    const root = makeDemoProject({ 'src/settings.mjs': 'export default { hookz: [] };' });
    await expect(KedroSession.create({ projectPath: root })).rejects.toThrow("Invalid settings in src/settings.mjs: unknown field 'hookz'. Did you mean 'hooks'?");
  });

  it('close() is idempotent and refuses later runs', async () => {
    const events: string[] = [];
    const session = await KedroSession.create({ projectPath: makeDemoProject(), hooks: [recorder(events)] });
    session.close();
    session.close();
    expect(session.closed).toBe(true);
    const error = await session.run().catch((e: unknown) => e);
    expect(KedroSessionError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('This KedroSession is closed');
    await expect(session.loadContext()).rejects.toThrow('This KedroSession is closed');
    expect(events).toEqual([]);
  });
});

describe('describeGit', () => {
  it('gives the commit and dirtiness of a repository', async () => {
    const git = await describeGit(PACKAGE_DIR);
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: PACKAGE_DIR, encoding: 'utf8' }).trim();
    expect(git).toEqual({ commit: head, dirty: expect.any(Boolean) });
  });

  it('gives undefined outside a repository', async () => {
    await expect(describeGit(makeProject())).resolves.toBeUndefined();
  });
});
