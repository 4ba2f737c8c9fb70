/**
 * The closing summary of a run, for people (stderr), and the `--json` document, for programs
 * (stdout).
 */
import type { MlflowRunInfo } from '@kedro-mlflow/hooks';
import type { NodeRecord, OutputRecord } from './run-observer.js';
import { styles } from './terminal.js';

export function formatSeconds(seconds: number | undefined): string {
  if (seconds === undefined) return '';
  if (seconds < 1) return `${Math.max(0, Math.round(seconds * 1000))} ms`;
  if (seconds < 60) return `${seconds.toFixed(2)} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes} min ${(seconds - minutes * 60).toFixed(0)} s`;
}

/** The MLflow run of a tracked run, and how to look at it. */
export interface TrackedRun extends MlflowRunInfo {
  /** The command that shows a local store (`kedro-mlflow ui`), undefined for a server. */
  uiCommand: string | undefined;
  /** The run's page, when the tracking URI is a server. */
  runUrl: string | undefined;
}

/** Where to see an MLflow run: a server has the page already; a local store needs `kedro-mlflow ui`. */
export function trackedRun(info: MlflowRunInfo, env: string | undefined): TrackedRun {
  const server = /^https?:\/\//i.test(info.trackingUri);
  return {
    ...info,
    uiCommand: server ? undefined : `kedro-mlflow ui${env !== undefined && env !== 'local' ? ` --env ${env}` : ''}`,
    runUrl: server ? `${info.trackingUri.replace(/\/+$/, '')}/#/experiments/${info.experimentId}/runs/${info.runId}` : undefined,
  };
}

export interface RunSummary {
  status: 'success' | 'failure' | 'interrupted';
  sessionId: string | undefined;
  project: string | undefined;
  env: string | undefined;
  pipelines: string[];
  runner: string | undefined;
  seconds: number;
  nodes: NodeRecord[];
  outputs: OutputRecord[];
  /** On failure: the node that failed. */
  failedNode?: string | undefined;
  /** When a signal stopped the run. */
  signal?: string | undefined;
  /** The MLflow run, when the run was tracked. */
  mlflow?: TrackedRun | undefined;
}

/** The lines about the MLflow run (its id, experiment, store, and how to see it). */
function trackingLines(run: TrackedRun, status: RunSummary['status'], colors: boolean): string[] {
  const s = styles(colors);
  const ended = status === 'interrupted' ? ' (ended KILLED)' : status === 'failure' ? ' (ended FAILED)' : '';
  const lines = [`  ${s.bold('MLflow run:')} ${run.runId}${ended} in experiment '${run.experimentName}' (${run.trackingUri})`];
  if (run.runUrl !== undefined) lines.push(`  ${s.bold('See it:')} ${run.runUrl}`);
  if (run.uiCommand !== undefined) lines.push(`  ${s.bold('See it with:')} ${run.uiCommand}`);
  return lines;
}

function pad(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - text.length));
}

/** The human summary (several lines, ending with a newline). */
export function formatSummary(summary: RunSummary, colors: boolean): string {
  const s = styles(colors);
  const completed = summary.nodes.filter((n) => n.status === 'completed');
  const skipped = summary.nodes.filter((n) => n.status === 'skipped');
  const context = [
    summary.pipelines.length > 0 ? `pipeline ${summary.pipelines.join(' + ')}` : undefined,
    summary.env !== undefined ? `env ${summary.env}` : undefined,
    summary.sessionId !== undefined ? `session ${summary.sessionId}` : undefined,
  ].filter((x) => x !== undefined);
  const lines: string[] = [];
  const count = (n: number) => `${n} node${n === 1 ? '' : 's'}`;
  if (summary.status === 'success') {
    let head = `Run completed in ${formatSeconds(summary.seconds)}: ${count(completed.length)} run`;
    if (skipped.length > 0) head += `, ${count(skipped.length)} skipped (outputs exist)`;
    lines.push(`${s.green(colors ? '✔ ' : '')}${s.bold(head)} ${s.dim(`(${context.join(', ')})`)}`);
  } else if (summary.status === 'interrupted') {
    const head = `Run interrupted by ${summary.signal ?? 'a signal'} after ${formatSeconds(summary.seconds)}: ${completed.length} of ${summary.nodes.length} nodes completed`;
    lines.push(`${s.red(colors ? '✖ ' : '')}${s.bold(head)} ${s.dim(`(${context.join(', ')})`)}`);
  } else {
    const failed = summary.failedNode !== undefined ? `node ${summary.failedNode} failed` : 'failed';
    const head = `Run failed after ${formatSeconds(summary.seconds)}: ${failed}; ${completed.length} of ${summary.nodes.length} nodes completed`;
    lines.push(`${s.red(colors ? '✖ ' : '')}${s.bold(head)} ${s.dim(`(${context.join(', ')})`)}`);
  }
  const shown = summary.nodes.filter((n) => n.status !== 'skipped' || summary.nodes.length <= 20);
  const nameWidth = Math.min(48, Math.max(0, ...shown.map((n) => n.name.length)));
  for (const node of shown) {
    let detail: string;
    switch (node.status) {
      case 'completed':
        detail = formatSeconds(node.seconds).padStart(8);
        break;
      case 'failed':
        detail = `${formatSeconds(node.seconds).padStart(8)}  ${s.red('failed')}`;
        break;
      case 'skipped':
        detail = `${''.padStart(8)}  ${s.dim('skipped (outputs exist)')}`;
        break;
      case 'interrupted':
        detail = `${formatSeconds(node.seconds).padStart(8)}  ${s.red('interrupted')}`;
        break;
      default:
        detail = `${''.padStart(8)}  ${s.dim('not run')}`;
    }
    lines.push(`    ${pad(node.name, nameWidth)}  ${detail}`);
  }
  if (summary.outputs.length > 0) {
    lines.push(`  ${s.bold('Outputs written:')}`);
    const width = Math.min(48, Math.max(...summary.outputs.map((o) => o.dataset.length)));
    for (const output of summary.outputs) {
      lines.push(`    ${pad(output.dataset, width)}  ${output.path ?? s.dim(output.type)}`);
    }
  }
  if (summary.mlflow !== undefined) lines.push(...trackingLines(summary.mlflow, summary.status, colors));
  return `${lines.join('\n')}\n`;
}

/** The `--json` document of a run. */
export function summaryDocument(summary: RunSummary, error?: Record<string, unknown>): Record<string, unknown> {
  const round = (x: number | undefined) => (x === undefined ? null : Math.round(x * 1e6) / 1e6);
  return {
    status: summary.status,
    sessionId: summary.sessionId ?? null,
    project: summary.project ?? null,
    env: summary.env ?? null,
    pipelines: summary.pipelines,
    runner: summary.runner ?? null,
    durationSeconds: round(summary.seconds),
    nodes: summary.nodes.map((n) => ({ name: n.name, func: n.func, status: n.status, seconds: round(n.seconds) })),
    outputs: summary.outputs.map((o) => ({ dataset: o.dataset, type: o.type, path: o.path ?? null })),
    mlflow:
      summary.mlflow === undefined
        ? null
        : {
            runId: summary.mlflow.runId,
            experimentId: summary.mlflow.experimentId,
            experimentName: summary.mlflow.experimentName,
            trackingUri: summary.mlflow.trackingUri,
            uiCommand: summary.mlflow.uiCommand ?? null,
            runUrl: summary.mlflow.runUrl ?? null,
          },
    ...(summary.signal === undefined ? {} : { signal: summary.signal }),
    error: error ?? null,
  };
}
