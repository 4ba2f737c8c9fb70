import { node, Pipeline, PipelineError } from '@kedro-mlflow/core-pipeline';
import { complexPipeline, constantOutput, identity, names } from './fixtures.js';

const noNodes =
  'Pipeline contains no nodes after applying all provided filters. Please ensure that at least one pipeline with nodes has been defined.';

describe('filter (case 38)', () => {
  it('returns an equal, new pipeline without criteria', () => {
    const p = complexPipeline();
    const filtered = p.filter();
    expect(filtered).not.toBe(p);
    expect(filtered.nodes.map((n) => n.name)).toEqual(p.nodes.map((n) => n.name));
    expect(filtered.filter({ tags: [], nodeNames: null }).nodes).toHaveLength(9);
  });

  it('applies single criteria', () => {
    const p = complexPipeline();
    expect(names(p.filter({ tags: ['foo'] }))).toEqual(['node6', 'node7']);
    expect(names(p.filter({ fromNodes: ['node4'] }))).toEqual(['node1', 'node2', 'node3', 'node4']);
    expect(names(p.filter({ toNodes: ['node4'] }))).toEqual(['node4', 'node7', 'node8', 'node9']);
    expect(names(p.filter({ fromInputs: ['F'] }))).toEqual(['node1', 'node3']);
    expect(names(p.filter({ toOutputs: ['F'] }))).toEqual(['node4', 'node7', 'node8', 'node9']);
    expect(names(p.filter({ nodeNames: ['node3', 'node5'] }))).toEqual(['node3', 'node5']);
  });

  it('intersects combined criteria, each applied to the original', () => {
    const p = complexPipeline();
    expect(names(p.filter({ fromNodes: ['node4'], toOutputs: ['M'] }))).toEqual(['node3', 'node4']);
    expect(names(p.filter({ fromNodes: ['node4'], toOutputs: ['M'], nodeNames: ['node3'] }))).toEqual(['node3']);
    // Order independence: node names plus from_inputs is not a chain.
    const chain = new Pipeline([
      node(identity, 'A', 'B', { name: 'node1' }),
      node(identity, 'B', 'C', { name: 'node2' }),
      node(identity, 'C', 'D', { name: 'node3' }),
    ]);
    expect(names(chain.filter({ nodeNames: ['node1', 'node3'], fromInputs: ['A'] }))).toEqual(['node1', 'node3']);
  });

  it('takes a single string as one value', () => {
    expect(names(complexPipeline().filter({ nodeNames: 'node6' as never, tags: 'foo' as never }))).toEqual(['node6']);
  });

  it('fails when nothing is left', () => {
    const p = complexPipeline();
    expect(() => p.filter({ fromNodes: ['node4'], toOutputs: ['M'], nodeNames: ['node3'], toNodes: ['node4'] })).toThrow(
      new PipelineError(noNodes),
    );
    expect(() => new Pipeline([]).filter()).toThrow(noNodes);
    expect(() => p.filter({ tags: ['unknown'] })).toThrow(noNodes);
  });

  it('propagates errors of the individual filters', () => {
    expect(() => complexPipeline().filter({ nodeNames: ['missing'] })).toThrow("Pipeline does not contain nodes named ['missing'].");
    expect(() => complexPipeline().filter({ nodeNamespaces: ['nope'] })).toThrow(
      "Pipeline does not contain nodes with the following namespaces: ['nope']",
    );
  });
});

