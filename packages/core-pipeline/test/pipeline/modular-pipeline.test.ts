import { node, Pipeline, pipeline, PipelineError, type Node } from '@kedro-mlflow/core-pipeline';
import { biconcat, biconcatKw, identity, triconcat } from './fixtures.js';

const raw = (): Pipeline =>
  new Pipeline([
    node(identity, 'A', 'B', { name: 'node1' }),
    node(biconcat, ['C', 'D'], ['E', 'F'], { name: 'node2' }),
    node(biconcatKw, { input1: 'H', input2: 'J' }, { K: 'L' }, { name: 'node3' }),
  ]);

const byBaseName = (p: Pipeline): Record<string, Node> =>
  Object.fromEntries(p.nodes.map((n) => [n.name.split('.').pop()!, n]));

describe('renaming inputs and outputs (case 50)', () => {
  it('maps names in every node form', () => {
    const result = pipeline(raw(), {
      inputs: { A: 'A_new', D: 'D_new', H: 'H_new' },
      outputs: { B: 'B_new', E: 'E_new', L: 'L_new' },
    });
    const { node1, node2, node3 } = byBaseName(result);
    expect(node1!.rawInputs).toBe('A_new');
    expect(node1!.rawOutputs).toBe('B_new');
    expect(node2!.rawInputs).toEqual(['C', 'D_new']);
    expect(node2!.rawOutputs).toEqual(['E_new', 'F']);
    expect(node3!.rawInputs).toEqual({ input1: 'H_new', input2: 'J' });
    expect(node3!.rawOutputs).toEqual({ K: 'L_new' });
  });

  it('renames an exposed intermediate everywhere it is used', () => {
    const chain = new Pipeline([node(identity, 'A', 'B', { name: 'first' }), node(identity, 'B', 'C', { name: 'second' })]);
    const result = pipeline(chain, { outputs: { B: 'B_new' } });
    const { first, second } = byBaseName(result);
    expect(first!.outputs).toEqual(['B_new']);
    expect(second!.inputs).toEqual(['B_new']);
  });
});

