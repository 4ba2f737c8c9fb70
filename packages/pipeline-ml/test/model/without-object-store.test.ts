/**
 * Model bundles leave out the AWS SDK that mlflow-client's S3 store loads with import() (a model's
 * inference datasets are local): those imports resolve to a module that fails with a typed error; the
 * project's own AWS SDK imports are bundled as usual.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { withoutObjectStore } from '../../src/model/bundle-code.js';

describe('withoutObjectStore', () => {
  let work: string;
  beforeEach(() => {
    work = mkdtempSync(join(tmpdir(), 'without-object-store-'));
  });
  afterEach(() => rmSync(work, { recursive: true, force: true }));

  it("drops the S3 store's AWS SDK import(), whose use fails with object-store-unavailable; a project's own import stays", async () => {
    const store = join(work, 'dist', 'artifacts', 's3', 's3-object-store.js');
    mkdirSync(dirname(store), { recursive: true });
    writeFileSync(store, "export const connect = () => import('@aws-sdk/client-s3').then((m) => m.S3Client);\n");
    const entry = join(work, 'entry.mjs');
    writeFileSync(entry, `export { connect } from ${JSON.stringify(store)};\nexport const local = () => 'local data';\nexport const own = () => import('@aws-sdk/own-client');\n`);
    const outfile = join(work, 'out.mjs');
    const result = await build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'esm', outfile, plugins: [withoutObjectStore()], metafile: true, logLevel: 'silent', external: ['@aws-sdk/own-client'] });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs).toContain('kedro-model-object-store:@aws-sdk/client-s3');
    expect(inputs.some((i) => i.includes('node_modules'))).toBe(false);
    // The project's own import is not touched (here left external, so the bundle keeps it as is).
    expect(readFileSync(outfile, 'utf8')).toContain('import("@aws-sdk/own-client")');

    const mod = (await import(pathToFileURL(outfile).href)) as { local: () => string; connect: () => Promise<unknown> };
    expect(mod.local()).toBe('local data');
    await expect(mod.connect()).rejects.toMatchObject({ kind: 'object-store-unavailable', name: 'ObjectStoreUnavailableError' });
  });
});
