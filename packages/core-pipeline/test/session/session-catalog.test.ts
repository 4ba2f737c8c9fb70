import { join } from 'node:path';
import { captureLogs, ConfigError, DataCatalog, DatasetError, KedroSession, MemoryDataset } from '@kedro-mlflow/core-pipeline';
import { removeProjects } from '../project/project-fixture.js';
import { makeDemoProject } from './demo-project.js';

afterAll(removeProjects);

async function contextOf(files: Record<string, string> = {}, runtimeParams?: Record<string, unknown>) {
  const root = makeDemoProject(files);
  const session = await KedroSession.create({ projectPath: root, ...(runtimeParams ? { runtimeParams } : {}) });
  return { root, session, context: await session.loadContext() };
}

describe('KedroContext', () => {
  it('exposes the project, environment and config loader', async () => {
    const { root, context, session } = await contextOf();
    expect(context.projectPath).toBe(root);
    expect(context.env).toBe('local');
    expect(context.configLoader.confSource).toBe(join(root, 'conf'));
    expect(context.hookManager).toBe(session.hookManager);
  });

  it('params(): parameters with runtime parameters deep-merged', async () => {
    const { context } = await contextOf({}, { model: { lr: 0.5 }, extra: true });
    await expect(context.params()).resolves.toEqual({ factor: 2, label: 'base', model: { lr: 0.5, layers: 3 }, extra: true });
  });

  it('params(): without parameter files, warns and returns the runtime parameters', async () => {
    const { context } = await contextOf({}, { only: 1 });
    // No parameter files: patterns that match nothing.
    context.configLoader.addPatterns('parameters', ['nothing-matches*']);
    const logs = captureLogs('warn');
    try {
      await expect(context.params()).resolves.toEqual({ only: 1 });
    } finally {
      logs.restore();
    }
    expect(logs.messages('warn')[0]).toContain('Parameters not found in your Kedro project config.');
  });

  it('catalog(): every parameter is a dataset', async () => {
    const { context } = await contextOf();
    const catalog = await context.catalog();
    await expect(catalog.load('parameters')).resolves.toEqual({ factor: 2, label: 'base', model: { lr: 0.1, layers: 3 } });
    await expect(catalog.load('params:model')).resolves.toEqual({ lr: 0.1, layers: 3 });
    await expect(catalog.load('params:model.lr')).resolves.toBe(0.1);
    expect(catalog.getType('params:factor')).toBe('MemoryDataset');
  });

  it('catalog(): relative paths are made absolute against the project, wherever the process runs', async () => {
    const { root, context } = await contextOf();
    expect(process.cwd()).not.toBe(root);
    const catalog = await context.catalog();
    await expect(catalog.load('greeting')).resolves.toBe('hello');
    expect(catalog.toConfig().catalog.greeting).toMatchObject({ filepath: join(root, 'data', '01_raw', 'greeting.txt') });
  });

  it('catalog(): save and load versions are passed to the catalog', async () => {
    const { context } = await contextOf();
    const catalog = await context.catalog({ saveVersion: '2024-01-01T00.00.00.000Z', loadVersions: { shout: '2023-01-01T00.00.00.000Z' } });
    expect(catalog.saveVersion).toBe('2024-01-01T00.00.00.000Z');
    expect(catalog.loadVersions).toEqual({ shout: '2023-01-01T00.00.00.000Z' });
    expect((await context.catalog()).saveVersion).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });

  it('catalog(): works without catalog or credentials files', async () => {
    const { context } = await contextOf();
    context.configLoader.addPatterns('catalog', ['nothing-matches*']);
    context.configLoader.addPatterns('credentials', ['nothing-matches*']);
    const logs = captureLogs('warn');
    let catalog: DataCatalog;
    try {
      catalog = await context.catalog();
    } finally {
      logs.restore();
    }
    expect(catalog.keys().filter((k) => !k.startsWith('param'))).toEqual([]);
    expect(logs.messages('warn').join('\n')).toContain('Credentials not found in your Kedro project config.');
  });

  it('catalog(): injects credentials into datasets, and never shows them in errors or logs', async () => {
    const files = {
      'conf/base/catalog.yml': `secret_file:
  type: ./src/text_dataset.mjs#TextDataset
  filepath: data/secret.txt
  credentials: db
typo_file:
  type: ./src/text_dataset.mjs#TextDataset
  filepath: data/typo.txt
  credentials: db
  filpath: oops
`,
    };
    const { context } = await contextOf(files);
    const logs = captureLogs('debug');
    try {
      const catalog = await context.catalog();
      expect((catalog.get('secret_file') as unknown as { credentials: unknown }).credentials).toEqual({ password: 's3cr3t-value' });
      const loadError = await catalog.load('secret_file').catch((e: unknown) => e);
      expect(DatasetError.isInstance(loadError)).toBe(true);
      expect(String((loadError as Error).message)).not.toContain('s3cr3t');
      const buildError = (() => {
        try {
          catalog.get('typo_file');
          return undefined;
        } catch (error) {
          return error;
        }
      })();
      expect(DatasetError.isInstance(buildError)).toBe(true);
      expect((buildError as Error).message).toContain('filpath');
      expect((buildError as Error).message).not.toContain('s3cr3t');
      expect(catalog.toString()).not.toContain('s3cr3t');
    } finally {
      logs.restore();
    }
    expect(JSON.stringify(logs.records)).not.toContain('s3cr3t');
  });

  it('catalog(): names a credentials entry that does not exist', async () => {
    const { context } = await contextOf({ 'conf/base/catalog.yml': 'cache:\n  type: MemoryDataset\n  credentials: nope\n' });
    const error = await context.catalog().catch((e: unknown) => e);
    expect(DatasetError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain("Unable to find credentials 'nope'");
    expect((error as Error).message).not.toContain('s3cr3t');
  });

  it('catalog(): refuses dataset names with more than one @', async () => {
    const { context } = await contextOf({ 'conf/base/catalog.yml': 'cars@csv@raw:\n  type: MemoryDataset\n' });
    const error = await context.catalog().catch((e: unknown) => e);
    expect(ConfigError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain("Expected maximum 1 transcoding separator, found 2 instead: 'cars@csv@raw'. Rename the catalog entry 'cars@csv@raw'");
  });

  it('catalog(): uses the dataCatalogClass of the settings', async () => {
    const { context } = await contextOf({
      'src/settings.mjs': `import { DataCatalog } from '@kedro-mlflow/core-pipeline';
export class AuditedCatalog extends DataCatalog {}
export default { dataCatalogClass: AuditedCatalog };`,
    });
    const catalog = await context.catalog();
    expect(catalog.constructor.name).toBe('AuditedCatalog');
    expect(catalog).toBeInstanceOf(DataCatalog);
    expect(catalog.get('raw')).toBeInstanceOf(MemoryDataset);
  });

  it('pipelines(): the registry, loaded once per context', async () => {
    const { context } = await contextOf();
    const first = await context.pipelines();
    expect(Object.keys(first).sort()).toEqual(['__default__', 'data_processing', 'greeting', 'reporting']);
    expect(await context.pipelines()).toBe(first);
  });
});
