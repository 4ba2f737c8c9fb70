// kedro's tests/pipeline/test_pipeline_with_transcoding.py, plus the same rule through algebra and the runners.
import {
  AbstractDataset,
  CircularDependencyError,
  ConcurrentRunner,
  DataCatalog,
  node,
  OutputNotUniqueError,
  Pipeline,
  PipelineError,
  SequentialRunner,
  type AbstractRunner,
  type Node,
} from '@kedro-mlflow/core-pipeline';
import { biconcat, constantOutput, identity, names, sink, sorted, triconcat } from './fixtures.js';

/** Two outputs from one input, so that every node of the complex pipeline can run. */
function split(input: string): [string, string] {
  return [`${input}.0`, `${input}.1`];
}

/**
 * Numbers are nodes, letters datasets; B and H are transcoded, every other dataset is plain, and
 * nodes 1, 4 and 8 read or write plain datasets next to a transcoded one.
 *
 *   9 → A → 8 → [B@node8, L];  B → 7 → [C, E];  B → 10
 *   C → 6 → D → 5;  E → 4 → [F, H@node4];  F → 3 → [G, M];  H → 2 → I;  [H, I, M] → 1 → N
 */
function transcodedComplexNodes(): Node[] {
  return [
    node(triconcat, ['H@node1', 'I', 'M'], 'N', { name: 'node1' }),
    node(identity, 'H@node2', 'I', { name: 'node2' }),
    node(split, 'F', ['G', 'M'], { name: 'node3' }),
    node(split, 'E', ['F', 'H@node4'], { name: 'node4' }),
    node(sink, 'D', null, { name: 'node5' }),
    node(identity, 'C', 'D', { name: 'node6' }),
    node(split, 'B@node7', ['C', 'E'], { name: 'node7' }),
    node(split, 'A', ['B@node8', 'L'], { name: 'node8' }),
    node(constantOutput, null, 'A', { name: 'node9' }),
    node(sink, 'B@node10', null, { name: 'node10' }),
  ];
}

const complex = (): Pipeline => new Pipeline(transcodedComplexNodes());
const nodeNames = (...numbers: number[]): string[] => numbers.map((i) => `node${i}`).sort();

interface ValidCase {
  nodes: () => Node[];
  layers: string[][];
  freeInputs: string[];
  outputs: string[];
}

const validCases: Array<[string, ValidCase]> = [
  [
    'transcoded names',
    {
      nodes: () => [
        node(identity, 'A', 'B@pandas', { name: 'node1' }),
        node(identity, 'B@pandas', 'C', { name: 'node2' }),
        node(identity, 'B@spark', 'D', { name: 'node3' }),
      ],
      layers: [['node1'], ['node2', 'node3']],
      freeInputs: ['A'],
      outputs: ['C', 'D'],
    },
  ],
  [
    'a transcoded free input',
    {
      nodes: () => [node(identity, 'B@pandas', 'C', { name: 'node1' }), node(identity, 'C', 'D', { name: 'node2' })],
      layers: [['node1'], ['node2']],
      freeInputs: ['B@pandas'],
      outputs: ['D'],
    },
  ],
  [
    'two variants read by one node',
    {
      nodes: () => [
        node(identity, 'A', 'B@pandas', { name: 'node1' }),
        node(biconcat, ['B@spark', 'B@pandas'], 'C', { name: 'node2' }),
      ],
      layers: [['node1'], ['node2']],
      freeInputs: ['A'],
      outputs: ['C'],
    },
  ],
];

describe.each(validCases)('a valid pipeline with %s', (_label, { nodes, layers, freeInputs, outputs }) => {
  it('groups nodes into dependency layers and runs them layer by layer', () => {
    const p = new Pipeline(nodes());
    expect(p.groupedNodes.map((layer) => layer.map((n) => n.name))).toEqual(layers);
    expect(p.nodes).toEqual(p.groupedNodes.flat());
  });

  it('has the free inputs, written as the nodes read them', () => {
    expect(sorted(new Pipeline(nodes()).inputs())).toEqual(freeInputs);
  });

  it('has the free outputs', () => {
    expect(sorted(new Pipeline(nodes()).outputs())).toEqual(outputs);
  });

  it('lists every node and dataset in its JSON', () => {
    const given = nodes();
    const json = JSON.stringify(new Pipeline(given));
    for (const n of given) {
      expect(json).toContain(`"${n.name}"`);
      for (const name of [...n.inputs, ...n.outputs]) expect(json).toContain(`"${name}"`);
    }
    expect(JSON.parse(json).kedro_version).toBe('0.1.0');
  });
});

