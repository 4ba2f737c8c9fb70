import { captureLogs, Node, node, PipelineError, type NodeFunction } from '@kedro-mlflow/core-pipeline';
import { jsonStringList } from '../../src/pipeline/node-name.js';
import { resetDottedNameWarning } from '../../src/pipeline/node-validation.js';
import { biconcat, biconcatKw, constantOutput, identity, triconcat } from './fixtures.js';

describe('node construction', () => {
  it('accepts every input/output shape (case 1)', () => {
    const shapes: Array<() => Node> = [
      () => node(identity, 'A', 'B'),
      () => node(identity, ['A'], 'B'),
      () => node(identity, 'A', ['B']),
      () => node(identity, ['A'], ['B']),
      () => node(identity, 'A', { a: 'B' }),
      () => node(identity, { input1: 'A' }, 'B'),
      () => node(identity, { input1: 'A' }, { a: 'B' }),
      () => node(biconcat, ['A', 'B'], 'C'),
      () => node(biconcatKw, { input1: 'A', input2: 'B' }, ['C', 'D']),
      () => node(constantOutput, null, 'A'),
      () => node(constantOutput, undefined, ['A']),
      () => node((x: unknown) => x, 'A', null),
      () => node(() => 1, [], 'A'),
    ];
    for (const make of shapes) expect(make()).toBeInstanceOf(Node);
    expect(new Node(identity, 'A', 'B').equals(node(identity, 'A', 'B'))).toBe(true);
  });

  it('prints default-named nodes without a name prefix (case 2)', () => {
    const n = node(identity, ['in'], ['out']);
    expect(n.toString()).toBe('identity([in]) -> [out]');
    expect(n.name).toMatch(/^identity__[0-9a-f]{8}$/);
    expect(n.shortName).toBe('Identity');
    expect(node(constantOutput, null, ['output1']).toString()).toBe('constantOutput(None) -> [output1]');
    expect(node(biconcat, ['a', 'b'], null).toString()).toBe('biconcat([a;b]) -> None');
  });

  it('uses explicit names and namespaces (case 3)', () => {
    const named = node(identity, ['in'], ['out'], { name: 'name' });
    expect(named.toString()).toBe('name: identity([in]) -> [out]');
    expect(named.name).toBe('name');
    const namespaced = node(identity, ['in'], ['out'], { name: 'name', namespace: 'namespace' });
    expect(namespaced.name).toBe('namespace.name');
    expect(namespaced.shortName).toBe('name');
    expect(namespaced.namespace).toBe('namespace');
  });

  it('builds stable default names (case 4)', () => {
    const namespaced = node(identity, ['in'], ['out'], { namespace: 'namespace' });
    expect(namespaced.name).toMatch(/^namespace\.identity__[0-9a-f]{8}$/);
    // The hash depends only on function name, inputs and outputs: stable across processes.
    expect(node(identity, ['in'], ['out']).name).toBe('identity__966ff120');
    expect(node(identity, ['in'], ['out2']).name).not.toBe(node(identity, ['in'], ['out']).name);
    expect(node((x: unknown) => x, 'a', 'b').name).toMatch(/^anonymous__[0-9a-f]{8}$/);
    const bound = identity.bind(null);
    const boundNode = node(bound, 'a', 'b');
    expect(boundNode.name).toMatch(/^bound\(identity\)__[0-9a-f]{8}$/);
    expect(boundNode.toString()).toBe('bound(identity)([a]) -> [b]');
  });

  it('title-cases short names, splitting snake_case and camelCase', () => {
    expect(node(constantOutput, null, 'x').shortName).toBe('Constant Output');
    function snake_case_fn(): number {
      return 1;
    }
    expect(node(snake_case_fn, null, 'x').shortName).toBe('Snake Case Fn');
    expect(node(() => 1, null, 'x').shortName).toBe('Anonymous');
  });

  it('lists cumulative namespace prefixes (case 5)', () => {
    const n = node(identity, 'in', 'out', { namespace: 'a.b.c.d.e.f' });
    expect(n.namespacePrefixes).toEqual(['a', 'a.b', 'a.b.c', 'a.b.c.d', 'a.b.c.d.e', 'a.b.c.d.e.f']);
    expect(node(identity, 'in', 'out').namespacePrefixes).toEqual([]);
  });

  it('rejects invalid names and tags (case 6)', () => {
    expect(() => node(identity, 'A', 'B', { name: 'name with space' })).toThrow(
      "'name with space' is not a valid node name. It must contain only letters, digits, hyphens, underscores and/or fullstops.",
    );
    expect(() => node(identity, 'A', 'B', { tags: 'tag,with,comma' })).toThrow(
      "'tag,with,comma' is not a valid node tag. It must contain only letters, digits, hyphens, underscores and/or fullstops.",
    );
    expect(node(identity, 'A', 'B', { name: 'ünïcödé_name-1.2' }).name).toBe('ünïcödé_name-1.2');
    let thrown: unknown;
    try {
      node(identity, 'A', 'B', { name: 'a,b' });
    } catch (error) {
      thrown = error;
    }
    expect(PipelineError.isInstance(thrown)).toBe(true);
  });

  it('rejects wrong argument types (case 7)', () => {
    const suffix = '\nFormat should be: node(function, inputs, outputs)';
    expect(() => node(identity, new Set(['A']) as never, 'B')).toThrow(
      `Invalid Node definition: 'inputs' type must be one of [String, List, Dict, None], not 'Set'.${suffix}`,
    );
    expect(() => node(identity, 'A', new Set(['B']) as never)).toThrow(
      "'outputs' type must be one of [String, List, Dict, None], not 'Set'.",
    );
    expect(() => node('A' as unknown as NodeFunction, 'A', 'B')).toThrow(
      `Invalid Node definition: first argument must be a function, not 'string'.${suffix}`,
    );
    expect(() => node(identity, null, null)).toThrow(`Invalid Node definition: it must have some 'inputs' or 'outputs'.${suffix}`);
    expect(() => node(identity, [], {})).toThrow("it must have some 'inputs' or 'outputs'.");
  });

  it('rejects a node reading what it writes, even transcoded (case 8)', () => {
    expect(() => node(biconcat, ['A', 'B'], { a: 'A' })).toThrow(
      "Failed to create node biconcat([A;B]) -> [A].\nA node cannot have the same inputs and outputs even if they are transcoded: {'A'}",
    );
    expect(() => node(identity, 'A@excel', { a: 'A@csv' })).toThrow(
      "A node cannot have the same inputs and outputs even if they are transcoded: {'A'}",
    );
  });

  it('rejects duplicate outputs (case 9)', () => {
    expect(() => node(identity, 'A', ['A', 'A'])).toThrow(
      "Failed to create node identity([A]) -> [A;A] due to duplicate output(s) {'A'}.\nNode outputs must be unique.",
    );
    expect(() => node(identity, 'B', { a: 'A', b: 'A' })).toThrow("due to duplicate output(s) {'A'}");
  });

  it('rejects non-string dataset names (case 10)', () => {
    expect(() => node(identity, { input1: 1 } as never, 'B')).toThrow(
      "Invalid Node definition: names of variables used as inputs to the function must be of 'String' type, but 1 from {'input1': 1} is 'number'.",
    );
    expect(() => node(identity, 'A', ['B', null] as never)).toThrow(
      "names of variables used as outputs of the function must be of 'String' type, but null from ['B', None] is 'null'.",
    );
  });

  it('rejects names and namespaces that are not strings', () => {
    expect(() => node(identity, 'A', 'B', { name: 5 as never })).toThrow(new TypeError("Node 'name' must be a string, not 'number'."));
    expect(() => node(identity, 'A', 'B', { namespace: ['a'] as never })).toThrow("Node 'namespace' must be a string, not 'Array'.");
    expect(node(identity, 'A', 'B', { name: '', namespace: null }).name).toMatch(/^identity__/);
  });

  it('keeps a frozen copy of the given inputs', () => {
    const inputs = ['A', 'B'];
    const n = node(biconcat, inputs, 'C');
    inputs.push('D');
    expect(n.inputs).toEqual(['A', 'B']);
    expect(Object.isFrozen(n.inputs)).toBe(true);
  });
});

