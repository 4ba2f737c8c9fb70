import { captureLogs, node, PipelineError, type Node } from '@kedro-mlflow/core-pipeline';
import { biconcat, biconcatKw, constantOutput, identity } from './fixtures.js';

async function chunks(n: Node, inputs: Record<string, unknown>): Promise<Array<Record<string, unknown>>> {
  const collected: Array<Record<string, unknown>> = [];
  for await (const chunk of n.runChunks(inputs)) collected.push(chunk);
  return collected;
}

describe('node.run inputs', () => {
  it('passes duplicated list inputs twice (case 16)', async () => {
    const n = node(biconcat, ['input1', 'input1'], 'output');
    expect(await n.run({ input1: 'in1' })).toEqual({ output: 'in1in1' });
  });

  it('passes a record input as one object, duplicated values included (case 16)', async () => {
    const n = node(biconcatKw, { input1: 'in1', input2: 'in1' }, 'output');
    expect(await n.run({ in1: 'x' })).toEqual({ output: 'xx' });
    expect(await node(biconcatKw, { input1: 'A', input2: 'B' }, 'C').run({ A: 'a', B: 'b' })).toEqual({ C: 'ab' });
  });

  it('runs nodes without inputs, with null or undefined inputs', async () => {
    const n = node(constantOutput, null, 'output');
    expect(await n.run()).toEqual({ output: 'output' });
    expect(await n.run(null)).toEqual({ output: 'output' });
    expect(await n.run({})).toEqual({ output: 'output' });
  });

  it('reports mismatching inputs (case 17)', async () => {
    await expect(node(constantOutput, null, 'out').run({ arg: 1, b: 2 })).rejects.toThrow(
      "Node constantOutput(None) -> [out] expected no inputs, but got the following 2 input(s) instead: ['arg', 'b'].",
    );
    await expect(node(identity, 'ds1', 'out').run({ arg: 1 })).rejects.toThrow(
      "Node identity([ds1]) -> [out] expected one input named 'ds1', but got the following 1 input(s) instead: ['arg'].",
    );
    await expect(node(biconcat, ['ds1', 'ds2'], 'out').run({ ds1: 1 })).rejects.toThrow(
      "Node biconcat([ds1;ds2]) -> [out] expected 2 input(s) ['ds1', 'ds2'], but got the following 1 input(s) instead: ['ds1'].",
    );
    await expect(node(biconcatKw, { input1: 'ds2', input2: 'ds1' }, 'out').run({ ds1: 1, ds3: 3 })).rejects.toThrow(
      "expected 2 input(s) ['ds1', 'ds2'], but got the following 2 input(s) instead: ['ds1', 'ds3'].",
    );
    await expect(node(identity, 'ds1', 'out').run({ ds1: 1, extra: 2 })).rejects.toThrow(PipelineError);
  });

  it('accepts only an object (case 19)', async () => {
    const n = node(identity, 'A', 'B');
    await expect(n.run([1] as never)).rejects.toThrow("Node.run() expects an object or undefined, but got 'Array' instead");
    await expect(n.run('A' as never)).rejects.toThrow("but got 'string' instead");
  });
});