describe('namespaces (cases 51, 52)', () => {
  it('prefixes every dataset in every form', () => {
    const { node1, node2, node3 } = byBaseName(pipeline(raw(), { namespace: 'PREFIX' }));
    expect(node1!.rawInputs).toBe('PREFIX.A');
    expect(node1!.rawOutputs).toBe('PREFIX.B');
    expect(node2!.rawInputs).toEqual(['PREFIX.C', 'PREFIX.D']);
    expect(node2!.rawOutputs).toEqual(['PREFIX.E', 'PREFIX.F']);
    expect(node3!.rawInputs).toEqual({ input1: 'PREFIX.H', input2: 'PREFIX.J' });
    expect(node3!.rawOutputs).toEqual({ K: 'PREFIX.L' });
    expect(node1!.name).toBe('PREFIX.node1');
    expect(node1!.namespace).toBe('PREFIX');
  });

  it('only namespaces nodes when datasets are not to be prefixed', () => {
    const result = pipeline(raw(), { namespace: 'PREFIX', prefixDatasetsWithNamespace: false });
    const { node1, node2 } = byBaseName(result);
    expect(node1!.rawInputs).toBe('A');
    expect(node2!.rawOutputs).toEqual(['E', 'F']);
    expect(result.nodes.map((n) => n.name).sort()).toEqual(['PREFIX.node1', 'PREFIX.node2', 'PREFIX.node3']);
    expect(pipeline(raw(), { prefixDatasetsWithNamespace: false }).nodes.map((n) => n.name).sort()).toEqual(['node1', 'node2', 'node3']);
  });

  it('does not prefix renamed datasets', () => {
    const { node1, node2 } = byBaseName(pipeline(raw(), { namespace: 'PREFIX', inputs: { A: 'A_new' }, outputs: { B: 'B_new' } }));
    expect(node1!.rawInputs).toBe('A_new');
    expect(node1!.rawOutputs).toBe('B_new');
    expect(node2!.rawInputs).toEqual(['PREFIX.C', 'PREFIX.D']);
  });

  it('keeps exposed names given as a string, list, set or identity record', () => {
    for (const inputs of ['C', ['C'], new Set(['C']), { C: 'C' }]) {
      const { node2 } = byBaseName(pipeline(raw(), { namespace: 'PREFIX', inputs, outputs: ['E'] }));
      expect(node2!.rawInputs).toEqual(['C', 'PREFIX.D']);
      expect(node2!.rawOutputs).toEqual(['E', 'PREFIX.F']);
    }
  });

  it('nests namespaces and keeps explicit names and tags (case 57)', () => {
    const inner = pipeline([node(identity, 'A', 'B', { name: 'node1', tags: ['keep'] })], { namespace: 'PREFIX', tags: 'added' });
    const [n] = inner.nodes;
    expect(n!.name).toBe('PREFIX.node1');
    expect(n!.tags).toEqual(new Set(['keep', 'added']));
    const outer = pipeline(inner, { namespace: 'PRE' });
    expect(outer.nodes[0]!.namespace).toBe('PRE.PREFIX');
    expect(outer.nodes[0]!.name).toBe('PRE.PREFIX.node1');
    expect(outer.nodes[0]!.inputs).toEqual(['PRE.PREFIX.A']);
    expect(outer.nodes[0]!.tags).toEqual(new Set(['keep', 'added']));
  });

  it('namespaces confirms (case 57)', () => {
    const p = pipeline([node(identity, 'input_data', 'B', { confirms: 'input_data' })], { namespace: 'ns' });
    expect(p.nodes[0]!.confirms).toEqual(['ns.input_data']);
  });

  it('re-hashes default names with the new dataset names', () => {
    const original = node(identity, 'A', 'B');
    const moved = pipeline([original], { namespace: 'ns' }).nodes[0]!;
    expect(moved.name).toMatch(/^ns\.identity__[0-9a-f]{8}$/);
    expect(moved.name.slice(3)).not.toBe(original.name);
  });

  it('always produces copies', () => {
    const p = raw();
    const copy = pipeline(p);
    expect(copy).not.toBe(p);
    expect(copy.nodes.map((n) => n.key)).toEqual(p.nodes.map((n) => n.key));
  });
});

describe('parameters (case 53)', () => {
  const withParams = (): Pipeline =>
    new Pipeline([
      node(triconcat, ['A', 'params:x', 'params:y'], 'B', { name: 'node1' }),
      node(biconcat, ['B', 'parameters'], 'C', { name: 'node2' }),
    ]);

  it('prefixes single parameters with the namespace but never `parameters`', () => {
    const { node1, node2 } = byBaseName(pipeline(withParams(), { namespace: 'PREFIX' }));
    expect(node1!.inputs).toEqual(['PREFIX.A', 'params:PREFIX.x', 'params:PREFIX.y']);
    expect(node2!.inputs).toEqual(['PREFIX.B', 'parameters']);
  });

  it('keeps parameters listed with or without the prefix', () => {
    for (const parameters of ['x', 'params:x', ['x'], new Set(['params:x'])]) {
      const { node1 } = byBaseName(pipeline(withParams(), { namespace: 'PREFIX', parameters }));
      expect(node1!.inputs).toEqual(['PREFIX.A', 'params:x', 'params:PREFIX.y']);
    }
  });

  it('renames parameters, normalising both sides', () => {
    const { node1, node2 } = byBaseName(
      pipeline(withParams(), { namespace: 'PREFIX', parameters: { x: 'X', 'params:y': 'params:Y', parameters: 'ignored' } }),
    );
    expect(node1!.inputs).toEqual(['PREFIX.A', 'params:X', 'params:Y']);
    expect(node2!.inputs).toEqual(['PREFIX.B', 'parameters']);
  });
});

