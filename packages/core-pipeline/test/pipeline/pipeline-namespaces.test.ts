import { captureLogs, node, Pipeline, PipelineError, type CapturedLogs } from '@kedro-mlflow/core-pipeline';
import { biconcat, identity, names } from './fixtures.js';

/** katie → katie.lisa → katie.lisa.john → lisa → lisa.john; katie2 → node7 (no namespace). */
const namespaced = (): Pipeline =>
  new Pipeline([
    node(identity, 'A', 'B', { name: 'node1', namespace: 'katie' }),
    node(identity, 'B', 'C', { name: 'node2', namespace: 'katie.lisa' }),
    node(identity, 'C', 'D', { name: 'node3', namespace: 'katie.lisa.john' }),
    node(identity, 'D', 'Y', { name: 'node4', namespace: 'lisa' }),
    node(identity, 'Y', 'Z', { name: 'node5', namespace: 'lisa.john' }),
    node(identity, 'P', 'Q', { name: 'node6', namespace: 'katie2' }),
    node(identity, 'Q', 'R', { name: 'node7' }),
  ]);

describe('onlyNodesWithNamespaces (case 44)', () => {
  it('matches a namespace and its nested namespaces, not look-alikes', () => {
    expect(names(namespaced().onlyNodesWithNamespaces(['katie']))).toEqual([
      'katie.lisa.john.node3',
      'katie.lisa.node2',
      'katie.node1',
    ]);
    expect(names(namespaced().onlyNodesWithNamespaces(['lisa']))).toEqual(['lisa.john.node5', 'lisa.node4']);
    expect(names(namespaced().onlyNodesWithNamespaces(['katie.lisa', 'katie2']))).toEqual([
      'katie.lisa.john.node3',
      'katie.lisa.node2',
      'katie2.node6',
    ]);
    expect(names(namespaced().onlyNodesWithNamespaces('lisa.john'))).toEqual(['lisa.john.node5']);
  });

  it('rejects namespaces that match nothing', () => {
    expect(() => namespaced().onlyNodesWithNamespaces(['katie', 'non_existent', 'kat'])).toThrow(
      new PipelineError("Pipeline does not contain nodes with the following namespaces: ['non_existent', 'kat']"),
    );
  });

  it('filters by namespace through filter()', () => {
    expect(names(namespaced().filter({ nodeNamespaces: ['lisa'], toNodes: ['lisa.node4'] }))).toEqual(['lisa.node4']);
  });
});

describe('groupNodesBy (case 45)', () => {
  it('groups by top-level namespace in execution order', () => {
    expect(namespaced().groupNodesBy('namespace')).toEqual([
      { name: 'katie', type: 'namespace', nodes: ['katie.node1', 'katie.lisa.node2', 'katie.lisa.john.node3'], dependencies: [] },
      { name: 'katie2', type: 'namespace', nodes: ['katie2.node6'], dependencies: [] },
      { name: 'node7', type: 'nodes', nodes: ['node7'], dependencies: ['katie2'] },
      { name: 'lisa', type: 'namespace', nodes: ['lisa.node4', 'lisa.john.node5'], dependencies: ['katie'] },
    ]);
    expect(namespaced().groupNodesBy()).toEqual(namespaced().groupNodesBy('namespace'));
  });

  it('makes one group per node without a strategy', () => {
    const groups = namespaced().groupNodesBy(null);
    expect(groups.map((g) => g.name)).toEqual(namespaced().nodes.map((n) => n.name));
    expect(groups.every((g) => g.type === 'nodes' && g.nodes.length === 1 && g.nodes[0] === g.name)).toBe(true);
    expect(groups.find((g) => g.name === 'node7')!.dependencies).toEqual(['katie2.node6']);
    expect(groups.find((g) => g.name === 'lisa.node4')!.dependencies).toEqual(['katie.lisa.john.node3']);
    expect(namespaced().groupNodesBy('NONE' as 'none')).toEqual(groups);
  });

  it('lists each dependency once, sorted by parent name', () => {
    const p = new Pipeline([
      node(identity, 'A', 'B', { name: 'b1', namespace: 'zeta' }),
      node(identity, 'A', 'C', { name: 'a1', namespace: 'alpha' }),
      node(identity, 'A', 'D', { name: 'a2', namespace: 'alpha' }),
      node((...xs: unknown[]) => xs, ['B', 'C', 'D'], 'E', { name: 'join', namespace: 'sink' }),
    ]);
    expect(p.groupNodesBy().find((g) => g.name === 'sink')!.dependencies).toEqual(['alpha', 'zeta']);
  });

  it('rejects unknown strategies', () => {
    expect(() => namespaced().groupNodesBy('unknown' as never)).toThrow(new PipelineError('Unsupported group_by strategy: unknown'));
  });
});

