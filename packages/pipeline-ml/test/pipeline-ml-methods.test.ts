/**
 * Every Pipeline method that returns a pipeline either keeps a PipelineML (checks re-run) or demotes
 * to a plain Pipeline with one warning; none is inherited, so none silently returns a plain Pipeline.
 */
import { node, Pipeline, PipelineFilterError } from '@kedro-mlflow/core-pipeline';
import { PipelineML, pipelineMlFactory } from '@kedro-mlflow/pipeline-ml';
import {
  DEMOTION_TEXT,
  expectPipelineMlError,
  inferenceOfModel,
  nodeNames,
  pipelineMlWithIntermediaryArtifacts,
  pipelineMlWithTag,
  preprocessFun,
  trainFun,
  withLogs,
} from './fixtures.js';

const { logs, demotionWarnings } = withLogs();

/** Namespaced and tagged, so that every filter has something to select. */
function namespacedPml(): PipelineML {
  return pipelineMlFactory({
    training: new Pipeline([
      node(preprocessFun, 'raw_data', 'data', { name: 'preprocess_fun', namespace: 'prep', tags: ['training'] }),
      node(trainFun, 'data', 'model', { name: 'train_fun', namespace: 'fit', tags: ['training'] }),
    ]),
    inference: inferenceOfModel(),
    inputName: 'data',
  });
}

type Call = (p: PipelineML) => unknown;
const KEPT: Record<string, Call> = {
  filter: (p) => p.filter({ tags: ['training'] }),
  fromInputs: (p) => p.fromInputs('raw_data'),
  fromNodes: (p) => p.fromNodes('prep.preprocess_fun'),
  toNodes: (p) => p.toNodes('fit.train_fun'),
  toOutputs: (p) => p.toOutputs('model'),
  onlyNodesWithTags: (p) => p.onlyNodesWithTags('training'),
  tag: (p) => p.tag(['a', 'b']),
  intersect: (p) => p.intersect(p.training),
};
const DEMOTED: Record<string, Call> = {
  onlyNodes: (p) => p.onlyNodes('fit.train_fun'),
  onlyNodesWithNamespaces: (p) => p.onlyNodesWithNamespaces('fit'),
  onlyNodesWithInputs: (p) => p.onlyNodesWithInputs('data'),
  onlyNodesWithOutputs: (p) => p.onlyNodesWithOutputs('model'),
  add: (p) => p.add(new Pipeline([node(trainFun, 'x', 'y', { name: 'other' })])),
  union: (p) => p.union(new Pipeline([node(trainFun, 'x', 'y', { name: 'other' })])),
  subtract: (p) => p.subtract(p.training.onlyNodes('fit.train_fun')),
};
/** Methods and getters that describe the pipeline without returning one. */
const QUERIES: Record<string, Call> = {
  allInputs: (p) => p.allInputs(),
  allOutputs: (p) => p.allOutputs(),
  inputs: (p) => p.inputs(),
  outputs: (p) => p.outputs(),
  datasets: (p) => p.datasets(),
  nodes: (p) => p.nodes,
  groupedNodes: (p) => p.groupedNodes,
  nodeDependencies: (p) => p.nodeDependencies,
  groupNodesBy: (p) => p.groupNodesBy(),
  describe: (p) => p.describe(),
  toJSON: (p) => p.toJSON(),
  toString: (p: PipelineML) => p.toString(),
};
/** Private helpers, used only by Pipeline's own (here overridden) methods. */
const INTERNAL = ['constructor', 'subset', 'checkDatasets'];