describe('transcoding (case 54)', () => {
  it('renames the base of transcoded names', () => {
    const p = new Pipeline([node(identity, 'C@pandas', 'D', { name: 'n' })]);
    expect(pipeline(p, { inputs: { C: 'C_new' } }).nodes[0]!.inputs).toEqual(['C_new@pandas']);
    expect(pipeline(p, { namespace: 'PREFIX' }).nodes[0]!.inputs).toEqual(['PREFIX.C@pandas']);
  });

  it('maps a full transcoded name to a plain name', () => {
    const p = new Pipeline([node(identity, 'A@pandas', 'B', { name: 'n1' }), node(identity, 'A@spark', 'C', { name: 'n2' })]);
    const { n1, n2 } = byBaseName(pipeline(p, { namespace: 'PREFIX', inputs: { 'A@pandas': 'Alpha' } }));
    expect(n1!.inputs).toEqual(['Alpha']);
    expect(n2!.inputs).toEqual(['PREFIX.A@spark']);
  });

  it('renames transcoded intermediates on both sides', () => {
    const p = new Pipeline([node(identity, 'A', 'C@pandas', { name: 'n1' }), node(identity, 'C@spark', 'D', { name: 'n2' })]);
    const { n1, n2 } = byBaseName(pipeline(p, { namespace: 'ns', outputs: { C: 'C_new' } }));
    expect(n1!.outputs).toEqual(['C_new@pandas']);
    expect(n2!.inputs).toEqual(['C_new@spark']);
  });
});

describe('mapping validation (cases 55, 56)', () => {
  const model = (): Pipeline =>
    new Pipeline([
      node(biconcat, ['IN1', 'IN2'], 'OUT1', { name: 'combine' }),
      node(biconcat, ['OUT1', 'params:model_options'], 'X_train', { name: 'split' }),
    ]);
  const prefix = 'Failed to map datasets and/or parameters onto the nodes provided: ';

  it('names a single missing dataset', () => {
    expect(() => pipeline(model(), { inputs: { Z: 'x' } })).toThrow(new PipelineError(`${prefix}Z does not exist in the pipeline.`));
  });

  it('lists several missing names, sorted', () => {
    expect(() => pipeline(model(), { inputs: ['D', 'B'], outputs: 'B' })).toThrow(
      `${prefix}The following datasets and/or parameters do not exist in the pipeline: B, D.`,
    );
  });

  it('suggests close matches among the pipeline datasets', () => {
    expect(() => pipeline(model(), { inputs: { IN3: 'x' } })).toThrow(
      `${prefix}IN3 does not exist in the pipeline. - did you mean one of these instead: IN1, IN2`,
    );
    let message = '';
    try {
      pipeline(model(), { parameters: { model_options_1: 'x' } });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toBe(
      `${prefix}params:model_options_1 does not exist in the pipeline. - did you mean one of these instead: params:model_options`,
    );
    expect(message).not.toContain('X_train');
  });

  it('compares transcoded keys by base name', () => {
    expect(() => pipeline(model(), { inputs: { 'IN1@csv': 'x' } })).not.toThrow();
  });

  it('rejects parameters given as inputs', () => {
    expect(() => pipeline(model(), { inputs: 'params:model_options' })).toThrow(
      new PipelineError("Parameters should be specified in the 'parameters' argument"),
    );
  });

  it('rejects intermediate datasets given as inputs', () => {
    expect(() => pipeline(model(), { inputs: { OUT1: 'x' } })).toThrow(
      new PipelineError('Inputs must not be outputs from another node in the same pipeline'),
    );
  });

  it('rejects free inputs given as outputs', () => {
    expect(() => pipeline(model(), { outputs: { IN1: 'x' } })).toThrow(
      new PipelineError('All outputs must be generated by some node within the pipeline'),
    );
  });

  it('rejects mapping arguments of the wrong type', () => {
    expect(() => pipeline(model(), { inputs: 5 as never })).toThrow(TypeError);
    expect(() => pipeline(model(), { inputs: { IN1: 5 } as never })).toThrow(
      "'inputs' must be a string, an iterable of strings or a record of strings, but it contains 'number'.",
    );
    expect(() => pipeline(model(), { parameters: [1] as never })).toThrow(TypeError);
  });

  it('ignores empty mappings', () => {
    const p = model();
    expect(pipeline(p, { inputs: [], outputs: {}, parameters: new Set(), namespace: '' }).nodes.map((n) => n.name)).toEqual(
      p.nodes.map((n) => n.name),
    );
  });
});