describe('namespace contiguity warning (case 49)', () => {
  let logs: CapturedLogs;
  beforeEach(() => {
    logs = captureLogs();
  });
  afterEach(() => logs.restore());
  const warnings = (): string[] => logs.messages('warn').filter((m) => m.startsWith('Namespace '));

  it('warns when a path leaves a namespace and comes back', () => {
    new Pipeline([
      node(identity, 'A', 'B', { name: 'node1', namespace: 'ns1' }),
      node(identity, 'B', 'C', { name: 'node2' }),
      node(identity, 'C', 'D', { name: 'node3', namespace: 'ns1' }),
    ]);
    expect(warnings()).toEqual(["Namespace 'ns1' is interrupted by nodes ['node2'] and thus invalid."]);
  });

  it('lists every node of the interruption', () => {
    new Pipeline([
      node(identity, 'A', 'B', { name: 'a', namespace: 'ns1.inner' }),
      node(identity, 'B', 'C', { name: 'b', namespace: 'other' }),
      node(identity, 'C', 'D', { name: 'c' }),
      node(identity, 'D', 'E', { name: 'd', namespace: 'ns1' }),
    ]);
    expect(warnings()).toEqual(["Namespace 'ns1' is interrupted by nodes ['other.b', 'c'] and thus invalid."]);
  });

  it('treats namespaces by segment, so ns10 interrupts ns1', () => {
    new Pipeline([
      node(identity, 'A', 'B', { name: 'a', namespace: 'ns1' }),
      node(identity, 'B', 'C', { name: 'b', namespace: 'ns10' }),
      node(identity, 'C', 'D', { name: 'c', namespace: 'ns1' }),
    ]);
    expect(warnings()).toEqual(["Namespace 'ns1' is interrupted by nodes ['ns10.b'] and thus invalid."]);
  });

  it('does not warn for continuous, child or parallel namespaces', () => {
    new Pipeline([
      node(identity, 'A', 'B', { name: 'node1', namespace: 'ns1' }),
      node(identity, 'B', 'C', { name: 'node2', namespace: 'ns1' }),
    ]);
    new Pipeline([
      node(identity, 'A', 'B', { name: 'node1', namespace: 'ns1' }),
      node(identity, 'B', 'C', { name: 'node2', namespace: 'ns1.child' }),
      node(identity, 'C', 'D', { name: 'node3', namespace: 'ns1' }),
    ]);
    new Pipeline([
      node(identity, 'A', 'B', { name: 'node1', namespace: 'ns1' }),
      node(identity, 'A', 'C', { name: 'node2', namespace: 'ns2' }),
      node(biconcat, ['B', 'C'], 'D', { name: 'node3', namespace: 'ns3' }),
      node(identity, 'D', 'E', { name: 'node4', namespace: 'ns3' }),
    ]);
    expect(warnings()).toEqual([]);
  });

  it('does not warn on a large fan-out/fan-in pipeline without namespaces', () => {
    const width = 20;
    const depth = 30;
    const nodes = [];
    for (let level = 0; level < depth; level += 1) {
      for (let i = 0; i < width; i += 1) {
        nodes.push(node(identity, `join${level}`, `l${level}_${i}`, { name: `n${level}_${i}` }));
      }
      const branches = Array.from({ length: width }, (_, i) => `l${level}_${i}`);
      nodes.push(node((...xs: unknown[]) => xs, branches, `join${level + 1}`, { name: `join${level}` }));
    }
    const p = new Pipeline(nodes);
    expect(p.groupedNodes).toHaveLength(depth * 2);
    expect(warnings()).toEqual([]);
  });

  it('stays fast on a large namespaced fan pipeline', () => {
    const nodes = [];
    for (let level = 0; level < 30; level += 1) {
      for (let i = 0; i < 20; i += 1) {
        nodes.push(node(identity, `join${level}`, `l${level}_${i}`, { name: `n${level}_${i}`, namespace: `ns${level % 3}` }));
      }
      const branches = Array.from({ length: 20 }, (_, i) => `l${level}_${i}`);
      nodes.push(node((...xs: unknown[]) => xs, branches, `join${level + 1}`, { name: `join${level}` }));
    }
    new Pipeline(nodes);
    expect(warnings()).toEqual([
      "Namespace 'ns0' is interrupted by nodes ['join0', 'ns1.n1_0', 'join1', 'ns2.n2_0', 'join2'] and thus invalid.",
      "Namespace 'ns1' is interrupted by nodes ['join1', 'ns2.n2_0', 'join2', 'ns0.n3_0', 'join3'] and thus invalid.",
      "Namespace 'ns2' is interrupted by nodes ['join2', 'ns0.n3_0', 'join3', 'ns1.n4_0', 'join4'] and thus invalid.",
    ]);
  });

  it('does not warn again for subsets of a pipeline', () => {
    const p = new Pipeline([
      node(identity, 'A', 'B', { name: 'node1', namespace: 'ns1' }),
      node(identity, 'B', 'C', { name: 'node2' }),
      node(identity, 'C', 'D', { name: 'node3', namespace: 'ns1' }),
    ]);
    p.onlyNodes('node2');
    p.filter({ toNodes: ['ns1.node3'] });
    expect(warnings()).toHaveLength(1);
  });
});
