import { node, Pipeline, PipelineError } from '@kedro-mlflow/core-pipeline';
import { biconcat, constantOutput, identity, names } from './fixtures.js';

const p1 = (): Pipeline => new Pipeline([node(biconcat, ['input', 'input1'], 'output1', { name: 'a' })]);
const p2 = (): Pipeline => new Pipeline([node(biconcat, ['input', 'input2'], 'output2', { name: 'b' })]);
const p3 = (): Pipeline => new Pipeline([node(biconcat, ['input', 'input3'], 'output3', { name: 'c' })]);

describe('pipeline addition (cases 30, 31)', () => {
  it('adds pipelines', () => {
    const sum = p1().add(p2());
    expect(names(sum)).toEqual(['a', 'b']);
    expect(sum.inputs()).toEqual(new Set(['input', 'input1', 'input2']));
  });

  it('refuses non-pipeline operands with a TypeError', () => {
    const n = node(identity, 'A', 'B');
    expect(() => p1().add(n as never)).toThrow(new TypeError("unsupported operand type(s) for +: 'Pipeline' and 'Node'"));
    expect(() => p1().add(1 as never)).toThrow("unsupported operand type(s) for +: 'Pipeline' and 'number'");
    expect(() => p1().union('x' as never)).toThrow("unsupported operand type(s) for |: 'Pipeline' and 'string'");
    expect(() => p1().subtract('x' as never)).toThrow(new TypeError("unsupported operand type(s) for -: 'Pipeline' and 'string'"));
    expect(() => p1().intersect(null as never)).toThrow("unsupported operand type(s) for &: 'Pipeline' and 'null'");
  });

  it('sums any number of pipelines', () => {
    expect(names(Pipeline.sum([p1(), p2(), p3()]))).toEqual(['a', 'b', 'c']);
    expect(Pipeline.sum([]).nodes).toEqual([]);
    expect(() => Pipeline.sum([p1(), 1 as never])).toThrow("unsupported operand type(s) for +: 'Pipeline' and 'number'");
  });

  it('rejects two different nodes with the same name', () => {
    const first = new Pipeline([node(identity, 'A', 'B', { name: 'a' })]);
    const second = new Pipeline([node(identity, 'C', 'D', { name: 'a' })]);
    expect(() => first.add(second)).toThrow(
      "Pipeline nodes must have unique names. The following node names appear more than once:\n\nFree nodes:\n  - a\n",
    );
  });

  it('collapses identical nodes, keeping the left copy', () => {
    const left = new Pipeline([node(identity, 'A', 'B', { name: 'a', tags: 'left' })]);
    const right = new Pipeline([node(identity, 'A', 'B', { name: 'a', tags: 'right' }), node(identity, 'B', 'C', { name: 'b' })]);
    const sum = left.add(right);
    expect(names(sum)).toEqual(['a', 'b']);
    expect(sum.nodes[0]!.tags).toEqual(new Set(['left']));
    expect(names(left.add(left))).toEqual(['a']);
  });
});

describe('pipeline subtraction (case 33)', () => {
  it('removes the nodes of the right operand', () => {
    expect(names(Pipeline.sum([p1(), p2(), p3()]).subtract(p2()))).toEqual(['a', 'c']);
  });

  it('ignores unknown nodes', () => {
    expect(names(p1().add(p2()).subtract(p3()))).toEqual(['a', 'b']);
  });

  it('behaves as a set difference on empty operands', () => {
    const empty = new Pipeline([]);
    expect(empty.subtract(p1()).nodes).toEqual([]);
    expect(names(p1().subtract(empty))).toEqual(['a']);
    expect(p1().subtract(p1()).nodes).toEqual([]);
  });

  it('matches nodes by identity key, not by object', () => {
    const twin = new Pipeline([node(biconcat, ['input', 'input1'], 'output1', { name: 'a' })]);
    expect(p1().subtract(twin).nodes).toEqual([]);
    const renamed = new Pipeline([node(biconcat, ['input', 'input1'], 'output1', { name: 'other' })]);
    expect(names(p1().subtract(renamed))).toEqual(['a']);
  });
});