describe('node identity and ordering (case 12)', () => {
  it('is equal for same name, inputs and outputs regardless of function, tags, confirms', () => {
    const first = node(identity, 'A', 'B', { name: 'n', tags: 'x' });
    const second = node((x: unknown) => x, 'A', 'B', { name: 'n', confirms: 'A' });
    expect(first.equals(second)).toBe(true);
    expect(first.key).toBe(second.key);
  });

  it('takes list order into account but not record key order', () => {
    expect(node(biconcat, ['A', 'B'], 'C', { name: 'n' }).equals(node(biconcat, ['B', 'A'], 'C', { name: 'n' }))).toBe(false);
    expect(
      node(identity, 'A', { a: 'B', b: 'C' }, { name: 'n' }).equals(node(identity, 'A', { b: 'C', a: 'B' }, { name: 'n' })),
    ).toBe(true);
  });

  it('tells a string, a one-element list and a record apart', () => {
    const asString = node(identity, 'A', 'B', { name: 'n' });
    const asList = node(identity, ['A'], 'B', { name: 'n' });
    const asRecord = node(identity, { x: 'A' }, 'B', { name: 'n' });
    expect(asString.equals(asList)).toBe(false);
    expect(asString.equals(asRecord)).toBe(false);
    expect(asList.equals(asRecord)).toBe(false);
    expect(asString.equals('hello')).toBe(false);
  });

  it('orders by name and refuses to compare with non-nodes', () => {
    const a = node(identity, 'A', 'B', { name: 'a' });
    const b = node(identity, 'A', 'B', { name: 'b' });
    expect(a.compareTo(b)).toBeLessThan(0);
    expect(b.compareTo(a)).toBeGreaterThan(0);
    expect(a.compareTo(a)).toBe(0);
    expect(() => a.compareTo('hello' as never)).toThrow(new TypeError("'<' not supported between instances of 'Node' and 'string'"));
  });

  it('recognises nodes by marker', () => {
    expect(Node.isInstance(node(identity, 'A', 'B'))).toBe(true);
    expect(Node.isInstance({})).toBe(false);
    expect(Node.isInstance(null)).toBe(false);
  });
});

