// The inference pipeline of the kedro_pipeline model in bench/serving: the same linear model
// (score = x * scale + n, label passed through) as one node over the served table.
import { node, Pipeline } from '@kedro-mlflow/core-pipeline';

export function score(model, data, scale) {
  const xs = data.array('x');
  const ns = data.array('n');
  const labels = data.array('label');
  return xs.map((x, i) => ({ score: x * scale * model.factor + ns[i], label: labels[i] }));
}

export function registerPipelines() {
  return { inference: new Pipeline([node(score, ['model', 'data', 'params:scale'], 'predictions', { name: 'score' })]) };
}