describe('onlyNodesWithTags (case 39)', () => {
  const tagged = (): Pipeline =>
    new Pipeline([
      node(identity, 'E', 'F', { name: 'node1' }),
      node(identity, 'D', 'E', { name: 'node2', tags: ['tag1', 'tag2'] }),
      node(identity, 'C', 'D', { name: 'node3' }),
      node(identity, 'A', 'B', { name: 'node4', tags: ['tag2'] }),
      node(identity, 'B', 'C', { name: 'node5' }),
      node(constantOutput, null, 'A', { name: 'node6', tags: ['tag1'] }),
    ]);

  it('selects nodes having any of the tags', () => {
    expect(names(tagged().onlyNodesWithTags('tag1'))).toEqual(['node2', 'node6']);
    expect(names(tagged().onlyNodesWithTags('tag2'))).toEqual(['node2', 'node4']);
    expect(names(tagged().onlyNodesWithTags('tag1', 'tag2'))).toEqual(['node2', 'node4', 'node6']);
  });

  it('selects nothing for unknown or no tags', () => {
    expect(tagged().onlyNodesWithTags('tag3').nodes).toEqual([]);
    expect(tagged().onlyNodesWithTags().nodes).toEqual([]);
  });
});

describe('node-based filters (cases 40, 41)', () => {
  it('takes nodes and everything downstream or upstream', () => {
    const p = complexPipeline();
    expect(names(p.fromNodes('node3', 'node2'))).toEqual(['node1', 'node2', 'node3']);
    expect(names(p.toNodes('node4', 'node6'))).toEqual(['node4', 'node6', 'node7', 'node8', 'node9']);
    expect(names(p.fromNodes('node1'))).toEqual(['node1']);
    expect(names(p.toNodes('node9'))).toEqual(['node9']);
  });

  it('rejects unknown node names', () => {
    const p = complexPipeline();
    expect(() => p.fromNodes('missing_node')).toThrow(new PipelineError("Pipeline does not contain nodes named ['missing_node']."));
    expect(() => p.toNodes('node1', 'missing_node')).toThrow("Pipeline does not contain nodes named ['missing_node'].");
    expect(() => p.onlyNodes('x', 'y')).toThrow("Pipeline does not contain nodes named ['x', 'y'].");
  });

  it('suggests namespaced nodes with the same base name', () => {
    const p = new Pipeline([
      node(identity, 'A', 'B', { name: 'node1', namespace: 'katie' }),
      node(identity, 'B', 'C', { name: 'node2', namespace: 'katie' }),
    ]);
    expect(() => p.onlyNodes('node1')).toThrow("Pipeline does not contain nodes named ['node1']. Did you mean: ['katie.node1']?");
    expect(names(p.onlyNodes('katie.node1', 'katie.node1'))).toEqual(['katie.node1']);
  });
});

describe('dataset-based filters (cases 42, 43)', () => {
  it('takes consumers and everything downstream', () => {
    expect(names(complexPipeline().fromInputs('F', 'H'))).toEqual(['node1', 'node2', 'node3']);
  });

  it('takes producers and everything upstream', () => {
    expect(names(complexPipeline().toOutputs('F', 'H'))).toEqual(['node4', 'node7', 'node8', 'node9']);
  });

  it('takes direct consumers or producers only', () => {
    const p = complexPipeline();
    expect(names(p.onlyNodesWithInputs('H'))).toEqual(['node1', 'node2']);
    expect(names(p.onlyNodesWithOutputs('F', 'H'))).toEqual(['node4']);
  });

  it('rejects unknown datasets, sorted', () => {
    const p = complexPipeline();
    const message = "Pipeline does not contain datasets named ['W', 'Z']";
    expect(() => p.fromInputs('Z', 'W', 'F')).toThrow(new PipelineError(message));
    expect(() => p.toOutputs('Z', 'W')).toThrow(message);
    expect(() => p.onlyNodesWithInputs('Z', 'W')).toThrow(message);
    expect(() => p.onlyNodesWithOutputs('W', 'Z', 'W')).toThrow(message);
  });

  it('returns an empty pipeline for a free input asked as output', () => {
    const p = new Pipeline([node(identity, 'A', 'B')]);
    expect(p.onlyNodesWithOutputs('A').nodes).toEqual([]);
    expect(p.toOutputs('A').nodes).toEqual([]);
  });
});
