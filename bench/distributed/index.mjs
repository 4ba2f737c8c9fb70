// bench/distributed (issue 11 §3): a 200-node CPU-bound pipeline (≈100 ms of pure computation per
// node, 16 independent chains: width 16) on TemporalRunner with 1 and with 2 `kedro-mlflow worker`
// processes (each `--max-concurrent-nodes 1`: one node computes at a time, on a worker thread, and one more is taken ahead), beside our
// ParallelRunner (max_workers=2) on the same project, machine and invocation; MLflow tracking off
// (disableHooksForPlugins) so that the figures measure scheduling. Also 200 trivial nodes on one
// worker with 16 nodes at once (Temporal's per-task round trip beside our per-node re-entry), and a
// projection to 100 workers. Goals: scheduling overhead ≤ 15 ms per node; 2 workers ≥ 1.7x of 1.
// Workers are started before the timed runs and stay up; each timed figure is the `kedro-mlflow run`
// driver's whole-process wall clock; BENCH_REPEAT (default 3, at least 3) rounds, alternating, after
// one untimed warm-up round; medians.
// `node bench/distributed/index.mjs --large` (or BENCH_DISTRIBUTED_LARGE=1) instead runs one
// 10,000-node pipeline of trivial nodes (see large.mjs).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { disableMlflowHook } from '../lib/cli-runs.mjs';
import { BIN, cliEnv, findTemporalCli, nodeSeconds, startTemporalServer, startWorker, timedRun, waitForQuietMachine } from './cluster.mjs';
import { calibrate, writeProject } from './generate.mjs';
import { runLarge } from './large.mjs';
import { chainCompute, cpuSeconds, machineBusySeconds, ownAndChildrenSeconds, printResults } from './measures.mjs';

const LARGE = process.argv.includes('--large') || process.env.BENCH_DISTRIBUTED_LARGE === '1';
const REPEAT = Math.max(3, Number(process.env.BENCH_REPEAT ?? 3));
const NODE_MS = 100;

if (findTemporalCli() === undefined) {
  console.log('bench/distributed: the temporal CLI is not installed (scripts/setup-temporal.sh); skipped');
  process.exit(0);
}