describe('PipelineML covers every Pipeline method', () => {
  it('every method of Pipeline.prototype is classified (a new one must be added to PipelineML)', () => {
    const names = Object.getOwnPropertyNames(Pipeline.prototype).sort();
    const classified = [...Object.keys(KEPT), ...Object.keys(DEMOTED), ...Object.keys(QUERIES), ...INTERNAL].sort();
    expect(names).toEqual(classified);
  });

  it('the kept and demoted ones are PipelineML\'s own methods, not inherited', () => {
    for (const name of [...Object.keys(KEPT), ...Object.keys(DEMOTED)]) {
      expect([name, Object.hasOwn(PipelineML.prototype, name)]).toEqual([name, true]);
    }
  });

  it.each(Object.entries(KEPT))('%s returns a PipelineML with the same inference and options, and warns nothing', (_name, call) => {
    const pml = pipelineMlFactory({
      training: namespacedPml().training,
      inference: inferenceOfModel(),
      inputName: 'data',
      kpmKwargs: { copyMode: 'deepcopy' },
      logModelKwargs: { name: 'clf' },
    });
    const result = call(pml) as PipelineML;
    expect(result).toBeInstanceOf(PipelineML);
    expect(result.inference).toBe(pml.inference);
    expect(result.inputName).toBe('data');
    expect(result.kpmKwargs).toEqual({ copyMode: 'deepcopy' });
    expect(result.logModelKwargs).toEqual({ signature: 'auto', name: 'clf' });
    expect(logs().messages('warn')).toEqual([]);
  });

  it.each(Object.entries(DEMOTED))('%s returns a plain Pipeline and logs exactly one warning', (name, call) => {
    const result = call(namespacedPml()) as Pipeline;
    expect(Pipeline.isInstance(result)).toBe(true);
    expect(PipelineML.isInstance(result)).toBe(false);
    expect(demotionWarnings()).toHaveLength(1);
    expect(logs().records.find((r) => r.msg.includes(DEMOTION_TEXT))).toMatchObject({ level: 'warn', method: name });
  });

  it.each(Object.entries(QUERIES))('%s describes the training nodes and returns no pipeline', (_name, call) => {
    const pml = namespacedPml();
    const value = call(pml);
    expect(Pipeline.isInstance(value)).toBe(false);
    expect(value).toEqual(call(pml.training as PipelineML));
  });

  it('a demoting call that fails (unknown node) warns nothing', () => {
    expect(() => namespacedPml().onlyNodes('nope')).toThrow(PipelineFilterError);
    expect(demotionWarnings()).toEqual([]);
  });
});

describe('kept operations re-run the checks', () => {
  it('intersect with a pipeline lacking the training node: "No free input is allowed"', () => {
    const pml = pipelineMlWithTag();
    expectPipelineMlError(() => pml.intersect(pml.training.onlyNodes('preprocess_fun')), { kind: 'free-inputs', freeInputs: ['model'] });
  });

  it('filter errors of the pipeline itself stay PipelineFilterErrors', () => {
    expect(() => pipelineMlWithTag().filter({ nodeNames: ['missing_node'] })).toThrow(PipelineFilterError);
    expect(() => pipelineMlWithTag().filter({ tags: ['no-such-tag'] })).toThrow(expect.objectContaining({ kind: 'empty-selection' }));
  });
});

describe('kedro-mlflow bugs fixed on purpose', () => {
  it('toOutputs selects the producers and their ancestors (kedro-mlflow ran fromNodes on the output names)', () => {
    const pml = pipelineMlWithIntermediaryArtifacts();
    const result = pml.toOutputs('model');
    expect(result).toBeInstanceOf(PipelineML);
    expect(result.nodes).toEqual(pml.training.toOutputs('model').nodes);
    // Only preprocess_fun produces 'data': the model is then missing.
    expectPipelineMlError(() => pml.toOutputs('data'), { kind: 'free-inputs', freeInputs: ['encoder', 'model'] });
  });

  it.each([
    ['a list of two tags', ['hello', 'world'], ['hello', 'world']],
    ['one string', 'solo', ['solo']],
    ['a Set', new Set(['x', 'y', 'z']), ['x', 'y', 'z']],
  ])('tag(%s) puts every tag on every node (kedro-mlflow broke on 2+ tags)', (_label, tags, expected) => {
    const tagged = pipelineMlWithTag().tag(tags);
    expect(tagged).toBeInstanceOf(PipelineML);
    for (const n of tagged.nodes) for (const tag of expected) expect([n.name, n.hasTag(tag)]).toEqual([n.name, true]);
    expect(nodeNames(tagged)).toEqual(['preprocess_fun', 'train_fun']);
  });
});
