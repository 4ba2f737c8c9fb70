import {
  CircularDependencyError,
  node,
  OutputNotUniqueError,
  ConfirmNotUniqueError,
  Pipeline,
  pipeline,
  PipelineError,
  type Node,
} from '@kedro-mlflow/core-pipeline';
import { biconcat, complexPipeline, constantOutput, fanIn, identity, names, sink, sorted, triconcat } from './fixtures.js';

const layerNames = (p: Pipeline): string[][] => p.groupedNodes.map((layer) => layer.map((n) => n.name));

describe('execution order (case 22)', () => {
  const branchless = (): Node[] => [
    node(identity, 'E', 'F', { name: 'e' }),
    node(identity, 'D', 'E', { name: 'd' }),
    node(identity, 'C', 'D', { name: 'c' }),
    node(identity, 'A', 'B', { name: 'a' }),
    node(identity, 'B', 'C', { name: 'b' }),
    node(constantOutput, null, 'A', { name: 'z' }),
  ];

  it('orders a branchless pipeline', () => {
    expect(layerNames(new Pipeline(branchless()))).toEqual([['z'], ['a'], ['b'], ['c'], ['d'], ['e']]);
  });

  it('orders layers by longest path and sorts each layer by name', () => {
    const p = complexPipeline();
    expect(layerNames(p)).toEqual([['node9'], ['node8'], ['node7'], ['node4', 'node6'], ['node2', 'node3', 'node5'], ['node1']]);
    expect(p.nodes.map((n) => n.name)).toEqual(p.groupedNodes.flat().map((n) => n.name));
  });

  it('orders a pipeline with record outputs and inputs like the list version', () => {
    const p = new Pipeline([
      node(triconcat, ['H', 'I', 'M'], 'N', { name: 'node1' }),
      node(identity, 'H', 'I', { name: 'node2' }),
      node(identity, 'F', { M: 'M', N: 'G' }, { name: 'node3' }),
      node(identity, 'E', { O: 'F', P: 'H' }, { name: 'node4' }),
      node(identity, { input1: 'D' }, null, { name: 'node5' }),
      node(identity, 'C', 'D', { name: 'node6' }),
      node(identity, 'B', { P: 'C', Q: 'E' }, { name: 'node7' }),
      node(identity, 'A', { R: 'B', S: 'L' }, { name: 'node8' }),
      node(constantOutput, null, 'A', { name: 'node9' }),
    ]);
    expect(layerNames(p)).toEqual(layerNames(complexPipeline()));
    expect(sorted(p.outputs())).toEqual(['G', 'L', 'N']);
  });

  it('orders free-input, disjoint, duplicated-input and string-input pipelines', () => {
    const freeInput = new Pipeline([
      node(biconcat, ['A', 'D'], 'E', { name: 'n3' }),
      node(identity, 'C', 'D', { name: 'n2' }),
      node(identity, 'B', 'C', { name: 'n1' }),
    ]);
    expect(layerNames(freeInput)).toEqual([['n1'], ['n2'], ['n3']]);
    expect(sorted(freeInput.inputs())).toEqual(['A', 'B']);

    const disjoint = new Pipeline([
      node(identity, 'E', 'F', { name: 'd2' }),
      node(identity, 'B', 'C', { name: 'a2' }),
      node(identity, 'A', 'B', { name: 'a1' }),
      node(identity, 'D', 'E', { name: 'd1' }),
    ]);
    expect(layerNames(disjoint)).toEqual([['a1', 'd1'], ['a2', 'd2']]);

    const duplicated = new Pipeline([node(identity, 'B', 'C', { name: 'two' }), node(biconcat, ['A', 'A'], 'B', { name: 'one' })]);
    expect(layerNames(duplicated)).toEqual([['one'], ['two']]);
    expect(duplicated.inputs()).toEqual(new Set(['A']));

    const strInputs = new Pipeline([node(identity, 'A', 'B'), node(identity, 'B', 'C')]);
    expect(strInputs.nodes.map((n) => n.inputs)).toEqual([['A'], ['B']]);
  });

  it('maps every node to its parents (case 26)', () => {
    const deps = complexPipeline().nodeDependencies;
    const byName = Object.fromEntries([...deps].map(([child, parents]) => [child.name, names(parents)]));
    expect(byName).toEqual({
      node1: ['node2', 'node3', 'node4'],
      node2: ['node4'],
      node3: ['node4'],
      node4: ['node7'],
      node5: ['node6'],
      node6: ['node7'],
      node7: ['node8'],
      node8: ['node9'],
      node9: [],
    });
  });
});