describe('invalid pipelines with transcoded datasets', () => {
  it('rejects a base name used both bare and transcoded', () => {
    const make = (): Pipeline =>
      new Pipeline([
        node(identity, 'A', 'B', { name: 'node1' }),
        node(identity, 'B@pandas', 'C', { name: 'node2' }),
        node(identity, 'B@spark', 'D', { name: 'node3' }),
        node(biconcat, ['A', 'D'], 'E', { name: 'node4' }),
      ]);
    expect(make).toThrow(PipelineError);
    expect(make).toThrow(
      'The following datasets are used with transcoding, but were referenced without the separator: B.\nPlease specify a transcoding option or rename the datasets.',
    );
  });

  it('names only the bases used bare, not the plain datasets beside them', () => {
    // X is plain everywhere; it sits on the same nodes as the transcoded B, which is also used bare.
    const make = (): Pipeline =>
      new Pipeline([
        node(biconcat, ['A', 'X'], 'B', { name: 'node1' }),
        node(biconcat, ['B@pandas', 'X'], ['C', 'Y'], { name: 'node2' }),
        node(identity, 'Y', 'Z@spark', { name: 'node3' }),
        node(identity, 'Z@pandas', 'W', { name: 'node4' }),
      ]);
    expect(make).toThrow('referenced without the separator: B.\n');
  });

  it('rejects two nodes writing variants of one dataset', () => {
    const make = (): Pipeline =>
      new Pipeline([node(identity, 'A', 'B@pandas', { name: 'node1' }), node(identity, 'A', 'B@spark', { name: 'node2' })]);
    expect(make).toThrow(OutputNotUniqueError);
    expect(make).toThrow("Output(s) ['B'] are returned by more than one nodes.");
  });

  it('detects loops through transcoded names', () => {
    const make = (): Pipeline =>
      new Pipeline([
        node(identity, 'A@pandas', 'B@pandas', { name: 'node1' }),
        node(identity, 'B@spark', 'C@spark', { name: 'node2' }),
        node(identity, 'C@spark', 'A@spark', { name: 'node3' }),
      ]);
    expect(make).toThrow(CircularDependencyError);
    expect(make).toThrow('node1');
  });
});

describe('a pipeline with plain datasets next to transcoded ones', () => {
  it('accepts plain inputs and outputs of nodes that also use transcoded datasets', () => {
    const p = complex();
    expect(names(p)).toEqual(nodeNames(1, 2, 3, 4, 5, 6, 7, 8, 9, 10));
    expect(p.inputs()).toEqual(new Set());
    expect(sorted(p.outputs())).toEqual(['G', 'L', 'N']);
  });

  it('accepts a plain dataset read beside a transcoded one by the same node', () => {
    const p = new Pipeline([node(identity, 'A', 'B@pandas', { name: 'n1' }), node(biconcat, ['B@spark', 'X'], 'C', { name: 'n2' })]);
    expect(sorted(p.inputs())).toEqual(['A', 'X']);
  });

  it('accepts a plain dataset written beside a transcoded one by the same node', () => {
    const p = new Pipeline([node(split, 'A', ['B@pandas', 'X'], { name: 'n1' }), node(biconcat, ['B@spark', 'X'], 'C', { name: 'n2' })]);
    expect(p.inputs()).toEqual(new Set(['A']));
    expect(p.outputs()).toEqual(new Set(['C']));
  });
});

