/**
 * The linear-time graph code checked against slow, obviously-correct references on random DAGs:
 * layers as longest path from a root, descendants/ancestors by repeated scans, and the namespace
 * interruption rule by walking every path as kedro does.
 */
import { captureLogs, node, Pipeline, type Node } from '@kedro-mlflow/core-pipeline';

/** Small deterministic PRNG (mulberry32), so failures reproduce. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NAMESPACES = [undefined, 'a', 'a.b', 'a.c', 'b', 'b.x'];

interface RandomDag {
  nodes: Node[];
  parents: Map<string, Set<string>>;
}

/** Node i writes `d<i>` and reads some earlier `d<j>` (plus maybe a free input). */
function randomDag(seed: number, size: number, withNamespaces: boolean): RandomDag {
  const next = random(seed);
  const nodes: Node[] = [];
  const parents = new Map<string, Set<string>>();
  for (let i = 0; i < size; i += 1) {
    const inputs = new Set<string>();
    for (let j = 0; j < i; j += 1) if (next() < 0.25) inputs.add(`d${j}`);
    if (inputs.size === 0 || next() < 0.2) inputs.add(`free${i % 3}`);
    const namespace = withNamespaces ? NAMESPACES[Math.floor(next() * NAMESPACES.length)] : undefined;
    const n = node((...xs: unknown[]) => xs, [...inputs], `d${i}`, { name: `n${String(i).padStart(2, '0')}`, namespace });
    nodes.push(n);
  }
  const byOutput = new Map(nodes.map((n) => [n.outputs[0]!, n.name]));
  for (const n of nodes) parents.set(n.name, new Set(n.inputs.flatMap((input) => byOutput.get(input) ?? [])));
  // Shuffle so construction order says nothing about the graph.
  for (let i = nodes.length - 1; i > 0; i -= 1) {
    const j = Math.floor(next() * (i + 1));
    [nodes[i], nodes[j]] = [nodes[j]!, nodes[i]!];
  }
  return { nodes, parents };
}

function closure(start: Iterable<string>, edges: Map<string, Set<string>>): Set<string> {
  const seen = new Set(start);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [from, targets] of edges) {
      if (!seen.has(from)) continue;
      for (const target of targets) {
        if (!seen.has(target)) {
          seen.add(target);
          grew = true;
        }
      }
    }
  }
  return seen;
}

function childrenOf(parents: Map<string, Set<string>>): Map<string, Set<string>> {
  const children = new Map<string, Set<string>>([...parents.keys()].map((name) => [name, new Set<string>()]));
  for (const [child, ps] of parents) for (const p of ps) children.get(p)!.add(child);
  return children;
}

const within = (ns: string, outer: string): boolean => ns === outer || ns.startsWith(`${outer}.`);

/** Every root-to-leaf path, remembering which namespaces the path left and not yet re-entered. */
function interruptedByPaths(dag: RandomDag): Set<string> {
  const children = childrenOf(dag.parents);
  const namespaceOf = new Map(dag.nodes.map((n) => [n.name, n.namespace ?? '']));
  const warned = new Set<string>();
  const walk = (name: string, left: Set<string>): void => {
    const own = namespaceOf.get(name)!;
    if (own !== '' && left.has(own)) warned.add(own);
    for (const child of children.get(name)!) {
      const target = namespaceOf.get(child)!;
      const nowLeft = new Set(left);
      if (own !== '' && !within(target, own)) {
        const parts = own.split('.');
        parts.forEach((_, i) => {
          const prefix = parts.slice(0, i + 1).join('.');
          if (!within(target, prefix)) nowLeft.add(prefix);
        });
      }
      walk(child, nowLeft);
    }
  };
  for (const [name, ps] of dag.parents) if (ps.size === 0) walk(name, new Set());
  return warned;
}

describe('graph algorithms against naive references', () => {
  it('layers every node at its longest distance from a root, sorted by name', () => {
    for (let seed = 1; seed <= 40; seed += 1) {
      const dag = randomDag(seed, 25, false);
      const p = new Pipeline(dag.nodes);
      const depth = new Map<string, number>();
      const depthOf = (name: string): number => {
        if (!depth.has(name)) depth.set(name, Math.max(-1, ...[...dag.parents.get(name)!].map(depthOf)) + 1);
        return depth.get(name)!;
      };
      const expected: string[][] = [];
      for (const n of dag.nodes) (expected[depthOf(n.name)] ??= []).push(n.name);
      expect(p.groupedNodes.map((layer) => layer.map((n) => n.name))).toEqual(expected.map((layer) => layer.sort()));
      const deps = p.nodeDependencies;
      for (const [child, ps] of deps) expect(new Set([...ps].map((n) => n.name))).toEqual(dag.parents.get(child.name));
    }
  });

  it('selects the same nodes as repeated scans for node- and dataset-based filters', () => {
    for (let seed = 100; seed <= 130; seed += 1) {
      const dag = randomDag(seed, 20, false);
      const p = new Pipeline(dag.nodes);
      const children = childrenOf(dag.parents);
      const pick = dag.nodes[seed % dag.nodes.length]!.name;
      const names = (q: Pipeline): string[] => q.nodes.map((n) => n.name).sort();
      expect(names(p.fromNodes(pick))).toEqual([...closure([pick], children)].sort());
      expect(names(p.toNodes(pick))).toEqual([...closure([pick], dag.parents)].sort());
      const dataset = `d${seed % 20}`;
      const producer = dag.nodes.find((n) => n.outputs.includes(dataset))!.name;
      expect(names(p.toOutputs(dataset))).toEqual([...closure([producer], dag.parents)].sort());
      const readers = dag.nodes.filter((n) => n.inputs.includes(dataset)).map((n) => n.name);
      expect(names(p.fromInputs(dataset))).toEqual([...closure(readers, children)].sort());
    }
  });

  it('warns about exactly the namespaces some path leaves and re-enters', () => {
    let interrupted = 0;
    for (let seed = 200; seed <= 260; seed += 1) {
      const dag = randomDag(seed, 12, true);
      const logs = captureLogs();
      try {
        new Pipeline(dag.nodes);
      } finally {
        logs.restore();
      }
      const warned = new Set(
        logs.messages('warn').flatMap((m) => /^Namespace '([^']+)' is interrupted/.exec(m)?.[1] ?? []),
      );
      const expected = interruptedByPaths(dag);
      interrupted += expected.size;
      expect(warned).toEqual(expected);
    }
    expect(interrupted).toBeGreaterThan(10); // the random graphs do exercise the warning
  });
});