describe('dataset views (case 23)', () => {
  it('computes free inputs and outputs', () => {
    const p = complexPipeline();
    expect(p.inputs()).toEqual(new Set());
    expect(sorted(p.outputs())).toEqual(['G', 'L', 'N']);
    expect(sorted(p.allInputs())).toEqual(['A', 'B', 'C', 'D', 'E', 'F', 'H', 'I', 'M']);
    expect(sorted(p.allOutputs())).toEqual(['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'L', 'M', 'N']);
    expect(sorted(p.datasets())).toEqual(['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'L', 'M', 'N']);
  });

  it('computes them for a disjoint pipeline, parameters included', () => {
    const p = new Pipeline([
      node(biconcat, ['A', 'params:x'], 'B'),
      node(identity, 'B', 'C'),
      node(biconcat, ['D', 'parameters'], 'E'),
      node(identity, 'E', 'F'),
    ]);
    expect(sorted(p.inputs())).toEqual(['A', 'D', 'parameters', 'params:x']);
    expect(sorted(p.outputs())).toEqual(['C', 'F']);
  });

  it('returns copies', () => {
    const p = complexPipeline();
    p.outputs().add('X');
    p.allInputs().clear();
    p.nodes.pop();
    expect(sorted(p.outputs())).toEqual(['G', 'L', 'N']);
    expect(p.allInputs().size).toBe(9);
    expect(p.nodes).toHaveLength(9);
  });
});

describe('construction', () => {
  it('accepts an empty list and rejects null (case 24)', () => {
    expect(new Pipeline([]).nodes).toEqual([]);
    expect(() => new Pipeline(null)).toThrow(
      new PipelineError("'nodes' argument of 'Pipeline' is None. It must be an iterable of nodes and/or pipelines instead."),
    );
    expect(() => pipeline(undefined as never, { namespace: 'ns' })).toThrow("'nodes' argument of 'Pipeline' is None");
  });

  it('rejects items that are neither nodes nor pipelines', () => {
    expect(() => new Pipeline([node(identity, 'A', 'B'), 'oops' as never])).toThrow(
      new TypeError("'nodes' argument of 'Pipeline' must contain only nodes and pipelines, but item 1 is 'string'."),
    );
    expect(() => new Pipeline(42 as never)).toThrow(TypeError);
  });

  it('accepts a generator of nodes and nested pipelines', () => {
    function* items(): Generator<Node | Pipeline> {
      yield node(identity, 'A', 'B', { name: 'a' });
      yield new Pipeline([node(identity, 'B', 'C', { name: 'b' })]);
    }
    expect(new Pipeline(items()).nodes.map((n) => n.name)).toEqual(['a', 'b']);
    expect(new Pipeline(complexPipeline()).nodes).toHaveLength(9);
  });

  it('adds pipeline tags to every node (cases 25, 37)', () => {
    const p = new Pipeline([node(identity, 'A', 'B', { tags: ['node1'] })], { tags: ['p1', 'p2'] });
    expect(p.nodes[0]!.tags).toEqual(new Set(['node1', 'p1', 'p2']));
    const single = pipeline([node(identity, 'A', 'B'), node(identity, 'B', 'C')], { tags: 'single_tag' });
    expect(single.nodes.every((n) => n.hasTag('single_tag'))).toBe(true);
    const retagged = single.tag(['extra', 'more']);
    expect(retagged.nodes.every((n) => n.hasTag('extra') && n.hasTag('more') && n.hasTag('single_tag'))).toBe(true);
    expect(single.nodes.some((n) => n.hasTag('extra'))).toBe(false);
    expect(() => new Pipeline([node(identity, 'A', 'B')], { tags: 'bad tag' })).toThrow('is not a valid node tag');
  });

  it('detects cycles (case 27)', () => {
    const make = (): Pipeline =>
      new Pipeline([
        node(identity, 'A', 'B', { name: 'a' }),
        node(identity, 'B', 'C', { name: 'b' }),
        node(identity, 'C', 'A', { name: 'c' }),
        node(identity, 'C', 'D', { name: 'tail' }),
        node(identity, 'X', 'Y', { name: 'unrelated' }),
      ]);
    expect(make).toThrow(CircularDependencyError);
    expect(make).toThrow(
      "Circular dependencies exist among the following 3 item(s): [Node(identity, 'A', 'B', 'a'), Node(identity, 'B', 'C', 'b'), Node(identity, 'C', 'A', 'c')]",
    );
    let thrown: unknown;
    try {
      make();
    } catch (error) {
      thrown = error;
    }
    expect(CircularDependencyError.isInstance(thrown)).toBe(true);
    expect(PipelineError.isInstance(thrown)).toBe(true);
  });

  it('rejects outputs written by two nodes (case 28)', () => {
    const make = (): Pipeline =>
      new Pipeline([node(identity, 'A', ['D', 'E'], { name: 'n1' }), node(identity, 'B', ['D', 'E', 'F'], { name: 'n2' })]);
    expect(make).toThrow(OutputNotUniqueError);
    expect(make).toThrow("Output(s) ['D', 'E'] are returned by more than one nodes. Node outputs must be unique.");
    const p1 = new Pipeline([node(identity, 'input1', 'output', { name: 'a' })]);
    const p2 = new Pipeline([node(identity, 'input2', 'output', { name: 'b' })]);
    expect(() => p1.add(p2)).toThrow("Output(s) ['output'] are returned by more than one nodes.");
  });

  it('rejects datasets confirmed by two nodes (case 32)', () => {
    const make = (): Pipeline =>
      new Pipeline([
        node(identity, 'A', 'B', { name: 'a', confirms: ['other', 'x@csv'] }),
        node(identity, 'C', 'D', { name: 'b', confirms: 'other' }),
      ]);
    expect(make).toThrow(ConfirmNotUniqueError);
    expect(make).toThrow("['other'] datasets are confirmed by more than one node. Node confirms must be unique.");
    expect(
      () => new Pipeline([node(identity, 'A', 'B', { confirms: 'x@csv' }), node(identity, 'C', 'D', { confirms: 'x@arrow' })]),
    ).toThrow("['x'] datasets are confirmed");
    const combined = new Pipeline([node(identity, 'A', 'B', { confirms: 'one' })]).add(
      new Pipeline([node(identity, 'C', 'D', { confirms: 'two' })]),
    );
    expect(combined.nodes.flatMap((n) => n.confirms).sort()).toEqual(['one', 'two']);
  });

  it('rejects duplicate node names among free nodes (case 29)', () => {
    expect(
      () => new Pipeline([node(identity, 'A', 'B', { name: 'same_name' }), node(identity, 'C', 'D', { name: 'same_name' })]),
    ).toThrow(
      "Pipeline nodes must have unique names. The following node names appear more than once:\n\nFree nodes:\n  - same_name\n\nYou can name your nodes using the last argument of 'node()'.",
    );
  });

  it('rejects a pipeline nested twice (case 29)', () => {
    const p = new Pipeline([node(identity, 'A', 'B', { name: 'node' })]);
    expect(() => new Pipeline([p, p])).toThrow(
      "The following node names appear more than once:\n\nPipeline([Node(identity, 'A', 'B', 'node')]):\n  - node\n",
    );
  });

  it('finds repeated default names without hashing every node', () => {
    const sinkTwice = (): Pipeline => new Pipeline([node(sink, 'A', null), node(sink, 'A', null)]);
    expect(sinkTwice).toThrow(/Free nodes:\n  - sink__[0-9a-f]{8}\n/);
    // Same definition twice: the name error comes before the output error, as in kedro.
    expect(() => new Pipeline([node(identity, 'A', 'B'), node(identity, 'A', 'B')])).toThrow(
      /The following node names appear more than once:\n\nFree nodes:\n  - identity__[0-9a-f]{8}\n/,
    );
    // Same function and output, different input: different names, so the output error.
    expect(() => new Pipeline([node(identity, 'A', 'B'), node(identity, 'C', 'B')])).toThrow(OutputNotUniqueError);
    // An explicit name equal to another node's default name.
    const unnamed = node(identity, 'A', 'B');
    expect(() => new Pipeline([unnamed, node(identity, 'C', 'D', { name: unnamed.name })])).toThrow(
      `Free nodes:\n  - ${unnamed.name}\n`,
    );
    // Namespaces keep equal definitions apart.
    expect(new Pipeline([node(sink, 'A', null, { namespace: 'x' }), node(sink, 'A', null, { namespace: 'y' })]).nodes).toHaveLength(2);
  });

  it('connects a tagged sub-pipeline to a new node (case 35)', () => {
    const disjoint = [node(identity, 'A', 'B'), node(identity, 'B', 'C'), node(identity, 'D', 'E'), node(identity, 'E', 'F')];
    const sub = pipeline(disjoint, { tags: ['subpipeline'] });
    expect(sub.inputs().size).toBe(2);
    expect(sub.outputs().size).toBe(2);
    const connected = pipeline([node(identity, 'C', 'D', { name: 'connecting_node' }), sub], { tags: 'main' });
    expect(connected.nodes).toHaveLength(5);
    expect(connected.inputs()).toEqual(new Set(['A']));
    expect(connected.outputs()).toEqual(new Set(['F']));
    expect(connected.nodes.every((n) => n.hasTag('main'))).toBe(true);
    expect(connected.nodes.filter((n) => n.hasTag('subpipeline'))).toHaveLength(4);
  });

  it('builds long chains and wide fans without recursion limits', () => {
    const chain = new Pipeline(Array.from({ length: 5000 }, (_, i) => node(identity, `d${i}`, `d${i + 1}`, { name: `n${i}` })));
    expect(chain.inputs()).toEqual(new Set(['d0']));
    expect(chain.outputs()).toEqual(new Set(['d5000']));
    expect(chain.groupedNodes).toHaveLength(5000);
    expect(chain.nodes[4999]!.name).toBe('n4999');
    const fan = new Pipeline([
      ...Array.from({ length: 1000 }, (_, i) => node(identity, 'src', `mid${i}`, { name: `m${String(i).padStart(4, '0')}` })),
      node(fanIn, Array.from({ length: 1000 }, (_, i) => `mid${i}`), 'sink', { name: 'join' }),
    ]);
    expect(fan.groupedNodes.map((layer) => layer.length)).toEqual([1000, 1]);
    expect(fan.outputs()).toEqual(new Set(['sink']));
  });
});

describe('renderings', () => {
  const described = (): Pipeline =>
    new Pipeline([
      node(identity, 'input1', 'output1', { name: 'node1' }),
      node(biconcat, ['output1', 'input2'], 'output2', { name: 'node2' }),
      node(identity, 'output2', 'output3', { name: 'node3' }),
    ]);

  it('describes names only by default (case 36)', () => {
    expect(described().describe()).toBe(
      [
        '#### Pipeline execution order ####',
        'Inputs: input1, input2',
        '',
        'node1',
        'node2',
        'node3',
        '',
        'Outputs: output3',
        '##################################',
      ].join('\n'),
    );
  });

  it('describes full node strings on request (case 36)', () => {
    expect(described().describe({ namesOnly: false })).toBe(
      [
        '#### Pipeline execution order ####',
        'Inputs: input1, input2',
        '',
        'node1: identity([input1]) -> [output1]',
        'node2: biconcat([output1;input2]) -> [output2]',
        'node3: identity([output2]) -> [output3]',
        '',
        'Outputs: output3',
        '##################################',
      ].join('\n'),
    );
    expect(new Pipeline([node(constantOutput, null, 'A'), node(identity, 'A', null, { name: 'x' })]).describe()).toContain(
      'Inputs: None\n',
    );
  });

  it('serialises to JSON (case 46)', () => {
    const json = JSON.parse(JSON.stringify(complexPipeline())) as {
      kedro_version: string;
      pipeline: Array<{ name: string; inputs: string[]; outputs: string[]; tags: string[] }>;
    };
    expect(json.kedro_version).toBe('0.1.0');
    expect(json.pipeline.map((n) => n.name)).toEqual(complexPipeline().nodes.map((n) => n.name));
    expect(json.pipeline.find((n) => n.name === 'node1')).toEqual({ name: 'node1', inputs: ['H', 'I', 'M'], outputs: ['N'], tags: [] });
    expect(json.pipeline.find((n) => n.name === 'node7')).toEqual({ name: 'node7', inputs: ['B'], outputs: ['C', 'E'], tags: ['foo'] });
  });

  it('has a kedro-like repr, truncated after 10 nodes', () => {
    expect(new Pipeline([]).toString()).toBe('Pipeline([])');
    expect(new Pipeline([node(identity, 'A', 'B', { name: 'a' })]).toString()).toBe("Pipeline([\nNode(identity, 'A', 'B', 'a')\n])");
    const many = new Pipeline(Array.from({ length: 12 }, (_, i) => node(identity, `x${i}`, `y${i}`, { name: `n${String(i).padStart(2, '0')}` })));
    const lines = many.toString().split('\n');
    expect(lines).toHaveLength(13);
    expect(lines[11]).toBe('...');
  });
});
