/** Parquet files are exchanged with Python: pandas/pyarrow read ours, and we read theirs. */
import { join } from 'node:path';
import * as aq from 'arquero';
import { mlflowAvailable, runPythonJson } from '@kedro-mlflow/mlflow-test-server';
import { ParquetDataset } from '../src/index.js';
import { tempFolders } from './helpers.js';

const temp = tempFolders();
const withPython = mlflowAvailable() ? describe : describe.skip;

withPython('ParquetDataset and pandas', () => {
  it('pandas reads our file with the expected dtypes and values', async () => {
    const filepath = join(temp(), 'ours.parquet');
    await new ParquetDataset({ filepath }).save(
      aq.table({
        f: [1.5, null, 3],
        big: [1n, 2n, 3n],
        s: ['a', null, 'ü'],
        b: [true, false, true],
        when: [new Date('2024-01-01T00:00:00Z'), null, new Date('2024-03-01T12:00:00.250Z')],
        i32: new Int32Array([1, -2, 3]),
      }),
    );
    const result = await runPythonJson<{ dtypes: Record<string, string>; rows: unknown[] }>(`
import json, pandas as pd
df = pd.read_parquet(${JSON.stringify(filepath)})
print(json.dumps({"dtypes": {c: str(t) for c, t in df.dtypes.items()}, "rows": json.loads(df.to_json(orient="records", date_format="iso"))}))
`);
    expect(result.dtypes).toMatchObject({ f: 'float64', big: 'int64', b: 'bool', i32: 'int32' });
    expect(result.dtypes.when).toMatch(/^datetime64\[ms, UTC\]$/);
    expect(['object', 'str', 'string']).toContain(result.dtypes.s);
    expect(result.rows).toEqual([
      { f: 1.5, big: 1, s: 'a', b: true, when: '2024-01-01T00:00:00.000Z', i32: 1 },
      { f: null, big: 2, s: null, b: false, when: null, i32: -2 },
      { f: 3, big: 3, s: 'ü', b: true, when: '2024-03-01T12:00:00.250Z', i32: 3 },
    ]);
  });

  it.each(['snappy', 'none', 'gzip', 'zstd', 'brotli'])('we read a file pandas wrote (compression %s)', async (compression) => {
    const filepath = join(temp(), 'theirs.parquet');
    await runPythonJson(`
import pandas as pd
df = pd.DataFrame({
    "i": [1, 2, 3],
    "f": [1.5, None, 2.0],
    "s": ["a", None, "c"],
    "b": [True, False, True],
    "d": pd.to_datetime(["2024-01-01 00:00:00", None, "2024-01-03 10:00:00"]),
    "cat": pd.Categorical(["x", "y", "x"]),
    "n": pd.array([1, None, 3], dtype="Int32"),
})
df.to_parquet(${JSON.stringify(filepath)}, compression=${compression === 'none' ? 'None' : `'${compression}'`})
print("null")
`);
    const back = await new ParquetDataset({ filepath }).load();
    expect(back.columnNames()).toEqual(['i', 'f', 's', 'b', 'd', 'cat', 'n']);
    expect(back.objects()).toEqual([
      { i: 1n, f: 1.5, s: 'a', b: true, d: new Date('2024-01-01T00:00:00Z'), cat: 'x', n: 1 },
      { i: 2n, f: null, s: null, b: false, d: null, cat: 'y', n: null },
      { i: 3n, f: 2, s: 'c', b: true, d: new Date('2024-01-03T10:00:00Z'), cat: 'x', n: 3 },
    ]);
  });
});