const work = mkdtempSync(join(tmpdir(), 'kedro-mlflow-bench-distributed-'));
const workers = [];
let server;
try {
  const loadBefore = await waitForQuietMachine('bench/distributed');
  const calibration = calibrate(NODE_MS);
  const project = execFileSync(process.execPath, [BIN, 'new', '--name', 'Distributed Bench', '--no-example'], { cwd: work, env: cliEnv(), encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  writeProject(project, LARGE ? ['large'] : ['cpu', 'trivial'], calibration);
  disableMlflowHook(join(project, 'src', 'settings.ts'));
  server = await startTemporalServer();
  const worker = async (queue, concurrent, flags = []) => {
    const started = await startWorker(project, server.address, queue, concurrent, join(work, `worker-${queue}-${workers.length}.log`), flags);
    workers.push(started);
    return started;
  };
  const temporal = (pipeline, queue) => ['--pipelines', pipeline, '--runner', 'TemporalRunner', '--runner-params', `address=${server.address},task_queue=${queue},max_width=16`];

  if (LARGE) {
    await runLarge({ project, server, worker, temporal, loadBefore });
  } else {
    // BENCH_DISTRIBUTED_WORKER_FLAGS: more `kedro-mlflow worker` flags for the CPU workers, e.g.
    // `--prefetch-nodes 0` (no node taken ahead) or `--in-process` (nodes on the worker's main thread).
    const flags = (process.env.BENCH_DISTRIBUTED_WORKER_FLAGS ?? '').split(' ').filter(Boolean);
    const one = [await worker('one', 1, flags)];
    const two = [await worker('two', 1, flags), await worker('two', 1, flags)];
    const trivialWorker = [await worker('trivial', 16)];
    const cases = [
      { key: 't1', pipeline: 'cpu', args: temporal('cpu', 'one'), processes: one },
      { key: 't2', pipeline: 'cpu', args: temporal('cpu', 'two'), processes: two },
      { key: 'parallel', pipeline: 'cpu', args: ['--pipelines', 'cpu', '--runner', 'ParallelRunner', '--runner-params', 'max_workers=2'], processes: [] },
      { key: 'trivial', pipeline: 'trivial', args: temporal('trivial', 'trivial'), processes: trivialWorker },
      { key: 'sequentialTrivial', pipeline: 'trivial', args: ['--pipelines', 'trivial'], processes: [] },
    ];
    const results = Object.fromEntries(cases.map((c) => [c.key, []]));
    const measure = (c) => {
      rmSync(join(project, 'data', '02_intermediate', c.pipeline), { recursive: true, force: true });
      const ours = () => ownAndChildrenSeconds() + [server.pid, ...workers.map((w) => w.pid)].reduce((sum, pid) => sum + cpuSeconds(pid), 0);
      const [busyBefore, oursBefore] = [machineBusySeconds(), ours()];
      const cpuBefore = [server.pid, ...c.processes.map((p) => p.pid)].map(cpuSeconds);
      const run = timedRun(project, c.args);
      const cpuAfter = [server.pid, ...c.processes.map((p) => p.pid)].map(cpuSeconds);
      // CPU that other processes of the shared machine took during the run (the figures' noise).
      const foreignCpu = machineBusySeconds() - busyBefore - (ours() - oursBefore);
      const nodes = nodeSeconds(run.doc);
      if (nodes.length !== 200) throw new Error(`${c.key}: ${nodes.length} nodes completed, expected 200`);
      return {
        seconds: run.seconds,
        nodeSeconds: nodes.reduce((a, b) => a + b, 0),
        computeSeconds: c.pipeline === 'cpu' ? chainCompute(project, 'cpu') : 0,
        serverCpu: cpuAfter[0] - cpuBefore[0],
        workerCpu: cpuAfter.slice(1).reduce((a, b) => a + b, 0) - cpuBefore.slice(1).reduce((a, b) => a + b, 0),
        foreignShare: Math.max(0, foreignCpu) / (run.seconds * cpus().length),
        // CPU the whole machine spent during the run (every process): on few cores, this bounds the wall time.
        busySeconds: machineBusySeconds() - busyBefore,
      };
    };
    for (const c of cases) measure(c); // warm-up: compile caches, first polls
    const loadAtStart = loadavg()[0];
    for (let i = 0; i < REPEAT; i += 1) {
      for (const c of cases) {
        const m = measure(c);
        results[c.key].push(m);
        console.error(`round ${i + 1} ${c.key}: ${m.seconds.toFixed(2)} s (node time ${m.nodeSeconds.toFixed(2)} s, compute ${m.computeSeconds.toFixed(2)} s, other processes ${(m.foreignShare * 100).toFixed(0)}% of the CPUs)`);
      }
    }
    // Each case's median run by wall time, whole (its other figures stay consistent with its wall time).
    const medians = Object.fromEntries(Object.entries(results).map(([key, runs]) => [key, [...runs].sort((a, b) => a.seconds - b.seconds)[Math.floor((runs.length - 1) / 2)]]));
    const measured = { medians, results, calibration, repeat: REPEAT, load: { before: loadBefore, atStart: loadAtStart, after: loadavg()[0] } };
    // BENCH_DISTRIBUTED_RAW=<file>: keep the raw figures (printResults can be re-run on them).
    if (process.env.BENCH_DISTRIBUTED_RAW) writeFileSync(process.env.BENCH_DISTRIBUTED_RAW, JSON.stringify(measured, null, 2));
    printResults(measured);
  }
} finally {
  for (const w of workers) await w.stop();
  await server?.stop();
  rmSync(work, { recursive: true, force: true });
}
