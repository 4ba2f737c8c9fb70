/**
 * The PipelineML of a run is found through the registry by the requested names, never by the class
 * of the pipeline a hook is handed (kedro-mlflow #690): a real KedroSession combines the requested
 * pipelines into a plain Pipeline before any hook sees it.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { KedroSession, node, Pipeline, type KedroContext, type RunParams } from '@kedro-mlflow/core-pipeline';
import { findPipelineMl, modelPipelineName, PipelineML, pipelineMlFactory, type FoundPipelineMl } from '@kedro-mlflow/pipeline-ml';
import { expectPipelineMlError, inferenceOfModel, nodeNames, pipelineMlWithIntermediaryArtifacts, pipelineMlWithTag, preprocessFun, trainFun } from './fixtures.js';

const etl = (): Pipeline => new Pipeline([node(preprocessFun, 'source', 'raw_data', { name: 'etl_fun' })]);

describe("modelPipelineName: the registry name a model records (MLmodel's pipeline_name)", () => {
  it('the requested name; for __default__, the name of its own the registry gives the same pipeline', () => {
    const pml = pipelineMlWithTag();
    expect(modelPipelineName({ __default__: pml, training: pml, etl: etl() }, '__default__')).toBe('training');
    expect(modelPipelineName({ __default__: pml, training: pml }, 'training')).toBe('training');
    expect(modelPipelineName({ __default__: pml, etl: etl() }, '__default__')).toBe('__default__');
    expect(modelPipelineName({ __default__: pipelineMlWithTag(), training: pml }, '__default__')).toBe('__default__');
  });
});

describe('findPipelineMl over a registry', () => {
  it('finds __default__ when no name is requested (undefined, null or [])', () => {
    const pml = pipelineMlWithTag();
    const registry = { __default__: pml, etl: etl() };
    for (const names of [undefined, null, []]) expect(findPipelineMl(registry, names)).toEqual({ name: '__default__', pipelineMl: pml });
  });

  it('finds the PipelineML among several requested names, and accepts one name as a string', () => {
    const pml = pipelineMlWithTag();
    const registry = { etl: etl(), training: pml, __default__: etl().add(pml.training) };
    expect(findPipelineMl(registry, ['etl', 'training'])).toEqual({ name: 'training', pipelineMl: pml });
    expect(findPipelineMl(registry, 'training')?.pipelineMl).toBe(pml);
  });

  it('returns undefined when the requested pipelines are plain, even if they contain PipelineML nodes', () => {
    const pml = pipelineMlWithTag();
    const registry = { training: pml, __default__: Pipeline.sum([etl(), pml]) };
    expect(Pipeline.isInstance(registry.__default__) && !PipelineML.isInstance(registry.__default__)).toBe(true);
    expect(findPipelineMl(registry, ['__default__'])).toBeUndefined();
    expect(findPipelineMl(registry, ['__default__', 'training'])?.name).toBe('training');
  });

  it('counts one PipelineML registered under several names once (the first requested name)', () => {
    const pml = pipelineMlWithTag();
    const registry = { __default__: pml, training: pml };
    expect(findPipelineMl(registry, ['training', '__default__'])).toEqual({ name: 'training', pipelineMl: pml });
  });

  it('refuses two different PipelineMLs, naming them', () => {
    const registry = { a: pipelineMlWithTag(), b: pipelineMlWithIntermediaryArtifacts(), c: etl() };
    const error = expectPipelineMlError(() => findPipelineMl(registry, ['c', 'b', 'a']), { kind: 'several-pipeline-ml', pipelineNames: ['b', 'a'] });
    expect(error.message).toContain("2 different PipelineMLs: 'a', 'b'");
  });

  it('refuses unknown names, suggesting close ones', () => {
    const registry = { training: pipelineMlWithTag() };
    const error = expectPipelineMlError(() => findPipelineMl(registry, ['trainig', 'etl']), { kind: 'unknown-pipeline', pipelineNames: ['trainig', 'etl'] });
    expect(error.message).toContain("Did you mean 'training'?");
  });

  describe('cut to the pipeline the run executes', () => {
    const pml = pipelineMlWithTag();
    const registry = { etl: etl(), training: pml };
    const run = Pipeline.sum([registry.etl, pml]);

    it('the whole training: a PipelineML with every training node', () => {
      const found = findPipelineMl(registry, ['etl', 'training'], run)!;
      expect(found.pipelineMl).toBeInstanceOf(PipelineML);
      expect(nodeNames(found.pipelineMl)).toEqual(['preprocess_fun', 'train_fun']);
      expect(found.pipelineMl.inference).toBe(pml.inference);
    });

    it('a filtered run keeps the nodes it runs, and the checks run again', () => {
      expect(nodeNames(findPipelineMl(registry, ['etl', 'training'], run.filter({ fromNodes: ['train_fun'] }))!.pipelineMl)).toEqual(['train_fun']);
      expectPipelineMlError(() => findPipelineMl(registry, ['etl', 'training'], run.filter({ tags: ['preprocessing'] })), {
        kind: 'free-inputs',
        freeInputs: ['model'],
      });
    });

    it('a run that executes none of its nodes has no PipelineML', () => {
      expect(findPipelineMl(registry, ['etl', 'training'], run.filter({ nodeNames: ['etl_fun'] }))).toBeUndefined();
    });

    it('refuses a run that is not a Pipeline', () => {
      expectPipelineMlError(() => findPipelineMl(registry, ['training'], [] as never), { kind: 'invalid-argument', key: 'run' });
    });
  });
});

// ---- through a real KedroSession ----------------------------------------------------------------

const PACKAGES = join(__dirname, '..', '..');
const REGISTRY = `import { node, pipeline } from '@kedro-mlflow/core-pipeline';
import { pipelineMlFactory } from '@kedro-mlflow/pipeline-ml';
const clean = (xs) => xs.map((x) => x + 1);
const fit = (xs) => xs.reduce((a, b) => a + b, 0);
const predict = (model, xs) => xs.map((x) => x * model);
const training = () => pipeline([node(fit, 'data', 'model', { name: 'fit', tags: ['fit'] })]);
const inference = () => pipeline([node(predict, ['model', 'data'], 'predictions', { name: 'predict' })]);
export function registerPipelines() {
  const etl = pipeline([node(clean, 'raw', 'data', { name: 'clean' })]);
  const ml = pipelineMlFactory({ training: training(), inference: inference(), inputName: 'data' });
  const nsMl = pipelineMlFactory({
    training: pipeline(training(), { namespace: 'ns' }),
    inference: pipeline(inference(), { namespace: 'ns' }),
    inputName: 'ns.data',
  });
  return { __default__: ml, etl, training: ml, ns_model: nsMl, everything: etl.add(ml) };
}
`;
const CATALOG = 'raw:\n  type: MemoryDataset\n  data: [1, 2]\ndata:\n  type: MemoryDataset\n  data: [3, 4]\nns.data:\n  type: MemoryDataset\n  data: [5]\n';

/** What a hook sees in beforePipelineRun, and what findPipelineMl makes of it. */
class RecordingHook {
  context: KedroContext | undefined;
  seen: Array<{ handedPipelineMl: boolean; names: readonly string[]; found: FoundPipelineMl | undefined }> = [];
  afterContextCreated({ context }: { context: unknown }): void {
    this.context = context as KedroContext;
  }
  async beforePipelineRun({ runParams, pipeline }: { runParams: RunParams; pipeline: Pipeline }): Promise<void> {
    const registry = await this.context!.pipelines();
    this.seen.push({ handedPipelineMl: PipelineML.isInstance(pipeline), names: runParams.pipelineNames ?? [], found: findPipelineMl(registry, runParams.pipelineNames, pipeline) });
  }
}