describe('pipeline intersection and union (case 34)', () => {
  it('keeps the nodes present in both', () => {
    const both = p1().add(p2()).intersect(p2().add(p3()));
    expect(names(both)).toEqual(['b']);
    expect(p1().intersect(p2()).nodes).toEqual([]);
    expect(new Pipeline([]).intersect(p1()).nodes).toEqual([]);
  });

  it('unions like addition', () => {
    expect(names(p1().union(p2()).union(p1()))).toEqual(['a', 'b']);
    expect(names(new Pipeline([]).union(p3()))).toEqual(['c']);
  });

  it('returns new pipelines and leaves operands unchanged', () => {
    const left = p1();
    const right = p2();
    const sum = left.add(right);
    expect(sum).not.toBe(left);
    expect(names(left)).toEqual(['a']);
    expect(names(right)).toEqual(['b']);
  });
});

describe('addition and sum share one de-duplication', () => {
  it('keeps the first copy of an identical node across any number of pipelines', () => {
    const first = node(identity, 'A', 'B', { name: 'a', tags: 'first' });
    const second = node(identity, 'A', 'B', { name: 'a', tags: 'second' });
    const other = node(identity, 'B', 'C', { name: 'b' });
    const sum = Pipeline.sum([new Pipeline([first]), new Pipeline([other]), new Pipeline([second, other])]);
    expect(sum.nodes).toEqual([first, other]);
    expect(sum.nodes[0]).toBe(first);
    const added = new Pipeline([second]).add(new Pipeline([first, other]));
    expect(added.nodes[0]).toBe(second);
    expect(added.nodes.map((n) => n.key)).toEqual(Pipeline.sum([new Pipeline([second]), new Pipeline([first, other])]).nodes.map((n) => n.key));
  });

  it('validates the union like any new pipeline', () => {
    const bare = new Pipeline([node(identity, 'A', 'B', { name: 'a' })]);
    const loop = new Pipeline([node(identity, 'B', 'A', { name: 'b' })]);
    expect(() => bare.add(loop)).toThrow('Circular dependencies exist among the following 2 item(s)');
    expect(() => Pipeline.sum([bare, loop])).toThrow('Circular dependencies exist among the following 2 item(s)');
  });
});

describe('filter results keep node identity', () => {
  it('makes subsets of the same node objects', () => {
    const p = new Pipeline([node(constantOutput, null, 'A', { name: 'x' }), node(identity, 'A', 'B', { name: 'y' })]);
    expect(p.onlyNodes('y').nodes[0]).toBe(p.nodes[1]);
    expect(() => p.onlyNodes('y').filter({ nodeNames: ['x'] })).toThrow(PipelineError);
  });

  it('makes subsets that are full pipelines, with their own graph and views', () => {
    const p = new Pipeline([
      node(constantOutput, null, 'A', { name: 'x' }),
      node(identity, 'A', 'B', { name: 'y' }),
      node(identity, 'B', 'C', { name: 'z' }),
    ]);
    const sub = p.fromNodes('y');
    expect(sub).toBeInstanceOf(Pipeline);
    expect(Pipeline.isInstance(sub)).toBe(true);
    expect(sub.inputs()).toEqual(new Set(['A']));
    expect(sub.outputs()).toEqual(new Set(['C']));
    expect(sub.nodes.map((n) => n.name)).toEqual(['y', 'z']);
    expect(sub.toString()).toBe(new Pipeline(sub.nodes).toString());
    expect(names(sub.toNodes('y').tag('t').onlyNodesWithTags('t'))).toEqual(['y']);
    expect(names(sub.add(p.onlyNodes('x')))).toEqual(['x', 'y', 'z']);
    // The original keeps its own cached views.
    expect(p.inputs()).toEqual(new Set());
  });

  it('still validates pipelines built after any number of subsets', () => {
    const p = new Pipeline([node(identity, 'A', 'B', { name: 'a' }), node(identity, 'B', 'C', { name: 'b' })]);
    p.onlyNodes('a');
    p.tag('t');
    expect(() => p.filter({ nodeNames: ['a'], toNodes: ['b'] }).fromNodes('nope')).toThrow(PipelineError);
    expect(() => new Pipeline([node(identity, 'A', 'B', { name: 'a' }), node(identity, 'C', 'D', { name: 'a' })])).toThrow(
      'Pipeline nodes must have unique names.',
    );
    expect(() => new Pipeline([node(identity, 'A', 'B', { name: 'a' }), node(identity, 'C', 'B', { name: 'c' })])).toThrow(
      "Output(s) ['B'] are returned by more than one nodes.",
    );
  });
});