describe('filters on the complex transcoded pipeline', () => {
  it('fromNodes follows transcoded datasets downstream', () => {
    expect(names(complex().fromNodes('node8'))).toEqual(nodeNames(1, 2, 3, 4, 5, 6, 7, 8, 10));
  });

  it('toNodes follows transcoded datasets upstream', () => {
    expect(names(complex().toNodes('node7'))).toEqual(nodeNames(7, 8, 9));
  });

  it('onlyNodesWithInputs: a full name selects that variant only', () => {
    expect(names(complex().onlyNodesWithInputs('H@node2'))).toEqual(['node2']);
  });

  it('onlyNodesWithInputs: a base name selects every variant', () => {
    expect(names(complex().onlyNodesWithInputs('H'))).toEqual(nodeNames(1, 2));
  });

  it('onlyNodesWithInputs: a base name and one of its variants select what the base name does', () => {
    expect(names(complex().onlyNodesWithInputs('H', 'H@node1'))).toEqual(names(complex().onlyNodesWithInputs('H')));
  });

  it('onlyNodesWithInputs: rejects an unknown dataset', () => {
    expect(() => complex().onlyNodesWithInputs('Z')).toThrow("Pipeline does not contain datasets named ['Z']");
  });

  it('fromInputs: a full name starts from that variant only', () => {
    expect(names(complex().fromInputs('H@node1'))).toEqual(['node1']);
    expect(names(complex().fromInputs('H@node2'))).toEqual(nodeNames(1, 2));
  });

  it('fromInputs traverses transcoded datasets further down', () => {
    expect(names(complex().fromInputs('E'))).toEqual(nodeNames(1, 2, 3, 4));
  });

  it('fromInputs starts on the right variant and still traverses transcoded datasets below it', () => {
    expect(names(complex().fromInputs('B@node7', 'L'))).toEqual(nodeNames(1, 2, 3, 4, 5, 6, 7));
  });

  it('fromInputs: a base name starts from every variant', () => {
    expect(names(complex().fromInputs('H'))).toEqual(nodeNames(1, 2));
  });

  it('fromInputs: a base name and one of its variants select what the base name does', () => {
    expect(names(complex().fromInputs('H', 'H@node4'))).toEqual(names(complex().fromInputs('H')));
  });

  it('fromInputs: rejects an unknown dataset', () => {
    expect(() => complex().fromInputs('Z')).toThrow("Pipeline does not contain datasets named ['Z']");
  });

  it('onlyNodesWithOutputs: a full name selects its writer, a variant only read selects nothing', () => {
    expect(names(complex().onlyNodesWithOutputs('H@node4'))).toEqual(['node4']);
    expect(complex().onlyNodesWithOutputs('H@node2').nodes).toEqual([]);
  });

  it('onlyNodesWithOutputs: a base name selects the writer of any variant', () => {
    expect(names(complex().onlyNodesWithOutputs('H'))).toEqual(['node4']);
  });

  it('onlyNodesWithOutputs: a base name and one of its variants select what the base name does', () => {
    expect(names(complex().onlyNodesWithOutputs('H', 'H@node4'))).toEqual(names(complex().onlyNodesWithOutputs('H')));
  });

  it('onlyNodesWithOutputs: rejects an unknown dataset', () => {
    expect(() => complex().onlyNodesWithOutputs('Z')).toThrow("Pipeline does not contain datasets named ['Z']");
  });

  it('toOutputs: a full name ends at its writer, a variant only read selects nothing', () => {
    expect(names(complex().toOutputs('H@node4'))).toEqual(nodeNames(4, 7, 8, 9));
    expect(complex().toOutputs('H@node2').nodes).toEqual([]);
  });

  it('toOutputs traverses transcoded datasets further up', () => {
    expect(names(complex().toOutputs('H@node4', 'D'))).toEqual(nodeNames(4, 6, 7, 8, 9));
  });

  it('toOutputs: a base name ends at the writer of any variant', () => {
    expect(names(complex().toOutputs('H'))).toEqual(nodeNames(4, 7, 8, 9));
  });

  it('toOutputs: a base name and one of its variants select what the base name does', () => {
    expect(names(complex().toOutputs('H', 'H@node4'))).toEqual(names(complex().toOutputs('H')));
  });

  it('toOutputs: rejects an unknown dataset', () => {
    expect(() => complex().toOutputs('Z')).toThrow("Pipeline does not contain datasets named ['Z']");
  });

  it('filter() combines criteria across variants', () => {
    expect(names(complex().filter({ fromNodes: ['node8'], toOutputs: ['H'] }))).toEqual(nodeNames(4, 7, 8));
    expect(names(complex().filter({ fromInputs: ['B@node10'], nodeNames: ['node10'] }))).toEqual(['node10']);
  });
});