describe('findPipelineMl in a real KedroSession run (kedro-mlflow #690)', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'kedro-mlflow-pipeline-ml-'));
    const files: Record<string, string> = {
      'package.json': JSON.stringify({ name: 'fake-project', type: 'module', private: true, kedro: { packageName: 'fake_project', projectName: 'Fake', sourceDir: 'src' } }),
      'conf/base/catalog.yml': CATALOG,
      'conf/local/.keep': '',
      'src/pipeline_registry.mjs': REGISTRY,
    };
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), content);
    }
    mkdirSync(join(root, 'node_modules', '@kedro-mlflow'), { recursive: true });
    for (const pkg of ['core-pipeline', 'pipeline-ml']) symlinkSync(join(PACKAGES, pkg), join(root, 'node_modules', '@kedro-mlflow', pkg), 'dir');
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  async function run(options: Parameters<KedroSession['run']>[0]) {
    const hook = new RecordingHook();
    const session = await KedroSession.create({ projectPath: root, env: 'local', hooks: [hook] });
    await session.run(options);
    expect(hook.seen).toHaveLength(1);
    return hook.seen[0]!;
  }

  it('__default__ registered as the PipelineML: the hook is handed a plain Pipeline, the registry gives the PipelineML', async () => {
    const seen = await run({});
    expect(seen.handedPipelineMl).toBe(false);
    expect(seen.names).toEqual(['__default__']);
    expect(seen.found?.name).toBe('__default__');
    expect(nodeNames(seen.found!.pipelineMl)).toEqual(['fit']);
  });

  it('--pipelines etl,training: found under training', async () => {
    const seen = await run({ pipelineNames: ['etl', 'training'] });
    expect(seen.handedPipelineMl).toBe(false);
    expect(seen.found?.name).toBe('training');
    expect(seen.found?.pipelineMl.inputName).toBe('data');
  });

  it('a namespaced PipelineML run with --namespaces ns', async () => {
    const seen = await run({ pipelineNames: ['ns_model', 'etl'], namespaces: ['ns'] });
    expect(seen.found?.name).toBe('ns_model');
    expect(nodeNames(seen.found!.pipelineMl)).toEqual(['ns.fit']);
    expect(seen.found?.pipelineMl.inputName).toBe('ns.data');
    expect([...seen.found!.pipelineMl.inference.inputs()].sort()).toEqual(['ns.data', 'ns.model']);
  });

  it('a plain pipeline that merely contains the PipelineML nodes logs no model', async () => {
    const seen = await run({ pipelineNames: ['everything'] });
    expect(seen.found).toBeUndefined();
  });

  it('--pipelines etl,training --tags fit: the run keeps fit, the PipelineML is cut to it', async () => {
    const seen = await run({ pipelineNames: ['etl', 'training'], tags: ['fit'] });
    expect(nodeNames(seen.found!.pipelineMl)).toEqual(['fit']);
  });
});

describe('a PipelineML built from namespaced pipelines', () => {
  it('uses the namespaced dataset names', () => {
    const ns = pipelineMlFactory({
      training: new Pipeline([node(trainFun, 'data', 'model', { name: 'train_fun' })], { namespace: 'ns' }),
      inference: new Pipeline(inferenceOfModel(), { namespace: 'ns' }),
      inputName: 'ns.data',
    });
    expect([...ns.outputs()]).toEqual(['ns.model']);
    expectPipelineMlError(
      () => pipelineMlFactory({ training: ns.training, inference: ns.inference, inputName: 'data' }),
      { kind: 'input-name', inferenceInputs: ['ns.data', 'ns.model'] },
    );
  });
});
