/** Pipelines, catalogs and a Python check shared by the Airflow export tests. */
import { execFileSync } from 'node:child_process';
import { DataCatalog, MemoryDataset, node, pipeline, type Pipeline } from '@kedro-mlflow/core-pipeline';
import { JSONDataset } from '@kedro-mlflow/datasets';
import type { AirflowExportProject } from '../../src/airflow/index.js';

const identity = (x: unknown) => x;

/** raw → (a, b) → joined → report, and a node of another tag on a branch. */
export function diamond(): Pipeline {
  return pipeline([
    node(identity, 'raw', 'a', { name: 'split_a', tags: ['prep'] }),
    node(identity, 'raw', 'b', { name: 'split_b', tags: ['prep'] }),
    node((a: unknown, b: unknown) => [a, b], ['a', 'b'], 'joined', { name: 'join' }),
    node((joined: unknown, top: unknown) => [joined, top], ['joined', 'params:top'], 'report', { name: 'report', tags: ['report'] }),
  ]);
}

/** A catalog with a JSON file for every dataset of `pipeline`, except the names given as in memory. */
export function fileCatalog(p: Pipeline, inMemory: string[] = []): DataCatalog {
  const datasets = Object.fromEntries(
    [...p.datasets()]
      .filter((name) => !name.startsWith('params:'))
      .map((name) => [name, inMemory.includes(name) ? new MemoryDataset() : new JSONDataset({ filepath: `/tmp/never-written/${name}.json` })]),
  );
  return new DataCatalog({ datasets });
}

export function project(p: Pipeline, catalog = fileCatalog(p), extra: Partial<AirflowExportProject> = {}): AirflowExportProject {
  return { packageName: 'demo_project', projectPath: '/srv/demo project', pipelines: { __default__: p }, catalog, env: 'local', ...extra };
}

/**
 * What Python sees in a DAG file: it must parse, and this returns (by walking the syntax tree, not
 * running it) the KedroMlflowNodeOperator calls' task_id/node_name and the `>>` edges.
 */
export function pythonView(source: string): { tasks: Array<[string, string]>; edges: Array<[string, string]>; constants: Record<string, unknown> } {
  const script = `
import ast, json, sys
tree = ast.parse(sys.stdin.read())
tasks, edges, constants = [], [], {}
for n in ast.walk(tree):
    if isinstance(n, ast.Call) and getattr(n.func, "id", None) == "KedroMlflowNodeOperator":
        kw = {k.arg: ast.literal_eval(k.value) for k in n.keywords}
        tasks.append([kw["task_id"], kw["node_name"]])
    if isinstance(n, ast.BinOp) and isinstance(n.op, ast.RShift):
        edges.append([ast.literal_eval(n.left.slice), ast.literal_eval(n.right.slice)])
    if isinstance(n, ast.Assign) and isinstance(n.targets[0], ast.Name) and n.targets[0].id.isupper():
        constants[n.targets[0].id] = ast.literal_eval(n.value)
print(json.dumps({"tasks": tasks, "edges": edges, "constants": constants}))
`;
  return JSON.parse(execFileSync(process.env.PYTHON ?? 'python3', ['-c', script], { input: source, encoding: 'utf8' })) as ReturnType<typeof pythonView>;
}