describe('node copies', () => {
  it('adds tags with tag() from a string or a list (case 13)', () => {
    const tagged = node(identity, 'input', 'output', { tags: ['hello'] }).tag(['world']);
    expect(tagged.tags).toEqual(new Set(['hello', 'world']));
    expect(tagged.tag('again').tags).toEqual(new Set(['hello', 'world', 'again']));
    expect(tagged.hasTag('hello')).toBe(true);
    expect(() => tagged.tag('bad tag')).toThrow("'bad tag' is not a valid node tag");
    // tags returns a copy
    tagged.tags.add('mutated');
    expect(tagged.hasTag('mutated')).toBe(false);
  });

  it('orders record inputs by insertion and list outputs as given (case 13)', () => {
    expect(node(biconcatKw, { input2: 'B', input1: 'A' }, 'C').inputs).toEqual(['B', 'A']);
    expect(node(identity, 'A', ['Z', 'Y', 'X']).outputs).toEqual(['Z', 'Y', 'X']);
    expect(node(identity, 'A', { b: 'Z', a: 'Y' }).outputs).toEqual(['Z', 'Y']);
  });

  it('normalises confirms (case 14)', () => {
    expect(node(identity, 'A', 'B').confirms).toEqual([]);
    expect(node(identity, 'A', 'B', { confirms: [] }).confirms).toEqual([]);
    expect(node(identity, 'A', 'B', { confirms: 'foo' }).confirms).toEqual(['foo']);
    expect(node(identity, 'A', 'B', { confirms: ['foo', 'bar'] }).confirms).toEqual(['foo', 'bar']);
    expect(() => node(identity, 'A', 'B', { confirms: [1] as never })).toThrow(TypeError);
  });

  it('replaces the function with withFunc, keeping name and identity', async () => {
    const original = node(identity, 'A', 'B');
    const wrapped = original.withFunc((...args: unknown[]) => `wrapped:${String(args[0])}`);
    expect(wrapped.name).toBe(original.name);
    expect(wrapped.equals(original)).toBe(true);
    expect(wrapped.toString()).toBe(original.toString());
    expect(await wrapped.run({ A: 1 })).toEqual({ B: 'wrapped:1' });
    expect(await original.run({ A: 1 })).toEqual({ B: 1 });
    expect(() => original.withFunc(3 as never)).toThrow('first argument must be a function');
  });

  it('copies with overrides and re-validates', () => {
    const original = node(identity, 'A', 'B', { name: 'n', tags: 't', confirms: 'A' });
    const moved = original.copy({ namespace: 'ns', outputs: 'C' });
    expect(moved.name).toBe('ns.n');
    expect(moved.outputs).toEqual(['C']);
    expect(moved.tags).toEqual(new Set(['t']));
    expect(moved.confirms).toEqual(['A']);
    expect(() => original.copy({ outputs: 'A' })).toThrow('cannot have the same inputs and outputs');
  });

  it('has a kedro-like repr', () => {
    expect(node(identity, 'A', 'B', { name: 'n' }).repr()).toBe("Node(identity, 'A', 'B', 'n')");
    expect(node(biconcatKw, { input1: 'A', input2: 'B' }, ['C']).repr()).toBe(
      "Node(biconcatKw, {'input1': 'A', 'input2': 'B'}, ['C'], None)",
    );
    expect(node(constantOutput, null, 'A').repr()).toBe("Node(constantOutput, None, 'A', None)");
  });
});

describe('dotted dataset names (case 15)', () => {
  const message = "One or more dataset names contain '.' characters";
  let logs: ReturnType<typeof captureLogs>;
  beforeEach(() => {
    resetDottedNameWarning();
    logs = captureLogs();
  });
  afterEach(() => logs.restore());

  const warnings = (): string[] => logs.messages('warn').filter((m) => m.startsWith(message));

  it('warns once per process', () => {
    node(identity, 'a.b', 'c');
    node(identity, 'c', 'd.e');
    expect(warnings()).toHaveLength(1);
  });

  it('does not warn for a dataset under the node namespace or for params', () => {
    node(identity, 'namespace.x', 'y', { namespace: 'namespace.other' });
    node(identity, 'params:example.param', 'y');
    node(triconcat, ['a', 'b', 'c'], 'd');
    expect(warnings()).toHaveLength(0);
    node(identity, 'other.x', 'y', { namespace: 'namespace' });
    expect(warnings()).toHaveLength(1);
  });
});

describe('default name hashing input', () => {
  it('serialises dataset lists exactly like JSON.stringify', () => {
    const samples = [[], ['a'], ['a', 'b@csv'], ['quote"d', 'back\\slash', 'tab\there', 'ünï', '😀', '\ud800lone', 'line\u2028sep']];
    for (const list of samples) expect(jsonStringList(list)).toBe(JSON.stringify(list));
  });
});
