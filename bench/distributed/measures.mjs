// What bench/distributed derives from its runs: the compute the nodes measured themselves, CPU time
// of the server and worker processes, the per-node split (compute / what does not overlap it), the CPU bound,
// the goals, and the projection to 100 workers (every step printed, so that it can be checked).
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fmt, printTable } from '../lib/report.mjs';
import { chainEnds, PIPELINES, WIDTH } from './generate.mjs';

const CLOCK_TICKS = 100; // getconf CLK_TCK on Linux

/** CPU seconds (user + system) a live process has used so far, from /proc; 0 when it is gone. */
export function cpuSeconds(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS; // utime, stime (fields 14, 15)
  } catch {
    return 0;
  }
}

/** CPU seconds the whole machine has been busy (every core, every process), from /proc/stat. */
export function machineBusySeconds() {
  const [, ...jiffies] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
  const [user, nice, system, idle, iowait, irq, softirq, steal] = jiffies;
  return (user + nice + system + irq + softirq + steal) / CLOCK_TICKS;
}

/** CPU seconds of this process and of the children it has waited for (the timed driver runs). */
export function ownAndChildrenSeconds() {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) / CLOCK_TICKS;
}

/** Seconds of pure computation the nodes of `pipeline` measured (each chain's end carries its total); checks every node ran. */
export function chainCompute(project, pipeline) {
  let ms = 0;
  let nodes = 0;
  for (const file of chainEnds(project, pipeline)) {
    const end = JSON.parse(readFileSync(file, 'utf8'));
    ms += end.computeMs;
    nodes += end.nodes;
  }
  if (nodes !== PIPELINES[pipeline]) throw new Error(`${pipeline}: the chain ends count ${nodes} nodes, expected ${PIPELINES[pipeline]}`);
  return ms / 1000;
}

const ms = (seconds) => `${fmt(seconds * 1000, 1)} ms`;

