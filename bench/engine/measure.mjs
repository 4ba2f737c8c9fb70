// One shape, measured in a fresh process so peak memory belongs to that shape alone.
// Prints {build_us, run_us_per_node, max_rss_mb}.
import { DataCatalog, SequentialRunner } from '@kedro-mlflow/core-pipeline';
import { chain, fan } from './shapes.mjs';
import { median } from '../lib/report.mjs';

const [shape, nArg, repeatArg] = process.argv.slice(2);
const n = Number(nArg);
const repeat = Number(repeatArg);
const make = shape === 'chain' ? chain : fan;
const input = shape === 'chain' ? 'x0' : 'source';

const builds = [];
const runs = [];
for (let r = 0; r < repeat; r += 1) {
  let t = performance.now();
  const pipeline = make(n);
  builds.push(performance.now() - t);
  const catalog = new DataCatalog();
  catalog.set(input, 1);
  t = performance.now();
  await new SequentialRunner().run(pipeline, catalog);
  runs.push(performance.now() - t);
}
const nodes = shape === 'chain' ? n : n + 1;
console.log(
  JSON.stringify({
    build_us: median(builds) * 1000,
    run_us_per_node: (median(runs) * 1000) / nodes,
    max_rss_mb: process.resourceUsage().maxRSS / 1024,
  }),
);
