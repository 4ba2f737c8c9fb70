/**
 * The AWS SDK is large: a run whose catalog has only local paths must not load it. A child process
 * runs the built package (what users run) through a local catalog — versioned, tabular and
 * partitioned datasets — and builds an s3:// dataset without using it, then reports which AWS SDK
 * modules Node loaded (the SDK is CommonJS, so each module it loads is in require.cache). The same
 * process then makes one s3 request, which must load it: the probe sees what it looks for.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@kedro-mlflow/mlflow-test-server';

const packageDir = join(__dirname, '..', '..');
const built = existsSync(join(packageDir, 'dist', 'local-dataset-types.bundle.js'));

(built ? describe : describe.skip)('cold start of a local-only catalog', () => {
  let work: string;
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'datasets-cold-'));
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('loads no AWS SDK module until the first s3 request', async () => {
    const port = await freePort();
    const script = join(packageDir, `.cold-start-${process.pid}.mjs`);
    writeFileSync(
      script,
      `import { createRequire } from 'node:module';
import { DataCatalog } from '@kedro-mlflow/core-pipeline';
import { registerLocalDatasetTypes } from '@kedro-mlflow/datasets/local-types';
const sdkModules = () => Object.keys(createRequire(import.meta.url).cache).filter((p) => /[\\\\/]@(aws-sdk|smithy)[\\\\/]/.test(p)).length;
registerLocalDatasetTypes();
const dir = ${JSON.stringify(work)};
const catalog = await DataCatalog.fromConfig({
  params: { type: 'json.JSONDataset', filepath: dir + '/params.json', versioned: true },
  cars: { type: 'pandas.CSVDataset', filepath: dir + '/cars.csv' },
  parts: { type: 'partitions.PartitionedDataset', path: dir + '/parts', dataset: 'text.TextDataset' },
  remote: { type: 'text.TextDataset', filepath: 's3://bucket-x/never-used.txt', credentials: 'dev_s3' },
}, { credentials: { dev_s3: { key: 'k', secret: 's', client_kwargs: { endpoint_url: 'http://127.0.0.1:${port}' } } } });
await catalog.save('params', { lr: 0.1 });
await catalog.save('parts', { a: 'x' });
await catalog.load('params');
await (await catalog.load('parts')).a();
await catalog.exists('cars');
const local = sdkModules();
const failure = await catalog.load('remote').catch((e) => e);
console.log(JSON.stringify({ local, afterS3: sdkModules(), failed: failure instanceof Error }));
`,
    );
    try {
      const out = execFileSync(process.execPath, [script], { cwd: packageDir, encoding: 'utf8', env: { ...process.env, KEDRO_LOG_LEVEL: 'silent' } });
      const report = JSON.parse(out.trim().split('\n').pop()!) as { local: number; afterS3: number; failed: boolean };
      expect(report.local).toBe(0);
      expect(report.failed).toBe(true);
      expect(report.afterS3).toBeGreaterThan(10);
    } finally {
      rmSync(script, { force: true });
    }
  }, 60_000);
});