export function printResults({ medians, results, calibration, repeat, load }) {
  const N = PIPELINES.cpu;
  const { t1, t2, parallel, trivial, sequentialTrivial } = medians;
  const compute = t1.computeSeconds;
  const overhead = (t1.seconds - compute) / N;
  const speedup = t1.seconds / t2.seconds;
  // The driver's fixed cost: a whole in-process run of 200 trivial nodes minus the time in its nodes.
  const fixed = sequentialTrivial.seconds - sequentialTrivial.nodeSeconds;
  // 1 worker, one node computing at a time: the next node is taken ahead and re-entered while one
  // computes, so a node's share of the wall is its compute plus what does not overlap.
  const c = compute / N;
  const slot = (t1.seconds - fixed) / N;
  const cores = cpus().length;
  const rows = [
    ['TemporalRunner, 1 worker', t1],
    ['TemporalRunner, 2 workers', t2],
    ['ParallelRunner, max_workers=2', parallel],
    ['TemporalRunner, 200 trivial nodes, 1 worker × 16 at once', trivial],
    ['SequentialRunner, 200 trivial nodes (driver fixed cost)', sequentialTrivial],
  ];
  console.log(`\n## distributed: ${N} nodes of ≈${fmt(calibration.ms, 0)} ms pure computation, width ${WIDTH}, MLflow hook off`);
  for (const [label, m] of rows) console.log(`${label.padEnd(58)} ${fmt(m.seconds).padStart(6)} s wall (median run of ${repeat}; other processes took ${fmt(m.foreignShare * 100, 0)}% of the CPUs)`);
  console.log('');
  console.log(`pure compute: ${fmt(compute)} s measured inside the nodes of the 1-worker runs (calibrated: ${N} × ${fmt(calibration.ms, 1)} ms = ${fmt((N * calibration.ms) / 1000)} s; ${calibration.iterations} loop iterations per node)`);
  printTable('distributed: goals', [
    { measure: 'scheduling overhead per node = (T1 − compute) / 200', unit: 'ms', ours: overhead * 1000, goal: '≤ 15 ms' },
    { measure: '2-worker speedup = T1 / T2', unit: 'x', ours: speedup, goal: '≥ 1.7x' },
    { measure: 'ParallelRunner (reference) / TemporalRunner 2 workers', unit: 'x', ours: parallel.seconds / t2.seconds },
  ]);

  console.log('\n## where a node\'s time goes (1 worker, one node computing at a time, one taken ahead; medians)');
  console.log(`driver fixed cost F = SequentialRunner trivial wall − its node time = ${fmt(sequentialTrivial.seconds)} − ${fmt(sequentialTrivial.nodeSeconds)} = ${fmt(fixed)} s`);
  console.log(`per node on one worker: (T1 − F) / ${N} = (${fmt(t1.seconds)} − ${fmt(fixed)}) / ${N} = ${ms(slot)} = compute c ${ms(c)} + ${ms(slot - c)} that does not overlap it`);
  console.log(`a node's activity (taken → done, including the wait for the thread while the node before it computes): ${fmt(t1.nodeSeconds)} s / ${N} = ${ms(t1.nodeSeconds / N)}`);
  console.log(`CPU per node: Temporal dev server ${ms(t1.serverCpu / N)} (cpu runs), ${ms(trivial.serverCpu / N)} (trivial); worker processes ${ms(t1.workerCpu / N)} (cpu: compute + re-entry), ${ms(trivial.workerCpu / N)} (trivial: re-entry only)`);
  const trivialPerNode = (trivial.seconds - fixed) / N;
  console.log(`trivial nodes, 16 at once on one worker: (${fmt(trivial.seconds)} − F) / ${N} = ${ms(trivialPerNode)} per node = ${fmt(1 / trivialPerNode, 0)} nodes/s through the task queue (bounded here by the one worker's main thread: ${ms(trivial.workerCpu / N)} CPU per node)`);
  console.log(
    `CPU bound on ${cores} cores: the machine was busy ${fmt(t1.busySeconds)} core-s in the 1-worker run and ${fmt(t2.busySeconds)} core-s in the 2-worker run (server, workers, driver); ` +
      `so T2 ≥ ${fmt(t2.busySeconds)} / ${cores} = ${fmt(t2.busySeconds / cores)} s and T1 / T2 ≤ ${fmt(t1.seconds / (t2.busySeconds / cores))}x here`,
  );
  const predicted2 = Math.max(fixed + (N * slot) / 2, t2.busySeconds / cores);
  console.log(`check of the model: 2 workers predicted max(F + ${N} × ${ms(slot)} / 2, CPU bound) = ${fmt(predicted2)} s, measured ${fmt(t2.seconds)} s`);

  console.log('\n## projection to 100 workers (nodes of ≈100 ms, a pipeline at least 100 wide, one node per worker at a time)');
  const perWorker = 1 / slot;
  const need = 100 * perWorker;
  const sigma = trivial.serverCpu / N;
  const serverCap = sigma > 0 ? 1 / sigma : Infinity;
  console.log(`each worker completes 1 / ${ms(slot)} = ${fmt(perWorker)} nodes/s; 100 workers ask for ${fmt(need, 0)} nodes/s`);
  console.log(`the dev server spends σ = ${ms(sigma)} CPU per node; assuming its single SQLite writer keeps it to about one core, it dispatches at most 1/σ = ${fmt(serverCap, 0)} nodes/s`);
  const devRate = Math.min(need, serverCap);
  const tenK = 10_000;
  console.log(
    `dev server: min(${fmt(need, 0)}, ${fmt(serverCap, 0)}) = ${fmt(devRate, 0)} nodes/s → ${tenK} nodes in F + ${tenK} / ${fmt(devRate, 0)} = ${fmt(fixed + tenK / devRate)} s, ` +
      `${fmt(devRate / perWorker, 1)}x one worker (${need > serverCap ? 'the server is the bottleneck' : 'the workers are the bottleneck'})`,
  );
  console.log(
    `a production cluster (history and matching scaled out; the server no longer bounds): ${fmt(need, 0)} nodes/s → ${tenK} nodes in F + ${tenK} / ${fmt(need, 0)} = ${fmt(fixed + tenK / need)} s, ` +
      `100x one worker; efficiency c / (per node on one worker) = ${fmt((100 * c) / slot, 0)}% (${fmt((100 * c) / slot, 0)}x the rate of one thread doing the pure compute)`,
  );
  console.log(`\n(each run: ${Object.entries(results).map(([k, runs]) => `${k} ${runs.map((r) => fmt(r.seconds)).join('/')} s`).join('; ')})`);
  console.log(`(load average: ${fmt(load.before)} before, ${fmt(load.atStart)} after the warm-up round, ${fmt(load.after)} at the end; 2 cores shared by the server, the workers and the driver)`);
  console.log('(Python: nothing of Temporal exists in kedro / kedro-mlflow to compare with; ParallelRunner is the reference)');
}
