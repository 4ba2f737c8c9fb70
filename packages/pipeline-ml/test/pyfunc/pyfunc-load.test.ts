/**
 * The python_function flavor with Python MLflow itself: `mlflow.pyfunc.load_model(folder).predict`
 * gives what our `loadModel(folder).predict` gives, params included; errors keep their kind across
 * the process boundary; concurrent predicts from threads share the one Node process; the process
 * stops when the model is collected and when Python exits.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { table } from 'arquero';
import { parseMLmodel } from '@kedro-mlflow/mlflow-client';
import { mlflowAvailable, runPythonJson } from '@kedro-mlflow/mlflow-test-server';
import { loadModel } from '@kedro-mlflow/pipeline-ml';
import { asRows, PY_JSONABLE, ROWS, SPLIT, saveLinearModel } from './pyfunc-helpers.js';

jest.setTimeout(180_000);
const withMlflow = mlflowAvailable() ? describe : describe.skip;

const columns = (rows: typeof ROWS) => table({ x: rows.map((r) => r.x), n: rows.map((r) => r.n), label: rows.map((r) => r.label) });
const frame = `pd.DataFrame(${JSON.stringify(SPLIT.data)}, columns=${JSON.stringify(SPLIT.columns)})`;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('the python_function section', () => {
  it('MLmodel declares the loader, its code folder and the runner, and the files are there', async () => {
    const dir = await saveLinearModel('rows');
    const mlmodel = parseMLmodel(readFileSync(join(dir, 'MLmodel'), 'utf8'));
    expect(mlmodel.flavors.python_function).toEqual({ loader_module: 'kedro_mlflow_node_loader', code: 'code', data: 'code/pyfunc-runner.mjs' });
    expect(existsSync(join(dir, 'code', 'kedro_mlflow_node_loader.py'))).toBe(true);
    expect(existsSync(join(dir, 'code', 'pyfunc-runner.mjs'))).toBe(true);
  });
});

withMlflow.each(['rows', 'table'] as const)('mlflow.pyfunc.load_model of the %s model', (kind) => {
  let dir: string;
  let python: {
    plain: { frame: boolean; rows: unknown };
    params: { frame: boolean; rows: unknown };
    dict: { frame: boolean; rows: unknown };
    threads: Array<{ frame: boolean; rows: unknown }>;
    error: { cls: string; kind: string; base: string[]; message: string };
    pid: number;
    collected: boolean;
  };

  beforeAll(async () => {
    dir = await saveLinearModel(kind);
    python = await runPythonJson(
      [
        PY_JSONABLE,
        'import gc, os, mlflow.pyfunc',
        'from concurrent.futures import ThreadPoolExecutor',
        `df = ${frame}`,
        `m = mlflow.pyfunc.load_model(${JSON.stringify(dir)})`,
        'out = {"plain": jsonable(m.predict(df)), "params": jsonable(m.predict(df, params={"scale": 3, "shout": True}))}',
        'out["dict"] = jsonable(m.predict({c: list(df[c]) for c in df.columns}))',
        'with ThreadPoolExecutor(8) as pool:',
        '    out["threads"] = list(pool.map(lambda s: jsonable(m.predict(df, params={"scale": s})), range(8)))',
        'try:',
        '    m.predict(df, params={"runner": "NoSuchRunner"})',
        'except Exception as e:',
        '    out["error"] = {"cls": type(e).__name__, "kind": e.kind, "base": [c.__name__ for c in type(e).__mro__], "message": str(e)}',
        'impl = m._model_impl',
        'pid = impl._process.pid',
        'del m, impl',
        'gc.collect()',
        'try:',
        '    os.kill(pid, 0)',
        '    collected = False',
        'except ProcessLookupError:',
        '    collected = True',
        'out["pid"] = pid',
        'out["collected"] = collected',
        'print(json.dumps(out))',
      ].join('\n'),
    );
  });

  it('predict(df) equals loadModel(folder).predict on the same input', async () => {
    const ours = await loadModel(dir);
    expect(python.plain).toEqual({ frame: kind === 'table', rows: asRows(await ours.predict(columns(ROWS))) });
    expect(python.plain.rows).toEqual([
      { score: 5, label: 'a' },
      { score: 9.5, label: 'b' },
      { score: -2.8, label: 'c' },
    ]);
  });

  it('params override inference parameters for the call; a dict input is a frame too', async () => {
    const ours = await loadModel(dir);
    expect(python.params.rows).toEqual(asRows(await ours.predict(columns(ROWS), { scale: 3, shout: true })));
    expect(python.params.rows).toEqual(expect.arrayContaining([{ score: 11, label: 'A' }]));
    expect(python.dict).toEqual(python.plain);
  });

  it('eight threads predicting at once each get their own answer', async () => {
    const ours = await loadModel(dir);
    for (const [scale, answer] of python.threads.entries()) expect(answer.rows).toEqual(asRows(await ours.predict(columns(ROWS), { scale })));
  });

  it('an error of the model is a Python exception carrying its kind', () => {
    expect(python.error).toMatchObject({ cls: 'KedroPipelineModelError', kind: 'runner', base: expect.arrayContaining(['Exception']) });
    expect(python.error.message).toContain('NoSuchRunner');
  });

  it('the Node process stops when the model is garbage-collected', () => {
    expect(python.collected).toBe(true);
    expect(alive(python.pid)).toBe(false);
  });
});

withMlflow('the Node process and Python', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await saveLinearModel('rows');
  });

  it('stops when the interpreter exits with the model still loaded', async () => {
    const { pid } = await runPythonJson<{ pid: number }>(
      [`import json, mlflow.pyfunc`, `m = mlflow.pyfunc.load_model(${JSON.stringify(dir)})`, 'print(json.dumps({"pid": m._model_impl._process.pid}))'].join('\n'),
    );
    // Python has exited (runPython waited for it); its atexit finalizer waited for the child.
    expect(alive(pid)).toBe(false);
  });

  it('no Node: a clear node-not-found error naming KEDRO_MLFLOW_NODE', async () => {
    const out = await runPythonJson<{ kind: string; message: string }>(
      [
        'import json, mlflow.pyfunc',
        'try:',
        `    mlflow.pyfunc.load_model(${JSON.stringify(dir)})`,
        'except Exception as e:',
        '    print(json.dumps({"kind": getattr(e, "kind", None), "message": str(e)}))',
      ].join('\n'),
      { env: { KEDRO_MLFLOW_NODE: join(dir, 'no-such-node') } },
    );
    expect(out.kind).toBe('node-not-found');
    expect(out.message).toContain('KEDRO_MLFLOW_NODE');
    expect(out.message).toContain('no-such-node');
  });

  it('a model whose bundle fails to load: the load error with its kind, at load_model', async () => {
    const { cp, writeFile } = await import('node:fs/promises');
    const broken = `${dir}-broken`;
    await cp(dir, broken, { recursive: true });
    await writeFile(join(broken, 'artifacts', 'parameters.json'), 'not json', 'utf8');
    const out = await runPythonJson<{ cls: string; kind: string }>(
      [
        'import json, mlflow.pyfunc',
        'try:',
        `    mlflow.pyfunc.load_model(${JSON.stringify(broken)})`,
        'except Exception as e:',
        '    print(json.dumps({"cls": type(e).__name__, "kind": getattr(e, "kind", None)}))',
      ].join('\n'),
    );
    expect(out.cls).toBe('KedroPipelineModelError');
    expect(out.kind).toBe('load-failed');
  });
});
