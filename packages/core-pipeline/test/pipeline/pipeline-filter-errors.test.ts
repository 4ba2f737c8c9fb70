import { KedroError, node, Pipeline, PipelineError, PipelineFilterError, type PipelineFilterErrorKind } from '@kedro-mlflow/core-pipeline';
import { complexPipeline, identity } from './fixtures.js';

/** The error `action` throws; fails the test when it throws nothing. */
function thrownBy(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error, nothing was thrown');
}

function expectFilterError(action: () => unknown, kind: PipelineFilterErrorKind, missing: string[], message: string): void {
  const error = thrownBy(action);
  expect(PipelineFilterError.isInstance(error)).toBe(true);
  expect(error).toBeInstanceOf(PipelineFilterError);
  expect(error).toMatchObject({ name: 'PipelineFilterError', kind, missing, message });
}

describe('filter errors carry what is missing as typed fields', () => {
  const namespaced = (): Pipeline =>
    new Pipeline([
      node(identity, 'A', 'B', { name: 'node1', namespace: 'katie' }),
      node(identity, 'B', 'C', { name: 'node2', namespace: 'katie.sub' }),
    ]);

  it.each([
    ['onlyNodes', (p: Pipeline) => p.onlyNodes('node1', 'x', 'y', 'x')],
    ['fromNodes', (p: Pipeline) => p.fromNodes('x', 'y')],
    ['toNodes', (p: Pipeline) => p.toNodes('node9', 'x', 'y')],
    ['filter({nodeNames})', (p: Pipeline) => p.filter({ nodeNames: ['x', 'y'] })],
  ])('%s: unknown-nodes with the unknown names in the order given', (_label, select) => {
    expectFilterError(() => select(complexPipeline()), 'unknown-nodes', ['x', 'y'], "Pipeline does not contain nodes named ['x', 'y'].");
  });

  it('unknown-nodes lists only the names asked for, not the suggestions', () => {
    expectFilterError(
      () => namespaced().onlyNodes('node1'),
      'unknown-nodes',
      ['node1'],
      "Pipeline does not contain nodes named ['node1']. Did you mean: ['katie.node1']?",
    );
  });

  it.each([
    ['fromInputs', (p: Pipeline) => p.fromInputs('Z', 'W', 'F')],
    ['toOutputs', (p: Pipeline) => p.toOutputs('Z', 'W')],
    ['onlyNodesWithInputs', (p: Pipeline) => p.onlyNodesWithInputs('W', 'Z')],
    ['onlyNodesWithOutputs', (p: Pipeline) => p.onlyNodesWithOutputs('W', 'Z', 'W')],
    ['filter({toOutputs})', (p: Pipeline) => p.filter({ toOutputs: ['Z', 'W'] })],
  ])('%s: unknown-datasets with the unknown names sorted, each once', (_label, select) => {
    expectFilterError(() => select(complexPipeline()), 'unknown-datasets', ['W', 'Z'], "Pipeline does not contain datasets named ['W', 'Z']");
  });

  it('unknown-namespaces names every namespace that matched no node', () => {
    expectFilterError(
      () => namespaced().onlyNodesWithNamespaces(['nope', 'katie.sub', 'kat']),
      'unknown-namespaces',
      ['nope', 'kat'],
      "Pipeline does not contain nodes with the following namespaces: ['nope', 'kat']",
    );
    expectFilterError(
      () => complexPipeline().filter({ nodeNamespaces: ['nope'] }),
      'unknown-namespaces',
      ['nope'],
      "Pipeline does not contain nodes with the following namespaces: ['nope']",
    );
  });

  it('empty-selection when valid criteria together keep no node', () => {
    const message =
      'Pipeline contains no nodes after applying all provided filters. Please ensure that at least one pipeline with nodes has been defined.';
    expectFilterError(() => complexPipeline().filter({ tags: ['unknown'] }), 'empty-selection', [], message);
    expectFilterError(() => complexPipeline().filter({ fromNodes: ['node1'], toNodes: ['node9'] }), 'empty-selection', [], message);
    expectFilterError(() => new Pipeline([]).filter(), 'empty-selection', [], message);
  });

  it('is a PipelineError and a KedroError, with a frozen list of names', () => {
    const error = thrownBy(() => complexPipeline().onlyNodes('x')) as PipelineFilterError;
    expect(PipelineError.isInstance(error)).toBe(true);
    expect(KedroError.isInstance(error)).toBe(true);
    expect(Object.isFrozen(error.missing)).toBe(true);
  });

  it('definition errors are not filter errors', () => {
    const error = thrownBy(() => new Pipeline([node(identity, 'A', 'B', { name: 'n' }), node(identity, 'C', 'D', { name: 'n' })]));
    expect(PipelineError.isInstance(error)).toBe(true);
    expect(PipelineFilterError.isInstance(error)).toBe(false);
    expect(PipelineFilterError.isInstance(new PipelineError('x'))).toBe(false);
  });

  it('is recognised from another copy of the package by its marker', () => {
    const foreign = Object.assign(new Error('x'), {
      [Symbol.for('@kedro-mlflow/core-pipeline.error.PipelineError')]: true,
      [Symbol.for('@kedro-mlflow/core-pipeline.error.PipelineFilterError')]: true,
    });
    expect(PipelineFilterError.isInstance(foreign)).toBe(true);
  });

  it('keeps its fields and cause when built by hand, as a CLI does to add a hint', () => {
    const original = thrownBy(() => complexPipeline().fromInputs('Z')) as PipelineFilterError;
    const enriched = new PipelineFilterError(`${original.message} More.`, original, { cause: original });
    expect(enriched).toMatchObject({ kind: 'unknown-datasets', missing: ['Z'], cause: original });
  });
});