describe('filters on a small transcoded pipeline', () => {
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
  });

  it('rejects unknown variants', () => {
    expect(() => p().fromInputs('A@arrow')).toThrow("Pipeline does not contain datasets named ['A@arrow']");
  });
});

describe('algebra on transcoded pipelines', () => {
  const firstHalf = (): Pipeline => new Pipeline(transcodedComplexNodes().slice(0, 5));
  const secondHalf = (): Pipeline => new Pipeline(transcodedComplexNodes().slice(5));

  it('adds halves into the whole pipeline, connected through the variants', () => {
    const sum = firstHalf().add(secondHalf());
    expect(names(sum)).toEqual(names(complex()));
    expect(sum.nodes.map((n) => n.name)).toEqual(complex().nodes.map((n) => n.name));
    expect(sum.inputs()).toEqual(new Set());
    expect(names(Pipeline.sum([secondHalf(), firstHalf()]))).toEqual(names(complex()));
  });

  it('subtracts and intersects by node, leaving the other variants free', () => {
    const rest = complex().subtract(secondHalf());
    expect(names(rest)).toEqual(nodeNames(1, 2, 3, 4, 5));
    expect(sorted(rest.inputs())).toEqual(['D', 'E']);
    expect(names(complex().intersect(firstHalf()))).toEqual(nodeNames(1, 2, 3, 4, 5));
  });

  it('refuses to add a pipeline using a base name bare to one using it transcoded', () => {
    const bare = new Pipeline([node(identity, 'H', 'X', { name: 'bare' })]);
    expect(() => complex().add(bare)).toThrow('referenced without the separator: H.\n');
    expect(() => bare.union(complex())).toThrow(PipelineError);
  });

  it('tags every node and keeps the transcoded names', () => {
    const tagged = complex().tag('t');
    expect(names(tagged.onlyNodesWithTags('t'))).toEqual(names(complex()));
    expect(tagged.datasets()).toEqual(complex().datasets());
  });
});

/** One variant of a transcoded dataset: every variant of a base name reads and writes the same value. */
class VariantDataset extends AbstractDataset {
  constructor(
    private readonly store: Map<string, unknown>,
    private readonly base: string,
  ) {
    super({});
  }
  protected _load(): unknown {
    return this.store.get(this.base);
  }
  protected _save(data: unknown): void {
    this.store.set(this.base, data);
  }
  protected override _exists(): boolean {
    return this.store.has(this.base);
  }
  protected _describe(): Record<string, unknown> {
    return { base: this.base };
  }
}

function variantCatalog(store = new Map<string, unknown>()): DataCatalog {
  const variants = ['B@node7', 'B@node8', 'B@node10', 'H@node1', 'H@node2', 'H@node4'];
  return new DataCatalog({
    datasets: Object.fromEntries(variants.map((name) => [name, new VariantDataset(store, name.split('@')[0]!)])),
  });
}

const runners: Array<[string, () => AbstractRunner]> = [
  ['SequentialRunner', () => new SequentialRunner()],
  ['ConcurrentRunner', () => new ConcurrentRunner({ maxWorkers: 2 })],
];

describe.each(runners)('%s on the complex transcoded pipeline', (_name, makeRunner) => {
  // A = 'output'; B = A.0; E = B.1; H = E.1; F = E.0; M = F.1; I = H; N = H + I + M.
  const h = 'output.0.1.1';
  const expectedN = `${h}${h}output.0.1.0.1`;

  it('runs every node, each variant reading what another variant wrote', async () => {
    const store = new Map<string, unknown>();
    const result = await makeRunner().run(complex(), variantCatalog(store));
    expect(Object.keys(result).sort()).toEqual(['G', 'L', 'N']);
    await expect(result.N!.load()).resolves.toBe(expectedN);
    await expect(result.L!.load()).resolves.toBe('output.1');
    expect(store.get('B')).toBe('output.0');
  });

  it('runs a filtered pipeline from a plain free input', async () => {
    const catalog = variantCatalog();
    catalog.set('A', 'output');
    const result = await makeRunner().run(complex().fromNodes('node8').toNodes('node1'), catalog);
    expect(Object.keys(result).sort()).toEqual(['C', 'G', 'L', 'N']);
    await expect(result.N!.load()).resolves.toBe(expectedN);
  });
});
