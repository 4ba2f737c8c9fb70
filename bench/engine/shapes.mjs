// The two pipeline shapes of the engine benchmark, built with our API. kedro_engine.py builds the same.
import { node, Pipeline } from '@kedro-mlflow/core-pipeline';

const noop = (x) => x;
const gather = (...xs) => xs.length;

/** x0 → x1 → … → x1000 */
export function chain(n) {
  const nodes = [];
  for (let i = 0; i < n; i += 1) nodes.push(node(noop, `x${i}`, `x${i + 1}`, { name: `n${i}` }));
  return new Pipeline(nodes);
}

/** source → {w0 … w999} → fan_in */
export function fan(n) {
  const nodes = [];
  for (let i = 0; i < n; i += 1) nodes.push(node(noop, 'source', `w${i}`, { name: `w${i}` }));
  nodes.push(node(gather, Array.from({ length: n }, (_, i) => `w${i}`), 'total', { name: 'fan_in' }));
  return new Pipeline(nodes);
}
