// The projects of bench/distributed, written into folders made by `kedro-mlflow new --no-example`.
//
// Every pipeline is WIDTH independent chains (width 16: at most 16 nodes are ever ready at once);
// each node reads the previous node's output of its chain and writes its own as a JSON file (a
// catalog pattern), so nothing needs to travel through intermediates and every worker sees the data.
//   cpu      200 nodes, each ~100 ms of pure computation (a calibrated tight integer loop); each node
//            measures its own compute time and carries the chain's running total in its output.
//   trivial  200 nodes that only add one (Temporal's per-task round trip + our per-node re-entry).
//   large    10,000 trivial nodes (history limits, continue-as-new), in a project of its own because a
//            worker builds every registered pipeline each time it re-enters the project.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const WIDTH = 16;
// BENCH_LARGE_NODES: a smaller large pipeline, to try the --large run out quickly.
export const PIPELINES = { cpu: 200, trivial: 200, large: Number(process.env.BENCH_LARGE_NODES ?? 10_000) };

/**
 * The computation of one cpu node, as JavaScript source: the benchmark calibrates this very text in
 * its own process and writes it into the project, so both run the same loop.
 */
export const SPIN_SOURCE = `function spin(seed, iterations) {
  let x = seed | 0;
  for (let i = 0; i < iterations; i += 1) x = (Math.imul(x ^ i, 1103515245) + 12345) | 0;
  return x;
}`;

/** The iterations that take about `targetMs` in this process (after warming the loop up). */
export function calibrate(targetMs) {
  const spin = new Function(`${SPIN_SOURCE}; return spin;`)();
  let iterations = 1_000_000;
  for (let round = 0; round < 8; round += 1) {
    const started = performance.now();
    spin(round, iterations);
    const ms = performance.now() - started;
    iterations = Math.max(1000, Math.round((iterations * targetMs) / Math.max(ms, 0.01)));
  }
  const samples = [];
  for (let k = 0; k < 5; k += 1) {
    const started = performance.now();
    spin(k, iterations);
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  return { iterations, ms: samples[2] };
}

const pad = (n, width) => String(n).padStart(width, '0');

/** Node `step` of chain `chain` of pipeline `name`: its name and output (which the catalog pattern maps to a file). */
function nodeId(name, chain, step, steps) {
  return `${name}_c${pad(chain, 2)}_s${pad(step, String(steps).length)}`;
}

/** The chains of a pipeline of `total` nodes: the first `total % WIDTH` chains get one node more. */
function chains(total) {
  return Array.from({ length: WIDTH }, (_, chain) => Math.floor(total / WIDTH) + (chain < total % WIDTH ? 1 : 0));
}

function write(file, text) {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
}

/** src/pipelines/<name>/pipeline.ts: the chains built in a loop (a 10,000-node file would be slow to load). */
function pipelineSource(name, fn, firstInputs) {
  const lengths = chains(PIPELINES[name]);
  const steps = Math.max(...lengths);
  return [
    "import { node, pipeline, type Pipeline } from '@kedro-mlflow/core-pipeline';",
    `import { ${fn} } from '../../bench_nodes.js';`,
    '',
    `const LENGTHS = ${JSON.stringify(lengths)};`,
    "const pad = (n: number, width: number): string => String(n).padStart(width, '0');",
    `const id = (chain: number, step: number): string => \`${name}_c\${pad(chain, 2)}_s\${pad(step, ${String(steps).length})}\`;`,
    '',
    'export function createPipeline(): Pipeline {',
    '  const nodes = [];',
    '  for (let chain = 0; chain < LENGTHS.length; chain += 1) {',
    '    for (let step = 0; step < LENGTHS[chain]!; step += 1) {',
    `      const inputs = step === 0 ? ${JSON.stringify(firstInputs)} : [id(chain, step - 1)${fn === 'burn' ? ", 'params:iterations'" : ''}];`,
    `      nodes.push(node(${fn}, inputs, id(chain, step), { name: id(chain, step) }));`,
    '    }',
    '  }',
    '  return pipeline(nodes);',
    '}',
    '',
  ].join('\n');
}

const NODES_SOURCE = [
  '// The node functions of bench/distributed (generated).',
  'export interface Burnt { value: number; computeMs: number; nodes: number }',
  '',
  `${SPIN_SOURCE.replace('function spin(seed, iterations)', 'function spin(seed: number, iterations: number): number')}`,
  '',
  '/** ~100 ms of pure computation; the chain so far is carried along (its total compute time and node count). */',
  'export function burn(previous: Burnt | number, iterations: number): Burnt {',
  "  const before: Burnt = typeof previous === 'number' ? { value: previous, computeMs: 0, nodes: 0 } : previous;",
  '  const started = performance.now();',
  '  const value = spin(before.value, iterations);',
  '  const computeMs = performance.now() - started;',
  '  return { value, computeMs: before.computeMs + computeMs, nodes: before.nodes + 1 };',
  '}',
  '',
  '/** A node that does nothing worth measuring. */',
  'export function tick(previous: number): number {',
  '  return previous + 1;',
  '}',
  '',
].join('\n');

/** Writes the pipelines `names` (keys of PIPELINES), their catalog pattern and parameters into `project`. */
export function writeProject(project, names, { iterations }) {
  write(join(project, 'src', 'bench_nodes.ts'), NODES_SOURCE);
  for (const name of names) {
    const source = name === 'cpu' ? pipelineSource(name, 'burn', ['params:seed', 'params:iterations']) : pipelineSource(name, 'tick', ['params:seed']);
    write(join(project, 'src', 'pipelines', name, 'pipeline.ts'), source);
  }
  write(join(project, 'conf', 'base', 'parameters.yml'), `seed: 1\niterations: ${iterations}\n`);
  const catalog = names.map((name) => `"${name}_{rest}":\n  type: JSONDataset\n  filepath: data/02_intermediate/${name}/${name}_{rest}.json\n`);
  write(join(project, 'conf', 'base', 'catalog.yml'), catalog.join('\n'));
}

/** The output file of the last node of each chain of pipeline `name`. */
export function chainEnds(project, name) {
  const lengths = chains(PIPELINES[name]);
  const steps = Math.max(...lengths);
  return lengths.map((length, chain) => join(project, 'data', '02_intermediate', name, `${nodeId(name, chain, length - 1, steps)}.json`));
}
