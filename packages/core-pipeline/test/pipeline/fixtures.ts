/** Functions and pipelines of kedro's pipeline test-suite, shared by the test files here. */
import { node, Pipeline, type Node } from '@kedro-mlflow/core-pipeline';

export function identity(input1: unknown): unknown {
  return input1;
}
export function biconcat(input1: string, input2: string): string {
  return input1 + input2;
}
export function triconcat(input1: string, input2: string, input3: string): string {
  return input1 + input2 + input3;
}
export function constantOutput(): string {
  return 'output';
}
export function source(): string {
  return 'stuff';
}
export function sink(_arg: unknown): void {}
export function fanIn(...inputs: unknown[]): unknown[] {
  return inputs;
}
/** kedro's `biconcat(**kwargs)`: a record input arrives as one object argument. */
export function biconcatKw({ input1, input2 }: { input1: string; input2: string }): string {
  return input1 + input2;
}

/** kedro's "complex pipeline" test fixture: ten nodes whose filters reach across branches. */
export function complexPipeline(): Pipeline {
  return new Pipeline([
    node(triconcat, ['H', 'I', 'M'], 'N', { name: 'node1' }),
    node(identity, 'H', 'I', { name: 'node2' }),
    node(identity, 'F', ['G', 'M'], { name: 'node3' }),
    node(identity, 'E', ['F', 'H'], { name: 'node4' }),
    node(identity, 'D', null, { name: 'node5' }),
    node(identity, 'C', 'D', { name: 'node6', tags: ['foo'] }),
    node(identity, 'B', ['C', 'E'], { name: 'node7', tags: ['foo'] }),
    node(identity, 'A', ['B', 'L'], { name: 'node8' }),
    node(constantOutput, null, 'A', { name: 'node9' }),
  ]);
}

/** A→B; B→C; B→D; B→E; [C,D,E]→Z */
export function fanOutFanIn(): Pipeline {
  return new Pipeline([
    node(identity, 'A', 'B', { name: 'node1' }),
    node(identity, 'B', 'C', { name: 'node2' }),
    node(identity, 'B', 'D', { name: 'node3' }),
    node(identity, 'B', 'E', { name: 'node4' }),
    node(fanIn, ['C', 'D', 'E'], 'Z', { name: 'node5' }),
  ]);
}

export function names(nodes: Iterable<Node> | Pipeline): string[] {
  const list = nodes instanceof Pipeline ? nodes.nodes : [...nodes];
  return list.map((n) => n.name).sort();
}

export function sorted(values: Iterable<string>): string[] {
  return [...values].sort();
}

/** Run a pipeline in execution order over an in-memory store; returns its free outputs. */
export async function runInMemory(pipe: Pipeline, feed: Record<string, unknown>): Promise<Record<string, unknown>> {
  const store = new Map<string, unknown>(Object.entries(feed));
  for (const n of pipe.nodes) {
    const inputs = Object.fromEntries(n.inputs.map((name) => [name, store.get(name)]));
    for (const [name, value] of Object.entries(await n.run(inputs))) store.set(name, value);
  }
  return Object.fromEntries([...pipe.outputs()].map((name) => [name, store.get(name)]));
}
