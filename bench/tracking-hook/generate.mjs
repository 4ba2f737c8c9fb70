// The pipeline of bench/tracking-hook, written twice from one description: as TypeScript into a
// project made by `kedro-mlflow new`, and as Python into one made by `kedro new`. Same node names,
// inputs, outputs, parameters and catalog (the catalog uses kedro-mlflow's type names, which both
// sides read).
//
// 200 nodes: a chain of 170 `add` nodes (each adds one of the 100 parameters to the previous
// result, so every parameter is a node input the hook logs), 20 `metric` nodes saving into
// MlflowMetricDataset and 10 `report` nodes saving a JSON file through MlflowArtifactDataset,
// branching off the chain at regular intervals.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const SHAPE = { nodes: 200, params: 100, metrics: 20, artifacts: 10 };

const pad = (n, width = 3) => String(n).padStart(width, '0');

/** The nodes, in the order they are written: `{ name, fn, inputs, output }`. */
export function benchNodes() {
  const chain = SHAPE.nodes - SHAPE.metrics - SHAPE.artifacts;
  const nodes = [];
  for (let i = 0; i < chain; i += 1) {
    const param = `params:p${pad(i % SHAPE.params)}`;
    nodes.push({ name: `add_${pad(i)}`, fn: 'add', inputs: i === 0 ? ['params:start', param] : [`x_${pad(i - 1)}`, param], output: `x_${pad(i)}` });
  }
  const branch = (k, of) => `x_${pad(Math.floor(((k + 1) * chain) / (of + 1)))}`;
  for (let k = 0; k < SHAPE.metrics; k += 1) nodes.push({ name: `metric_${pad(k, 2)}`, fn: 'metric', inputs: [branch(k, SHAPE.metrics)], output: `m_${pad(k, 2)}` });
  for (let k = 0; k < SHAPE.artifacts; k += 1) nodes.push({ name: `report_${pad(k, 2)}`, fn: 'report', inputs: [branch(k, SHAPE.artifacts)], output: `report_${pad(k, 2)}` });
  return nodes;
}

export function parametersYaml() {
  const lines = ['start: 0'];
  for (let i = 0; i < SHAPE.params; i += 1) lines.push(`p${pad(i)}: ${(i % 7) + 1}`);
  return `${lines.join('\n')}\n`;
}

/** `tracked: false` gives the same outputs without MLflow: metrics in memory, reports as plain JSON files. */
export function catalogYaml({ tracked }) {
  const lines = [];
  for (let k = 0; k < SHAPE.metrics; k += 1) {
    lines.push(`m_${pad(k, 2)}:`, tracked ? '  type: kedro_mlflow.io.metrics.MlflowMetricDataset' : '  type: MemoryDataset');
  }
  for (let k = 0; k < SHAPE.artifacts; k += 1) {
    const filepath = `data/08_reporting/report_${pad(k, 2)}.json`;
    lines.push(`report_${pad(k, 2)}:`);
    if (tracked) lines.push('  type: kedro_mlflow.io.artifacts.MlflowArtifactDataset', '  artifact_path: reports', `  dataset: {type: json.JSONDataset, filepath: ${filepath}}`);
    else lines.push('  type: json.JSONDataset', `  filepath: ${filepath}`);
  }
  return `${lines.join('\n')}\n`;
}

export function mlflowYaml(trackingUri, experiment) {
  return `server:\n  mlflow_tracking_uri: ${trackingUri}\ntracking:\n  experiment:\n    name: ${experiment}\n`;
}

function write(file, text) {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
}

/** The TypeScript pipeline, in src/pipelines/bench/ of a project made by `kedro-mlflow new --no-example`. */
export function writeTypeScriptPipeline(project) {
  const dir = join(project, 'src', 'pipelines', 'bench');
  write(
    join(dir, 'nodes.ts'),
    [
      'export function add(x: number, p: number): number {',
      '  return x + p;',
      '}',
      '',
      'export function metric(x: number): number {',
      '  return x / 10;',
      '}',
      '',
      'export function report(x: number): Record<string, number> {',
      '  return { value: x };',
      '}',
      '',
    ].join('\n'),
  );
  const list = (names) => `[${names.map((n) => `'${n}'`).join(', ')}]`;
  const nodes = benchNodes().map((n) => `    node(${n.fn}, ${list(n.inputs)}, '${n.output}', { name: '${n.name}' }),`);
  write(
    join(dir, 'pipeline.ts'),
    [
      "import { node, pipeline, type Pipeline } from '@kedro-mlflow/core-pipeline';",
      "import { add, metric, report } from './nodes.js';",
      '',
      'export function createPipeline(): Pipeline {',
      '  return pipeline([',
      ...nodes,
      '  ]);',
      '}',
      '',
    ].join('\n'),
  );
}

/** The Python pipeline, in src/<package>/pipelines/bench/ of a project made by `kedro new`. */
export function writePythonPipeline(project, packageName) {
  const dir = join(project, 'src', packageName, 'pipelines', 'bench');
  write(join(dir, '__init__.py'), 'from .pipeline import create_pipeline\n\n__all__ = ["create_pipeline"]\n');
  write(
    join(dir, 'nodes.py'),
    ['def add(x, p):', '    return x + p', '', '', 'def metric(x):', '    return x / 10', '', '', 'def report(x):', '    return {"value": x}', ''].join('\n'),
  );
  const list = (names) => `[${names.map((n) => `"${n}"`).join(', ')}]`;
  const nodes = benchNodes().map((n) => `            node(${n.fn}, ${list(n.inputs)}, "${n.output}", name="${n.name}"),`);
  write(
    join(dir, 'pipeline.py'),
    [
      'from kedro.pipeline import Pipeline, node, pipeline',
      '',
      'from .nodes import add, metric, report',
      '',
      '',
      'def create_pipeline(**kwargs) -> Pipeline:',
      '    return pipeline(',
      '        [',
      ...nodes,
      '        ]',
      '    )',
      '',
    ].join('\n'),
  );
}

/** The configuration both projects share (conf/base), tracked into `trackingUri` or not at all. */
export function writeConf(project, { tracked, trackingUri, experiment }) {
  write(join(project, 'conf', 'base', 'parameters.yml'), parametersYaml());
  write(join(project, 'conf', 'base', 'catalog.yml'), catalogYaml({ tracked }));
  if (tracked) write(join(project, 'conf', 'base', 'mlflow.yml'), mlflowYaml(trackingUri, experiment));
}
