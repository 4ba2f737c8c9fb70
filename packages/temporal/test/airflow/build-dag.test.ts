/**
 * The DAG generator: one task per node, the node dependencies as `>>`, ids Airflow accepts, odd node
 * names carried exactly (checked by Python's own parser), deterministic output, and the in-memory
 * and node-name errors.
 */
import { DataCatalog, MemoryDataset, node, pipeline } from '@kedro-mlflow/core-pipeline';
import { AirflowExportError, buildAirflowDag, renderAirflowDag } from '../../src/airflow/index.js';
import { diamond, fileCatalog, project, pythonView } from './helpers.js';

const identity = (x: unknown) => x;

function thrown(fn: () => unknown): AirflowExportError {
  try {
    fn();
  } catch (error) {
    if (AirflowExportError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected an AirflowExportError');
}

describe('buildAirflowDag', () => {
  it('makes one task per node and one edge per node dependency, readable by Python', () => {
    const dag = buildAirflowDag(project(diamond()));
    const view = pythonView(dag.source);
    expect(view.tasks.map(([, name]) => name).sort()).toEqual(['join', 'report', 'split_a', 'split_b']);
    expect(view.edges.sort()).toEqual([
      ['join', 'report'],
      ['split_a', 'join'],
      ['split_b', 'join'],
    ]);
    expect(view.constants).toEqual({
      KEDRO_MLFLOW_COMMAND: ['npx', '--no-install', 'kedro-mlflow'],
      PROJECT_PATH: '/srv/demo project',
      PIPELINE: '__default__',
      ENV: 'local',
    });
    expect(dag.settings.dagId).toBe('demo_project');
    expect(dag.source).toContain('schedule=None,');
  });

  it('writes the same bytes for the same pipeline, and different ones when a dependency changes', () => {
    const first = buildAirflowDag(project(diamond())).source;
    expect(buildAirflowDag(project(diamond())).source).toBe(first);
    const changed = diamond().add(pipeline([node(identity, 'report', 'final', { name: 'final' })]));
    expect(buildAirflowDag(project(changed)).source).not.toBe(first);
  });

  it('turns node names into unique Airflow task ids and keeps the exact node names', () => {
    const names = ['données', 'donn_es', 'ns.fit-model', 'ノード', 'node'];
    const p = pipeline(names.map((name, i) => node(identity, i === 0 ? 'src' : `d${i - 1}`, `d${i}`, { name })));
    const dag = buildAirflowDag(project(p));
    const view = pythonView(dag.source);
    expect(view.tasks).toEqual([
      ['donn_es', 'données'],
      ['donn_es_2', 'donn_es'],
      ['ns.fit-model', 'ns.fit-model'],
      ['node', 'ノード'],
      ['node_2', 'node'],
    ]);
    expect(dag.tasks.map((t) => [t.taskId, t.nodeName])).toEqual(view.tasks);
    expect(view.edges).toHaveLength(names.length - 1);
  });

  it('writes any text only inside Python string literals: quotes, newlines and Jinja braces cannot inject code', () => {
    const odd = [
      'say "hi"',
      "it's",
      'two\nlines"""\nimport os; os.system("echo pwned")\n#',
      'back\\slash {{ ds }} \\',
      'nul\u0000 bell\u0007 sep\u2028 bom\ufeff',
      'emoji 🙂',
    ];
    const tasks = odd.map((nodeName, i) => ({ taskId: `t${i}`, nodeName, upstream: i === 0 ? [] : [i - 1] }));
    const settings = { ...buildAirflowDag(project(diamond())).settings, projectPath: '/srv/it\'s "here"\nimport os', command: ['node', 'a b"c'] };
    const source = renderAirflowDag(tasks, settings);
    const view = pythonView(source);
    expect(view.tasks.map(([, name]) => name)).toEqual(odd);
    expect(view.constants.PROJECT_PATH).toBe(settings.projectPath);
    expect(view.constants.KEDRO_MLFLOW_COMMAND).toEqual(['node', 'a b"c']);
    expect(source).not.toMatch(/^import os/m);
    // Escapes keep the file one statement per line: no raw control or separator character in it.
    expect(source).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u2028\ufeff]/);
  });

  it('keeps only the nodes with --tags, and their dependencies among themselves', () => {
    const dag = buildAirflowDag(project(diamond()), { tags: 'prep' });
    expect(dag.tasks.map((t) => t.nodeName).sort()).toEqual(['split_a', 'split_b']);
    expect(pythonView(dag.source).edges).toEqual([]);
  });

  it('refuses datasets that live in memory between two nodes, naming them, and allows in-memory free inputs and outputs', () => {
    const p = diamond();
    const error = thrown(() => buildAirflowDag(project(p, fileCatalog(p, ['b', 'a', 'report', 'raw']))));
    expect(error.kind).toBe('in-memory');
    expect(error.datasets).toEqual(['a', 'b']);
    expect(error.message).toContain('each Airflow task is its own process: a, b');
    expect(error.message).toContain('Persist them in the catalog');
    // A name the catalog lacks also stays in memory.
    const partial = new DataCatalog({ datasets: { raw: new MemoryDataset(), a: fileCatalog(p).get('a')! } });
    expect(thrown(() => buildAirflowDag(project(p, partial))).datasets).toEqual(['b', 'joined']);
  });

  it('refuses an unknown pipeline and an empty selection', () => {
    const unknown = thrown(() => buildAirflowDag(project(diamond()), { pipeline: 'nope' }));
    expect([unknown.kind, unknown.option]).toEqual(['option', '--pipeline']);
    expect(unknown.message).toContain('Registered pipelines: __default__');
    expect(thrown(() => buildAirflowDag(project(diamond()), { tags: 'absent' })).kind).toBe('empty-pipeline');
  });
});