describe('node.run outputs', () => {
  it('maps string, list and record outputs', async () => {
    expect(await node(identity, 'A', 'B').run({ A: 1 })).toEqual({ B: 1 });
    expect(await node(() => [1, 2], null, ['B', 'C']).run()).toEqual({ B: 1, C: 2 });
    expect(await node(() => ({ x: 1, y: 2 }), null, { x: 'X', y: 'Y' }).run()).toEqual({ X: 1, Y: 2 });
    // A string output takes whatever was returned, undefined included (the save fails later).
    expect(await node(() => undefined, null, 'B').run()).toEqual({ B: undefined });
  });

  it('awaits async functions', async () => {
    const slow = async (x: number): Promise<number> => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      return x * 2;
    };
    expect(await node(slow, 'A', 'B').run({ A: 21 })).toEqual({ B: 42 });
  });

  it('reports returned values that do not match the outputs (case 18)', async () => {
    await expect(node(identity, 'A', { a: 'B' }).run({ A: 'not a record' })).rejects.toThrow(
      "Failed to save outputs of node identity([A]) -> [B].\nThe node output is a dictionary, whereas the function output is 'string'.",
    );
    await expect(node(identity, 'A', { a: 'B' }).run({ A: [1] })).rejects.toThrow("whereas the function output is 'Array'.");
    await expect(node(identity, 'A', { a: 'B', b: 'C' }).run({ A: { a: 1, c: 2 } })).rejects.toThrow(
      "The node's output keys {'a', 'b'} do not match with the returned output's keys {'a', 'c'}.",
    );
    await expect(node(identity, 'A', ['B', 'C']).run({ A: 'scalar' })).rejects.toThrow(
      "Failed to save outputs of node identity([A]) -> [B;C].\nThe node definition contains a list of outputs ['B', 'C'], whereas the node function returned a 'string'.",
    );
    await expect(node(identity, 'A', ['B', 'C', 'D']).run({ A: [1, 2] })).rejects.toThrow(
      'The node function returned 2 output(s), whereas the node definition contains 3 output(s).',
    );
  });

  it('warns when a node without outputs returns a value (case 20)', async () => {
    const logs = captureLogs();
    try {
      expect(await node(identity, 'A', null, { name: 'noisy' }).run({ A: 5 })).toEqual({});
      expect(await node((_a: unknown) => undefined, 'A', null).run({ A: 5 })).toEqual({});
    } finally {
      logs.restore();
    }
    const warnings = logs.messages('warn');
    expect(warnings).toEqual([
      "Node 'noisy' returned a value of type 'number', but the node is defined with outputs=null. Kedro ignores return values for nodes without declared outputs. If this return value is intentional, declare outputs in the node definition to include it in the pipeline.",
    ]);
  });

  it('logs the run and re-throws failures unchanged', async () => {
    const failure = new Error('boom');
    const logs = captureLogs();
    try {
      await expect(
        node(
          () => {
            throw failure;
          },
          null,
          'A',
          { name: 'failing' },
        ).run(),
      ).rejects.toBe(failure);
    } finally {
      logs.restore();
    }
    expect(logs.messages('info')).toEqual(['Running node: failing: anonymous(None) -> [A]']);
    expect(logs.messages('error')).toEqual(['Node failing: anonymous(None) -> [A] failed with error: \nboom']);
  });
});

describe('generator nodes', () => {
  function* countTo(n: number): Generator<number[]> {
    for (let i = 1; i <= n; i += 1) yield [i, i * 10];
  }
  async function* records(): AsyncGenerator<Record<string, number>> {
    yield { a: 1 };
    yield { a: 2 };
  }

  it('yields one outputs record per chunk, sync or async', async () => {
    const sync = node(countTo, 'n', ['small', 'big']);
    expect(sync.isGenerator).toBe(true);
    expect(await chunks(sync, { n: 2 })).toEqual([
      { small: 1, big: 10 },
      { small: 2, big: 20 },
    ]);
    const asyncNode = node(records, null, { a: 'A' });
    expect(asyncNode.isGenerator).toBe(true);
    expect(await chunks(asyncNode, {})).toEqual([{ A: 1 }, { A: 2 }]);
  });

  it('validates the shape of the chunks', async () => {
    function* wrong(): Generator<number> {
      yield 1;
    }
    await expect(chunks(node(wrong, null, ['A', 'B']), {})).rejects.toThrow('whereas the node function returned a \'number\'');
  });

  it('refuses run() on a generator node and runs ordinary nodes in one chunk', async () => {
    await expect(node(countTo, 'n', ['small', 'big']).run({ n: 1 })).rejects.toThrow(
      'is a generator node: its function yields chunks. Use node.runChunks(inputs) to consume them.',
    );
    const plain = node(identity, 'A', 'B');
    expect(plain.isGenerator).toBe(false);
    expect(await chunks(plain, { A: 3 })).toEqual([{ B: 3 }]);
  });

  it('passes non-generator iterables through unchanged', async () => {
    const values = [1, 2, 3];
    const n = node(() => values[Symbol.iterator](), null, 'it');
    expect(n.isGenerator).toBe(false);
    const result = await n.run();
    expect([...(result.it as Iterable<number>)]).toEqual(values);
  });

  it('checks the inputs before generating', async () => {
    await expect(chunks(node(countTo, 'n', ['small', 'big']), { wrong: 1 })).rejects.toThrow("expected one input named 'n'");
  });
});
