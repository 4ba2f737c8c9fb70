import { join } from 'node:path';
import { bootstrapProject, DataCatalog, defineSettings, loadSettings, ProjectError, validateSettings, type ModuleLoader } from '@kedro-mlflow/core-pipeline';
import { makeProject, removeProjects } from './project-fixture.js';

afterAll(removeProjects);

async function settingsOf(files: Record<string, string>, loader?: ModuleLoader) {
  return loadSettings(await bootstrapProject(makeProject(files)), loader);
}

async function settingsError(source: string): Promise<string> {
  const error = await settingsOf({ 'src/settings.mjs': source }).catch((e: unknown) => e);
  expect(ProjectError.isInstance(error)).toBe(true);
  return (error as Error).message;
}

const HEADER = "import { defineSettings, DataCatalog } from '@kedro-mlflow/core-pipeline';\n";

describe('loadSettings', () => {
  it('returns {} when the project has no settings file', async () => {
    await expect(settingsOf({})).resolves.toEqual({});
  });

  it('reads `export default defineSettings({...})`', async () => {
    const settings = await settingsOf({
      'src/settings.mjs': `${HEADER}
class Hooks { afterContextCreated() {} }
export default defineSettings({ hooks: [new Hooks()], confSource: 'config', configLoaderArgs: { baseEnv: 'common', mergeStrategy: { parameters: 'soft' } } });`,
    });
    expect(settings.confSource).toBe('config');
    expect(settings.hooks).toHaveLength(1);
    expect(settings.configLoaderArgs).toEqual({ baseEnv: 'common', mergeStrategy: { parameters: 'soft' } });
  });

  it('accepts a named `settings` export, and a subclass of DataCatalog', async () => {
    const settings = await settingsOf({
      'src/settings.mjs': `${HEADER}class MyCatalog extends DataCatalog {}\nexport const settings = { dataCatalogClass: MyCatalog, disableHooksForPlugins: ['x'] };`,
    });
    expect(settings.dataCatalogClass?.name).toBe('MyCatalog');
    expect(settings.disableHooksForPlugins).toEqual(['x']);
  });

  it('treats a settings file without exports as no settings', async () => {
    await expect(settingsOf({ 'src/settings.mjs': '// nothing configured yet\n' })).resolves.toEqual({});
  });

  it('refuses a settings file exporting something else, listing its exports', async () => {
    const message = await settingsError('export const hooks = [];');
    expect(message).toBe("src/settings.mjs must `export default defineSettings({...})` (or export a `settings` object); it exports ['hooks'].");
  });

  it('prefers settings.ts over settings.js, and uses the given module loader', async () => {
    const seen: string[] = [];
    const loader: ModuleLoader = async (file) => {
      seen.push(file);
      return { default: { confSource: file.endsWith('.ts') ? 'from-ts' : 'from-js' } };
    };
    const settings = await settingsOf({ 'src/settings.ts': '', 'src/settings.js': '' }, loader);
    expect(settings.confSource).toBe('from-ts');
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatch(/src[/\\]settings\.ts$/);
  });

  it('wraps an import failure in a ProjectError naming the file', async () => {
    const message = await settingsError("import './missing-module.mjs';\nexport default {};");
    expect(message).toMatch(/^Failed to import the project settings src\/settings\.mjs: /);
    expect(message).toContain('missing-module');
  });

  it.each([
    ['export default defineSettings({ hook: [] });', "unknown field 'hook'. Did you mean 'hooks'?"],
    ['class H {}\nexport default defineSettings({ hooks: [H] });', "'hooks[0]' is the class 'H'. KedroSession expects hooks to be registered as instances. Have you forgotten the `new` when registering a hook class? Write `new H()`."],
    ["export default defineSettings({ hooks: { a: 1 } });", "'hooks' must be an array of hook instances, got an object."],
    ["export default defineSettings({ hooks: [{}, 'x'] });", "'hooks[1]' must be an object with hook methods, got 'x'."],
    ['export default defineSettings({ disableHooksForPlugins: [1] });', "'disableHooksForPlugins' must be an array of plugin names, got an array."],
    ["export default defineSettings({ confSource: '' });", "'confSource' must be a non-empty folder path, got an empty string."],
    ["export default defineSettings({ configLoaderArgs: { env: 'prod' } });", "'configLoaderArgs.env' is not allowed: it comes from the session"],
    ["export default defineSettings({ configLoaderArgs: { confSource: 'c' } });", "set the 'confSource' field of the settings instead"],
    ["export default defineSettings({ configLoaderArgs: { baseenv: 'b' } });", "unknown field 'configLoaderArgs.baseenv'. Did you mean 'baseEnv'?"],
    ['export default defineSettings({ configLoaderArgs: { defaultRunEnv: 3 } });', "'configLoaderArgs.defaultRunEnv' must be a string, got number 3."],
    ["export default defineSettings({ configLoaderArgs: { configPatterns: 'x' } });", "'configLoaderArgs.configPatterns' must be an object, got 'x'."],
    ['export default defineSettings({ dataCatalogClass: class Other {} });', "'dataCatalogClass' must be DataCatalog or a class extending it"],
    ['export default 42;', 'the exported settings must be an object (use defineSettings({...})), got number 42.'],
  ])('validates fields, naming the file and the field (%#)', async (source, expected) => {
    const message = await settingsError(`${HEADER}${source}`);
    expect(message.startsWith('Invalid settings in src/settings.mjs: ')).toBe(true);
    expect(message).toContain(expected);
  });
});

describe('defineSettings / validateSettings', () => {
  it('defineSettings returns its argument; validateSettings accepts valid settings', () => {
    const settings = defineSettings({ hooks: [{}], confSource: 'conf', dataCatalogClass: DataCatalog, configLoaderArgs: { ignoreHidden: false } });
    expect(validateSettings(settings)).toBe(settings);
    expect(() => validateSettings({ confSource: 1 }, join('src', 'settings.ts'))).toThrow(
      "Invalid settings in src/settings.ts: 'confSource' must be a non-empty folder path, got number 1.",
    );
  });
});
