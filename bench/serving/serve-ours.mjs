// Our side of bench/serving: the linear model of linear_model.py served by @kedro-mlflow/pipeline-ml
// (built dist), with a signature inferred from the same example and the same params schema.
// Usage: node serve-ours.mjs <port> <workers>.
import { inferSchemaFromRecords } from '@kedro-mlflow/mlflow-client';
import { serveModel } from '@kedro-mlflow/pipeline-ml';

const [port, workers] = process.argv.slice(2).map(Number);
const example = [
  { x: 1.5, n: 2, label: 'a' },
  { x: -0.25, n: 10, label: 'b' },
];

const model = {
  signature: { inputs: inferSchemaFromRecords(example), params: [{ name: 'scale', type: 'double', default: 1, shape: null }] },
  predict(table, params) {
    const xs = table.array('x');
    const ns = table.array('n');
    const labels = table.array('label');
    return xs.map((x, i) => ({ score: x * params.scale + ns[i], label: labels[i] }));
  },
};

process.exitCode = await serveModel({ load: async () => model, host: '127.0.0.1', port, workers });
