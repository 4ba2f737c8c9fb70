/**
 * The workflow of one pipeline run. It only schedules, deterministically (Temporal replays it from
 * its history): nodes whose dependencies are done start as activities, at most `width` at a time,
 * lowest index first; a failed node stops new starts, lets the running ones finish, and fails the
 * workflow naming it. After `historyBatch` completions (or when Temporal suggests it) the workflow
 * lets its running nodes finish and continues as new with the set of completed nodes, so a
 * pipeline of any size stays within Temporal's history limits.
 */
import { ApplicationFailure, continueAsNew, defineQuery, isCancellation, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import { NODE_FAILED_TYPE, PROGRESS_QUERY, type NodeActivities, type NodeFailureDetails, type NodeProgress, type PipelineWorkflowInput, type PipelineWorkflowResult } from './contract.js';

const progress = defineQuery<NodeProgress>(PROGRESS_QUERY);

type Settled = { index: number; durationMs?: number; error?: unknown };

export async function kedroPipelineWorkflow(input: PipelineWorkflowInput): Promise<PipelineWorkflowResult> {
  const { plan, width, historyBatch } = input;
  const done = new Set<number>(input.done);
  const durations = new Map<number, number>();
  const report = (): NodeProgress => [...done].map((index) => [index, durations.get(index) ?? null]);
  setHandler(progress, report);
  const { runKedroNode } = proxyActivities<NodeActivities>({
    startToCloseTimeout: input.activity.startToCloseTimeoutMs,
    heartbeatTimeout: input.activity.heartbeatTimeoutMs,
    retry: { maximumAttempts: input.activity.maximumAttempts, initialInterval: 200, backoffCoefficient: 2, maximumInterval: 5_000 },
  });

  const waitingOn = plan.deps.map((deps) => deps.filter((d) => !done.has(d)).length);
  const dependents: number[][] = plan.names.map(() => []);
  plan.deps.forEach((deps, index) => deps.forEach((dep) => dependents[dep]!.push(index)));
  const ready: number[] = [];
  for (let index = 0; index < plan.names.length; index += 1) if (!done.has(index) && waitingOn[index] === 0) ready.push(index);

  const inFlight = new Map<number, Promise<Settled>>();
  let failure: { index: number; error: unknown } | undefined;
  let completedHere = 0;
  let draining = false;
  for (;;) {
    while (failure === undefined && !draining && inFlight.size < width && ready.length > 0) {
      const index = ready.shift()!;
      const task = runKedroNode({ nodeName: plan.names[index]!, part: input.part }).then(
        (durationMs): Settled => ({ index, durationMs }),
        (error: unknown): Settled => ({ index, error }),
      );
      inFlight.set(index, task);
    }
    if (inFlight.size === 0) break;
    const settled = await Promise.race(inFlight.values());
    inFlight.delete(settled.index);
    if (settled.error !== undefined) {
      if (isCancellation(settled.error)) throw settled.error;
      failure ??= { index: settled.index, error: settled.error };
      continue;
    }
    done.add(settled.index);
    if (settled.durationMs !== undefined) durations.set(settled.index, settled.durationMs);
    completedHere += 1;
    const unblocked: number[] = [];
    for (const next of dependents[settled.index]!) {
      waitingOn[next] = waitingOn[next]! - 1;
      if (waitingOn[next] === 0) unblocked.push(next);
    }
    ready.push(...unblocked);
    ready.sort((a, b) => a - b);
    if (completedHere >= historyBatch || workflowInfo().continueAsNewSuggested) draining = true;
  }

  if (failure !== undefined) {
    const details: NodeFailureDetails = { nodeName: plan.names[failure.index]!, done: [...done] };
    throw ApplicationFailure.create({
      type: NODE_FAILED_TYPE,
      message: `Node '${details.nodeName}' failed.`,
      nonRetryable: true,
      details: [details],
      cause: failure.error as Error,
    });
  }
  if (done.size < plan.names.length) {
    if (!draining) throw ApplicationFailure.create({ message: 'The pipeline plan has nodes that can never start (a dependency cycle).', nonRetryable: true });
    return continueAsNew<typeof kedroPipelineWorkflow>({ ...input, done: [...done] });
  }
  return { completed: done.size, progress: report() };
}
