// bench/distributed --large: one run of 10,000 trivial nodes (16 chains) through TemporalRunner on two
// workers with 16 nodes at once each, default history_batch: completed or not, wall time, cost per
// node, and how many workflow runs (continue-as-new) the temporal CLI lists. A run longer than
// BENCH_LARGE_TIMEOUT_S (default 600 s) is interrupted (the driver cancels its workflow) and what
// it got through is reported instead, with the split of a node's time read from the workers' logs.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fmt, median } from '../lib/report.mjs';
import { describeWorkflow, nodeSeconds, submittedWorkflow, timedRun } from './cluster.mjs';
import { PIPELINES } from './generate.mjs';
import { cpuSeconds } from './measures.mjs';

const TIMEOUT_S = Number(process.env.BENCH_LARGE_TIMEOUT_S ?? 600);

export async function runLarge({ project, server, worker, temporal, loadBefore }) {
  const N = PIPELINES.large;
  const flags = (process.env.BENCH_DISTRIBUTED_WORKER_FLAGS ?? '').split(' ').filter(Boolean);
  const workers = [await worker('large', 16, flags), await worker('large', 16, flags)];
  const pids = [server.pid, ...workers.map((w) => w.pid)];
  const cpuBefore = pids.map(cpuSeconds);
  const run = timedRun(project, temporal('large', 'large'), { timeoutMs: TIMEOUT_S * 1000, level: 'info' });
  const cpu = pids.map((pid, i) => cpuSeconds(pid) - cpuBefore[i]);
  const folder = join(project, 'data', '02_intermediate', 'large');
  const written = existsSync(folder) ? readdirSync(folder).length : 0;
  const workflowId = submittedWorkflow(run.stderr);
  const workflow = workflowId === undefined ? { status: 'never submitted', runs: 0 } : describeWorkflow(server.address, workflowId);
  const done = run.completed ? (run.doc?.nodes ?? []).filter((n) => n.status === 'completed').length : written;

  console.log(`\n## distributed --large: ${N} trivial nodes, width 16, TemporalRunner on 2 workers × 16 nodes at once, default history_batch`);
  console.log(`completed: ${run.completed ? 'yes' : `no (interrupted after ${TIMEOUT_S} s)`}; nodes done: ${done} of ${N} (${written} output files)`);
  console.log(`wall: ${fmt(run.seconds)} s; per node: ${fmt((run.seconds * 1000) / Math.max(done, 1), 1)} ms`);
  console.log(`workflow '${workflowId}': ${workflow.status}; ${workflow.runs} workflow run(s) listed by \`temporal workflow list\` (${Math.max(0, workflow.runs - 1)} continue-as-new)`);
  console.log(`CPU per node: Temporal dev server ${fmt((cpu[0] * 1000) / Math.max(done, 1), 1)} ms, the 2 workers ${fmt(((cpu[1] + cpu[2]) * 1000) / Math.max(done, 1), 1)} ms`);
  const activities = nodeSeconds(run.doc);
  const nodeMs = nodeDurations(workers.map((w) => w.logFile));
  if (activities.length > 0 && nodeMs.length > 0) {
    const activityMs = median(activities) * 1000;
    console.log(
      `a node's activity on its worker: ${fmt(activityMs, 1)} ms median (${activities.length} timed), of which the node's own part (load, function, save; the workers' logs) ${fmt(median(nodeMs), 1)} ms ` +
        `and session re-entry the rest, ${fmt(activityMs - median(nodeMs), 1)} ms (16 nodes interleave on each worker's main thread, where re-entry, loads and saves run, so both stretch)`,
    );
    const inFlight = (activities.reduce((a, b) => a + b, 0) / activities.length) * done / run.seconds;
    console.log(`nodes in flight on average: Σ activity / wall = ${fmt(inFlight, 1)} of 32 worker slots (the rest of the time a slot waits on Temporal or on CPU)`);
  }
  console.log(`(load average ${fmt(loadBefore)} before the run; 2 cores shared by the server, the workers and the driver)`);
}

/** How long each node itself took (the runner's "Completed node" log records), in ms. */
function nodeDurations(files) {
  return files.flatMap((file) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => l.startsWith('{') && l.includes('Completed node:'))
      .map((l) => JSON.parse(l).duration_ms)
      .filter((d) => typeof d === 'number'),
  );
}
