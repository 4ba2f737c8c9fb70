/**
 * MLmodel files: round trips, the YAML shape (sorted keys, block style, nesting like PyYAML),
 * validation errors naming the file and the field, unknown keys kept — and interop with Python:
 * we read an MLmodel written by `mlflow.pyfunc.save_model`, Python's `Model.load` reads ours.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mlflowAvailable, runPythonJson } from '@kedro-mlflow/mlflow-test-server';
import {
  InvalidMLmodelError,
  dumpModelYaml,
  formatUtcTimeCreated,
  parseMLmodel,
  parseSignature,
  readMLmodel,
  serializeMLmodel,
  writeMLmodel,
  type MLmodel,
} from '@kedro-mlflow/mlflow-client';
import { cleanupTempDirs, tempDir } from '../file-store/helpers.js';

afterAll(cleanupTempDirs);

const SIG_IN = '[{"type": "double", "name": "x", "required": true}, {"type": "string", "name": "s", "required": false}]';
const SIG_OUT = '[{"type": "tensor", "tensor-spec": {"dtype": "float64", "shape": [-1]}}]';

function sample(): MLmodel {
  return {
    artifactPath: 'mlflow-artifacts:/1/models/m-0123456789abcdef0123456789abcdef/artifacts',
    flavors: {
      python_function: { loader_module: 'my_loader', code: 'code', env: { conda: 'conda.yaml', virtualenv: 'python_env.yaml' }, python_version: '3.11.7' },
      kedro_pipeline: { pipeline: '__default__', catalog: { inputs: ['a', 'b'], nested: [{ name: 'x', shape: [1, 2] }, [3, [4]]] } },
    },
    modelUuid: 'm-0123456789abcdef0123456789abcdef',
    modelId: 'm-0123456789abcdef0123456789abcdef',
    runId: '12345678901234567890123456789012',
    utcTimeCreated: '2026-05-01 12:34:56.789000',
    mlflowVersion: '3.17.2',
    signature: { inputs: SIG_IN, outputs: SIG_OUT, params: null },
    savedInputExampleInfo: { artifactPath: 'input_example.json', type: 'dataframe', pandasOrient: 'split', servingInputPath: 'serving_input_example.json' },
    modelSizeBytes: 1234,
    metadata: { owner: 'team: ml', 'yes': 'no', empty: {}, list: [], num: 0.5, flag: true, nothing: null, version: '1.0' },
    extra: { prompts: null, is_signature_from_type_hint: false, custom_key: { a: [1, 'two'] } },
  };
}

describe('MLmodel', () => {
  it('round-trips every field, including unknown keys and nested flavor config', async () => {
    const dir = tempDir('mlmodel-');
    const model = sample();
    const file = await writeMLmodel(dir, model);
    expect(file).toBe(join(dir, 'MLmodel'));
    expect(await readMLmodel(dir)).toEqual(model);
    expect(await readMLmodel(file)).toEqual(model);
  });

  it('writes YAML like yaml.safe_dump: sorted keys, block style, unindented sequences, quoted look-alikes', () => {
    const text = serializeMLmodel(sample());
    const topKeys = text.split('\n').filter((l) => /^\S/.test(l)).map((l) => l.split(':')[0]);
    expect(topKeys).toEqual([...topKeys].sort());
    expect(text).toContain("utc_time_created: '2026-05-01 12:34:56.789000'");
    expect(text).toContain("run_id: '12345678901234567890123456789012'");
    expect(text).toContain("  'yes': 'no'\n");
    expect(text).toContain("  version: '1.0'\n");
    expect(text).toContain('  owner: \'team: ml\'\n');
    expect(text).toContain('    catalog:\n      inputs:\n      - a\n      - b\n      nested:\n      - name: x\n        shape:\n        - 1\n        - 2\n      - - 3\n        - - 4\n');
    expect(text).toContain('  empty: {}\n  flag: true\n  list: []\n');
    expect(text).toContain('  params: null\n');
  });

  it('dumps nested lists and maps exactly like PyYAML', () => {
    expect(dumpModelYaml({ b: [{ c: 2, a: 1 }, [1, [2, 3]], {}], a: { z: [], y: 'x' } })).toBe(
      'a:\n  y: x\n  z: []\nb:\n- a: 1\n  c: 2\n- - 1\n  - - 2\n    - 3\n- {}\n',
    );
  });

  it('formats utc_time_created as naive UTC with microseconds', () => {
    expect(formatUtcTimeCreated(new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 67)))).toBe('2026-01-02 03:04:05.067000');
  });

  it.each([
    ['not a mapping', '- a\n- b\n', undefined, 'expected a YAML mapping'],
    ['no flavors', 'run_id: abc\n', 'flavors', 'must be a mapping'],
    ['empty flavors', 'flavors: {}\n', 'flavors', 'at least one flavor'],
    ['a flavor that is not a mapping', 'flavors:\n  python_function: yes\n', 'flavors.python_function', 'must be a mapping'],
    ['a list as run_id', 'flavors:\n  f: {}\nrun_id: [1]\n', 'run_id', 'must be a string'],
    ['a bad time', "flavors:\n  f: {}\nutc_time_created: 'yesterday'\n", 'utc_time_created', "YYYY-MM-DD"],
    ['a signature that is not JSON', "flavors:\n  f: {}\nsignature:\n  inputs: '[{'\n", 'signature.inputs', 'not valid JSON'],
    ['a signature with an unknown type', 'flavors:\n  f: {}\nsignature:\n  inputs: \'[{"type": "decimal", "name": "x"}]\'\n', 'signature.inputs[0]', 'unknown type "decimal"'],
    ['a negative size', 'flavors:\n  f: {}\nmodel_size_bytes: -1\n', 'model_size_bytes', 'non-negative integer'],
    ['an example without a file', 'flavors:\n  f: {}\nsaved_input_example_info:\n  type: dataframe\n', 'saved_input_example_info.artifact_path', 'must be a file name'],
    ['metadata as a list', 'flavors:\n  f: {}\nmetadata: [1]\n', 'metadata', 'must be a mapping'],
  ])('rejects %s, naming the file and the field', async (_label, text, field, message) => {
    const dir = tempDir('mlmodel-bad-');
    writeFileSync(join(dir, 'MLmodel'), text);
    const error = await readMLmodel(dir).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(InvalidMLmodelError.isInstance(error)).toBe(true);
    const e = error as InvalidMLmodelError;
    expect(e.file).toBe(join(dir, 'MLmodel'));
    expect(e.field).toBe(field);
    expect(e.message).toContain(join(dir, 'MLmodel'));
    if (field !== undefined) expect(e.message).toContain(`'${field}'`);
    expect(e.message).toContain(message);
  });

  it('says when the folder has no MLmodel, and refuses to write an invalid one', async () => {
    const dir = tempDir('mlmodel-none-');
    await expect(readMLmodel(dir)).rejects.toThrow(/MLmodel: does not exist/);
    await expect(writeMLmodel(dir, { flavors: {}, extra: {} })).rejects.toThrow(/field 'flavors' must name at least one flavor/);
    expect(() => parseMLmodel('flavors: [', 'x/MLmodel')).toThrow(/x\/MLmodel: is not valid YAML/);
  });

  it('keeps model_id: null (models saved outside tracking) and reads mlflow_version written unquoted', () => {
    const model = parseMLmodel('flavors:\n  f:\n    k: 1\nmlflow_version: 3.0\nmodel_id: null\n');
    expect(model.modelId).toBeNull();
    expect(model.mlflowVersion).toBe('3'); // PyYAML reads an unquoted 3.0 as a number, so do we
    expect(serializeMLmodel(model)).toContain('model_id: null\n');
  });
});

const withMlflow = mlflowAvailable() ? describe : describe.skip;

withMlflow('MLmodel interop with Python MLflow', () => {
  jest.setTimeout(120_000);

  it('reads the MLmodel written by mlflow.pyfunc.save_model (signature, example, env)', async () => {
    const dir = tempDir('py-saved-');
    const py = await runPythonJson<{ uuid: string; version: string; size: number; created: string }>(
      `
import json, mlflow, pandas as pd
from mlflow.models import Model
class M(mlflow.pyfunc.PythonModel):
    def predict(self, context, model_input, params=None):
        return model_input
ex = pd.DataFrame({"x": [1.5, 2.0], "n": [1, 2], "s": ["a", "b"]})
mlflow.pyfunc.save_model(${JSON.stringify(join(dir, 'model'))}, python_model=M(), input_example=ex, metadata={"team": "ml", "nested": {"a": [1, {"b": 2}]}})
m = Model.load(${JSON.stringify(join(dir, 'model'))})
print(json.dumps({"uuid": m.model_uuid, "version": m.mlflow_version, "size": m.model_size_bytes, "created": m.utc_time_created}))
`,
    );
    const model = await readMLmodel(join(dir, 'model'));
    expect(model.modelUuid).toBe(py.uuid);
    expect(model.mlflowVersion).toBe(py.version);
    expect(model.modelSizeBytes).toBe(py.size);
    expect(model.utcTimeCreated).toBe(py.created);
    expect(model.modelId).toBeNull();
    expect(model.flavors.python_function).toMatchObject({ loader_module: 'mlflow.pyfunc.model', python_model: 'python_model.pkl', env: { conda: 'conda.yaml', virtualenv: 'python_env.yaml' } });
    expect(model.metadata).toEqual({ team: 'ml', nested: { a: [1, { b: 2 }] } });
    expect(model.savedInputExampleInfo).toEqual({ artifactPath: 'input_example.json', type: 'dataframe', pandasOrient: 'split', servingInputPath: 'serving_input_example.json' });
    expect(model.extra).toMatchObject({ is_signature_from_type_hint: false, type_hint_from_example: false, prompts: null });
    const signature = parseSignature(model.signature!);
    expect(signature.inputs).toEqual({
      type: 'columns',
      columns: [
        { name: 'x', type: 'double', required: true },
        { name: 'n', type: 'long', required: true },
        { name: 's', type: 'string', required: true },
      ],
    });
    // Rewriting what Python wrote keeps every value Python reads.
    const copy = join(dir, 'copy');
    mkdirSync(copy);
    await writeMLmodel(copy, model);
    const same = await runPythonJson<boolean>(
      `
import json
from mlflow.models import Model
a = Model.load(${JSON.stringify(join(dir, 'model', 'MLmodel'))}).to_dict()
b = Model.load(${JSON.stringify(join(copy, 'MLmodel'))}).to_dict()
print(json.dumps(a == b))
`,
    );
    expect(same).toBe(true);
  });

  it("Python's Model.load reads every field of an MLmodel we wrote", async () => {
    const dir = tempDir('ts-written-');
    await writeMLmodel(dir, sample());
    const py = await runPythonJson<Record<string, unknown>>(
      `
import json
from mlflow.models import Model
m = Model.load(${JSON.stringify(dir)})
print(json.dumps({
  "artifact_path": m.artifact_path, "model_uuid": m.model_uuid, "model_id": m.model_id, "run_id": m.run_id,
  "utc_time_created": m.utc_time_created, "mlflow_version": m.mlflow_version, "flavors": m.flavors,
  "inputs": m.signature.inputs.to_json(), "outputs": m.signature.outputs.to_json(), "params": m.signature.params,
  "example": m.saved_input_example_info, "size": m.model_size_bytes, "metadata": m.metadata, "custom": m.custom_key,
}))
`,
    );
    const model = sample();
    expect(py).toEqual({
      artifact_path: model.artifactPath,
      model_uuid: model.modelUuid,
      model_id: model.modelId,
      run_id: model.runId,
      utc_time_created: model.utcTimeCreated,
      mlflow_version: '3.17.2',
      flavors: model.flavors,
      inputs: SIG_IN,
      outputs: SIG_OUT,
      params: null,
      example: { artifact_path: 'input_example.json', type: 'dataframe', pandas_orient: 'split', serving_input_path: 'serving_input_example.json' },
      size: 1234,
      metadata: model.metadata,
      custom: { a: [1, 'two'] },
    });
    expect(readFileSync(join(dir, 'MLmodel'), 'utf8')).toContain('flavors:\n  kedro_pipeline:\n');
  });
});
