/**
 * The hook's per-session recordings for run summaries. Node hooks carry the session id; dataset
 * hooks do not, so the recording also travels with the runner's work in an AsyncLocalStorage the
 * hook enters around the pipeline run (two sessions at once in one process never mix). A recording
 * lives from beforePipelineRun to the end of the run, then is dropped.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Node } from '@kedro-mlflow/core-pipeline';
import { RunRecording, type RunRecordingOptions } from './run-recording.js';

export class RunRecorder {
  readonly #recordings = new Map<string, RunRecording>();
  readonly #scope = new AsyncLocalStorage<RunRecording>();

  begin(options: RunRecordingOptions): void {
    this.#recordings.set(options.runParams.runId, new RunRecording(options));
  }

  /** Runs the pipeline's work with the session's recording reachable from dataset hooks. */
  scoped<T>(sessionId: string, fn: () => Promise<T>): Promise<T> {
    const recording = this.#recordings.get(sessionId);
    return recording === undefined ? fn() : this.#scope.run(recording, fn);
  }

  nodeStarted(sessionId: string | undefined, node: Node): void {
    this.#of(sessionId)?.nodes.start(node.name);
  }

  nodeCompleted(sessionId: string | undefined, node: Node): void {
    this.#of(sessionId)?.nodes.complete(node.name);
  }

  nodeFailed(sessionId: string | undefined, node: Node, error: unknown): void {
    this.#of(sessionId)?.nodes.fail(node.name, error);
  }

  async datasetLoaded(name: string): Promise<void> {
    await this.#scope.getStore()?.datasets.loaded(name);
  }

  datasetSaved(name: string): void {
    this.#scope.getStore()?.datasets.saved(name);
  }

  pipelineFailed(sessionId: string, error: unknown): void {
    this.#recordings.get(sessionId)?.failed(error);
  }

  /** The session's recording, forgotten here (the run is over). */
  take(sessionId: string): RunRecording | undefined {
    const recording = this.#recordings.get(sessionId);
    this.#recordings.delete(sessionId);
    return recording;
  }

  #of(sessionId: string | undefined): RunRecording | undefined {
    return sessionId === undefined ? undefined : this.#recordings.get(sessionId);
  }
}
