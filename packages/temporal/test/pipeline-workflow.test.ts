/**
 * The scheduling workflow on a real Temporal dev server, with a worker in this process whose
 * activity records what runs when (the nodes' own work is tested end to end in the CLI's tests):
 * the width holds, no node starts before its dependencies, a failed node stops new starts and lets
 * the running ones finish, and continue-as-new keeps every node run exactly once.
 */
import { fileURLToPath } from 'node:url';
import { Client, Connection, WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { startTemporalServer, temporalAvailable, type TemporalServer } from '@kedro-mlflow/mlflow-test-server';
import type { NodeFailureDetails, NodeTaskInput, PipelineWorkflowInput, PipelineWorkflowResult } from '../src/workflow/contract.js';

jest.setTimeout(120_000);

const run = temporalAvailable() ? describe : describe.skip;
Runtime.install({ logger: new DefaultLogger('WARN') });
const bundle = fileURLToPath(new URL('../dist/workflow-bundle.js', import.meta.url));

let server: TemporalServer;
let client: Client;
let connection: Connection;

interface Recorder {
  started: string[];
  finished: string[];
  maxInFlight: number;
}

async function withWorker<T>(queue: string, behaviour: (name: string) => Promise<void>, recorder: Recorder, work: () => Promise<T>): Promise<T> {
  const native = await NativeConnection.connect({ address: server.address });
  let inFlight = 0;
  const worker = await Worker.create({
    connection: native,
    taskQueue: queue,
    workflowBundle: { codePath: bundle },
    maxConcurrentActivityTaskExecutions: 32,
    activities: {
      async runKedroNode({ nodeName }: NodeTaskInput): Promise<number> {
        recorder.started.push(nodeName);
        inFlight += 1;
        recorder.maxInFlight = Math.max(recorder.maxInFlight, inFlight);
        try {
          await behaviour(nodeName);
        } finally {
          inFlight -= 1;
        }
        recorder.finished.push(nodeName);
        return 1;
      },
    },
  });
  try {
    return await worker.runUntil(work());
  } finally {
    await native.close();
  }
}

function input(names: string[], deps: number[][], extra: Partial<PipelineWorkflowInput> = {}): PipelineWorkflowInput {
  return {
    plan: { names, deps },
    done: [],
    width: 3,
    historyBatch: 1000,
    activity: { startToCloseTimeoutMs: 30_000, heartbeatTimeoutMs: 30_000, maximumAttempts: 1 },
    part: { project: 'p', sessionId: 's', env: 'local', runtimeParams: {}, pipelineNames: ['__default__'], loadVersions: {}, values: {}, intermediatesRoot: undefined, retryNodeErrors: false },
    ...extra,
  };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

run('kedroPipelineWorkflow', () => {
  beforeAll(async () => {
    server = await startTemporalServer();
    connection = await Connection.connect({ address: server.address });
    client = new Client({ connection });
  });
  afterAll(async () => {
    await connection?.close();
    await server?.stop();
  });

  it('runs at most `width` nodes at once and never a node before its dependencies', async () => {
    // Ten independent nodes, then one that waits for all of them.
    const names = [...Array.from({ length: 10 }, (_, i) => `n${i}`), 'join'];
    const deps = [...Array.from({ length: 10 }, () => []), Array.from({ length: 10 }, (_, i) => i)];
    const recorder: Recorder = { started: [], finished: [], maxInFlight: 0 };
    const result = await withWorker('width', async () => { await sleep(50); }, recorder, () =>
      client.workflow.execute('kedroPipelineWorkflow', { taskQueue: 'width', workflowId: 'width-test', args: [input(names, deps)] }),
    );
    expect((result as PipelineWorkflowResult).completed).toBe(11);
    expect(recorder.maxInFlight).toBe(3);
    expect(recorder.started.at(-1)).toBe('join');
    expect(recorder.finished.slice(0, 10).sort()).toEqual(names.slice(0, 10).sort());
  });

  it('on a failed node starts nothing new, lets the running nodes finish, and fails naming the node', async () => {
    const names = ['bad', 'slow', 'later1', 'later2', 'child'];
    const deps = [[], [], [], [], [0]];
    const recorder: Recorder = { started: [], finished: [], maxInFlight: 0 };
    const behaviour = async (name: string) => {
      if (name === 'bad') throw ApplicationFailure.create({ type: 'KedroNodeError', message: 'boom', nonRetryable: true });
      if (name === 'slow') await sleep(1500);
    };
    let failure: unknown;
    await withWorker('fails', behaviour, recorder, () =>
      client.workflow
        .execute('kedroPipelineWorkflow', { taskQueue: 'fails', workflowId: 'fail-test', args: [input(names, deps, { width: 2 })] })
        .then(
          () => undefined,
          (error: unknown) => {
            failure = error;
          },
        ),
    );
    expect(failure).toBeInstanceOf(WorkflowFailedError);
    const cause = (failure as WorkflowFailedError).cause as ApplicationFailure;
    expect(cause.type).toBe('KedroNodeFailed');
    const details = cause.details?.[0] as NodeFailureDetails;
    expect(details.nodeName).toBe('bad');
    expect(details.done).toEqual([1]); // 'slow' was running and finished; nothing else started
    expect(recorder.started.sort()).toEqual(['bad', 'slow']);
  });

  it('continues as new every historyBatch nodes and runs each node once', async () => {
    const names = Array.from({ length: 23 }, (_, i) => `c${i}`);
    const deps = names.map((_, i) => (i === 0 ? [] : [i - 1]));
    const recorder: Recorder = { started: [], finished: [], maxInFlight: 0 };
    const handle = await withWorker('long', async () => undefined, recorder, async () => {
      const started = await client.workflow.start('kedroPipelineWorkflow', { taskQueue: 'long', workflowId: 'long-test', args: [input(names, deps, { historyBatch: 5 })] });
      await started.result();
      return started;
    });
    expect(recorder.started).toEqual(names);
    const runs: string[] = [];
    for await (const execution of client.workflow.list({ query: "WorkflowId = 'long-test'" })) runs.push(execution.runId);
    expect(runs).toHaveLength(5); // 23 nodes, 5 per run
    expect((await handle.describe()).status.name).toBe('COMPLETED');
  });
});
