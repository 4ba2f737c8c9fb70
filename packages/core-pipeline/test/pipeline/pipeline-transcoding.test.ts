import { CircularDependencyError, node, OutputNotUniqueError, Pipeline } from '@kedro-mlflow/core-pipeline';
import { biconcat, identity, names, sorted } from './fixtures.js';

describe('pipelines with transcoded datasets (case 47)', () => {
  it('connects variants of one dataset through its base name', () => {
    const p = new Pipeline([
      node(identity, 'A', 'B@pandas', { name: 'node1' }),
      node(identity, 'B@pandas', 'C', { name: 'node2' }),
      node(identity, 'B@spark', 'D', { name: 'node3' }),
    ]);
    expect(p.inputs()).toEqual(new Set(['A']));
    expect(sorted(p.outputs())).toEqual(['C', 'D']);
    expect(p.groupedNodes.map((layer) => layer.map((n) => n.name))).toEqual([['node1'], ['node2', 'node3']]);
    expect(sorted(p.datasets())).toEqual(['A', 'B@pandas', 'B@spark', 'C', 'D']);
  });

  it('rejects a base name used both bare and transcoded', () => {
    expect(
      () =>
        new Pipeline([
          node(identity, 'A', 'B', { name: 'node1' }),
          node(identity, 'B@pandas', 'C', { name: 'node2' }),
          node(identity, 'B@spark', 'D', { name: 'node3' }),
          node(biconcat, ['A', 'D'], 'E', { name: 'node4' }),
        ]),
    ).toThrow(
      'The following datasets are used with transcoding, but were referenced without the separator: B.\nPlease specify a transcoding option or rename the datasets.',
    );
  });

  it('rejects two nodes writing variants of one dataset', () => {
    const make = (): Pipeline =>
      new Pipeline([node(identity, 'A', 'B@pandas', { name: 'node1' }), node(identity, 'C', 'B@spark', { name: 'node2' })]);
    expect(make).toThrow(OutputNotUniqueError);
    expect(make).toThrow("Output(s) ['B'] are returned by more than one nodes.");
  });

  it('detects loops through transcoded names', () => {
    expect(
      () => new Pipeline([node(identity, 'A', 'B@pandas', { name: 'node1' }), node(identity, 'B@spark', 'A', { name: 'node2' })]),
    ).toThrow(CircularDependencyError);
  });
});

describe('filters on transcoded datasets (case 48)', () => {
  const p = (): Pipeline =>
    new Pipeline([
      node(identity, 'A@pandas', 'B', { name: 'node1' }),
      node(identity, 'A@spark', 'C', { name: 'node2' }),
      node(identity, 'B', 'D@pandas', { name: 'node3' }),
      node(identity, 'D@spark', 'E', { name: 'node4' }),
    ]);

  it('selects every variant for a bare name and one variant for a full name', () => {
    expect(names(p().onlyNodesWithInputs('A'))).toEqual(['node1', 'node2']);
    expect(names(p().onlyNodesWithInputs('A@pandas'))).toEqual(['node1']);
    expect(names(p().onlyNodesWithOutputs('D'))).toEqual(['node3']);
    expect(names(p().onlyNodesWithOutputs('D@pandas'))).toEqual(['node3']);
    expect(p().onlyNodesWithOutputs('D@spark').nodes).toEqual([]);
  });

  it('traverses across variants downstream and upstream', () => {
    expect(names(p().fromInputs('A@pandas'))).toEqual(['node1', 'node3', 'node4']);
    expect(names(p().fromInputs('A@spark'))).toEqual(['node2']);
    expect(names(p().fromInputs('A'))).toEqual(['node1', 'node2', 'node3', 'node4']);
    expect(names(p().toOutputs('E'))).toEqual(['node1', 'node3', 'node4']);
    expect(names(p().toOutputs('D@pandas'))).toEqual(['node1', 'node3']);
    expect(names(p().fromNodes('node3'))).toEqual(['node3', 'node4']);
    expect(names(p().toNodes('node4'))).toEqual(['node1', 'node3', 'node4']);
  });

  it('rejects unknown variants', () => {
    expect(() => p().fromInputs('A@arrow')).toThrow("Pipeline does not contain datasets named ['A@arrow']");
  });
});
