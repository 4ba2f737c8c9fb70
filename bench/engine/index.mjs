// bench/engine: 1,000-node chain and 1,000-node fan-out/fan-in through SequentialRunner with memory
// datasets, ours beside Python kedro (same shapes, same machine, same invocation). Goal: ≤ 1/30.
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runAnchor, NO_ANCHOR } from '../lib/anchors.mjs';
import { printTable } from '../lib/report.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const N = 1000;
const REPEAT = Number(process.env.BENCH_REPEAT ?? 10);

function ours(shape) {
  const out = execFileSync(process.execPath, [join(here, 'measure.mjs'), shape, String(N), String(REPEAT)], {
    encoding: 'utf8',
    env: { ...process.env, KEDRO_LOG_LEVEL: 'silent' },
  });
  return JSON.parse(out.trim().split('\n').pop());
}

const rows = [];
let anchorMissing = false;
for (const shape of ['chain', 'fan']) {
  const mine = ours(shape);
  const theirs = runAnchor(join(here, 'kedro_engine.py'), [shape, String(N), String(REPEAT)]);
  if (theirs === undefined) anchorMissing = true;
  const label = shape === 'chain' ? `${N}-node chain` : `${N}-node fan-out/fan-in`;
  rows.push({ measure: `${label}: run per node`, unit: 'µs', ours: mine.run_us_per_node, anchor: theirs?.run_us_per_node, goal: '≤ 1/30' });
  rows.push({ measure: `${label}: build pipeline`, unit: 'µs', ours: mine.build_us, anchor: theirs?.build_us });
  rows.push({ measure: `${label}: peak RSS`, unit: 'MB', ours: mine.max_rss_mb, anchor: theirs?.max_rss_mb });
}
printTable('engine: SequentialRunner + MemoryDatasets (kedro 1.x anchor)', rows);
if (anchorMissing) console.log(`kedro: ${NO_ANCHOR}`);
