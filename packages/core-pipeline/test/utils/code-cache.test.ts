/**
 * The V8 code cache of our CommonJS bundles, in real Node processes: the first run writes an entry,
 * the next compiles from it and can still `import()` (V8 drops the import callback of cached code,
 * so bundles import through the loader it installs), a changed file replaces its old entry, a
 * corrupt entry is refused and rewritten, and `KEDRO_MLFLOW_CACHE_DIR=off` leaves Node's own loader.
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const CODE_CACHE = join(__dirname, '..', '..', 'dist', 'utils', 'code-cache.js');

// The shape scripts/bundle.mjs gives a CommonJS bundle: `import()` through `__load`.
const BUNDLE = `'use strict';
const __load = (specifier) => globalThis[Symbol.for('@kedro-mlflow/code-cache.import')]?.(specifier, require('node:url').pathToFileURL(__filename).href) ?? import(specifier);
exports.answer = async () => (await __load('./answer.mjs')).value;
exports.twice = (n) => n * 2;
`;

interface RunResult {
  enabled: boolean;
  answer: number;
  twice: number;
  stats: { hits: number; misses: number; rejected: number } | null;
}

describe('enableCodeCache', () => {
  let work: string;
  let cacheDir: string;

  beforeAll(() => {
    if (!existsSync(CODE_CACHE)) throw new Error(`${CODE_CACHE} is missing: build core-pipeline first (pnpm build)`);
  });

  beforeEach(() => {
    work = mkdtempSync(join(tmpdir(), 'code-cache-'));
    cacheDir = join(work, 'cache');
    writeFileSync(join(work, 'lib.bundle.cjs'), BUNDLE);
    writeFileSync(join(work, 'dynamic-import.mjs'), 'export default (specifier) => import(specifier);\n');
    writeFileSync(join(work, 'answer.mjs'), 'export const value = 42;\n');
    writeFileSync(
      join(work, 'main.mjs'),
      `import { createRequire } from 'node:module';
import { enableCodeCache, codeCacheStats } from ${JSON.stringify(pathToFileURL(CODE_CACHE).href)};
const enabled = enableCodeCache({ variant: 'test' });
const lib = createRequire(import.meta.url)('./lib.bundle.cjs');
console.log(JSON.stringify({ enabled, answer: await lib.answer(), twice: lib.twice(21), stats: codeCacheStats() ?? null }));
`,
    );
  });
  afterEach(() => rmSync(work, { recursive: true, force: true }));

  function run(dir: string = cacheDir): RunResult {
    const res = spawnSync(process.execPath, [join(work, 'main.mjs')], { cwd: work, env: { ...process.env, KEDRO_MLFLOW_CACHE_DIR: dir }, encoding: 'utf8' });
    expect(res.stderr).toBe('');
    expect(res.status).toBe(0);
    return JSON.parse(res.stdout) as RunResult;
  }

  const entries = (): string[] => readdirSync(join(cacheDir, 'v8-code')).filter((f) => f.endsWith('.bin'));

  it('writes an entry on the first run and compiles from it on the next, where import() still works', () => {
    const first = run();
    expect(first).toEqual({ enabled: true, answer: 42, twice: 42, stats: { hits: 0, misses: 1, rejected: 0 } });
    expect(entries()).toHaveLength(1);

    const second = run();
    expect(second).toEqual({ enabled: true, answer: 42, twice: 42, stats: { hits: 1, misses: 0, rejected: 0 } });
    expect(entries()).toHaveLength(1);
  });

  it('a changed bundle gets a new entry that replaces the old one; entries over a month old go too', () => {
    run();
    const [old] = entries();
    const stale = join(cacheDir, 'v8-code', 'ffffffffffffffffffff-ffffffffffffffffffff.bin');
    writeFileSync(stale, 'from a file that is gone');
    const fortyDaysAgo = new Date(Date.now() - 40 * 24 * 3600 * 1000);
    utimesSync(stale, fortyDaysAgo, fortyDaysAgo);
    appendFileSync(join(work, 'lib.bundle.cjs'), 'exports.extra = 1;\n');
    expect(run().stats).toEqual({ hits: 0, misses: 1, rejected: 0 });
    expect(entries()).toHaveLength(1);
    expect(entries()[0]).not.toBe(old);
    expect(existsSync(stale)).toBe(false);
    expect(run().stats).toEqual({ hits: 1, misses: 0, rejected: 0 });
  });

  it('a corrupt entry is refused, the bundle still runs, and the entry is rewritten', () => {
    run();
    const [entry] = entries();
    writeFileSync(join(cacheDir, 'v8-code', entry!), Buffer.from('not V8 code cache data at all'));
    const refused = run();
    expect(refused.answer).toBe(42);
    expect(refused.stats).toEqual({ hits: 0, misses: 0, rejected: 1 });
    expect(run().stats).toEqual({ hits: 1, misses: 0, rejected: 0 });
  });

  it("KEDRO_MLFLOW_CACHE_DIR=off leaves Node's own loader (and the bundle works)", () => {
    expect(run('off')).toEqual({ enabled: false, answer: 42, twice: 42, stats: null });
    expect(existsSync(join(cacheDir, 'v8-code'))).toBe(false);
  });
});
