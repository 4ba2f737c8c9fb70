/**
 * TemporalRunner's options, as `--runner-params` gives them (`address=…,task_queue=…`; values may
 * arrive as strings) or as a program passes them. Every bad value is a TemporalRunnerError naming
 * the option.
 */
import { z } from 'zod';
import { TemporalRunnerError } from '../errors/temporal-runner-error.js';

const flag = z.union([z.boolean(), z.enum(['true', 'false', 'True', 'False']).transform((v) => v.toLowerCase() === 'true')]);
const positiveInt = z.coerce.number().int().positive();
const seconds = z.coerce.number().positive();

const schema = z.strictObject({
  address: z.string().min(1).default(() => process.env.TEMPORAL_ADDRESS || '127.0.0.1:7233'),
  namespace: z.string().min(1).default(() => process.env.TEMPORAL_NAMESPACE || 'default'),
  taskQueue: z.string().min(1).default('kedro-mlflow'),
  /** Most nodes running at once. */
  maxWidth: positiveInt.default(16),
  /** Where in-memory datasets travel between workers: `s3://bucket/prefix` or a folder every worker sees. */
  intermediates: z.string().min(1).optional(),
  /** Seconds without a heartbeat after which a node's worker counts as lost and the node is retried. */
  heartbeatTimeout: seconds.default(30),
  /** Seconds one attempt of a node may take. */
  nodeTimeout: seconds.default(24 * 3600),
  /** Attempts per node, the first included. */
  maxAttempts: positiveInt.default(3),
  /** Retry a node whose own code failed (default: the run fails at once, like kedro's runners). */
  retryNodeErrors: flag.default(false),
  /** Nodes per workflow history before it continues as new. */
  historyBatch: positiveInt.default(1000),
  /** Seconds to wait for the workflow to acknowledge a cancellation when the run is interrupted. */
  cancelTimeout: seconds.default(10),
});

export type TemporalRunnerOptions = z.input<typeof schema>;
export type ResolvedRunnerOptions = z.output<typeof schema>;

export const TEMPORAL_RUNNER_OPTIONS: readonly string[] = Object.keys(schema.shape);

export function parseRunnerOptions(options: unknown): ResolvedRunnerOptions {
  const parsed = schema.safeParse(options ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const option = issue.code === 'unrecognized_keys' ? issue.keys.join(', ') : issue.path.map(String).join('.');
  const what =
    issue.code === 'unrecognized_keys'
      ? `Unknown TemporalRunner option(s) ${option}. Its options are ${TEMPORAL_RUNNER_OPTIONS.join(', ')}.`
      : `TemporalRunner option '${option}': ${issue.message}.`;
  throw new TemporalRunnerError({ kind: 'option', option, message: `${what} Pass options as --runner-params key=value,… (e.g. address=127.0.0.1:7233,task_queue=ml).` });
}
