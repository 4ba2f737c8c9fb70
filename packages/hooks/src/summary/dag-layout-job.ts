/**
 * The DAG picture's layout, off the run's critical path. The positions depend only on the pipeline's
 * structure, which is known when the run starts, so the layout starts then: from the on-disk cache
 * (dag-layout-cache.ts) when this structure was laid out before, else in a worker thread that runs
 * alongside the pipeline. The run's end awaits the result. The worker never keeps the process alive
 * (it is unref'd until someone waits for it), and when it fails the layout is computed in this
 * thread after one warning: nothing here fails the run.
 */
import { Worker } from 'node:worker_threads';
import { getLogger } from '@kedro-mlflow/core-pipeline';
import type { DagGraph } from './dag-graph.js';
import { DagLayoutCache } from './dag-layout-cache.js';
import { layoutInput, placeLayout, type DagLayout } from './dag-layout.js';
import { computePositions, type LayoutInput, type LayoutPositions } from './dag-positions.js';

const log = getLogger('kedro-mlflow.summary');

export interface DagLayoutJobOptions {
  /** Where the layouts are cached; undefined: not cached. Default: the user's cache (DagLayoutCache.open()). */
  cache?: DagLayoutCache | undefined;
  /** Compute a missing layout in a worker thread (default); false: in this thread, when awaited. */
  worker?: boolean;
  /** The worker's file (tests); default: dist/dag-layout-worker.js. */
  workerFile?: URL;
}

/**
 * The worker's file, beside this module once built: dist/summary/ for tsc's output, and dist/ for the
 * bundle, where the build bundles the worker too. Run from the TypeScript sources (the tests), the
 * worker is the built one, since Node cannot start a .ts file.
 */
function defaultWorkerFile(): URL {
  const here = import.meta.url;
  return here.endsWith('.ts') ? new URL('../../dist/dag-layout-worker.js', here) : new URL('./dag-layout-worker.js', here);
}

/** A layout on its way: started by startDagLayout(), awaited with result(). */
export class DagLayoutJob {
  readonly #graph: DagGraph;
  readonly #input: LayoutInput;
  readonly #positions: Promise<LayoutPositions>;
  #worker: Worker | undefined;

  constructor(graph: DagGraph, options: DagLayoutJobOptions = {}) {
    this.#graph = graph;
    this.#input = layoutInput(graph);
    const cache = 'cache' in options ? options.cache : DagLayoutCache.open();
    const key = cache === undefined ? '' : DagLayoutCache.key(this.#input);
    const cached = cache?.get(key, this.#input);
    if (cached !== undefined) {
      this.#positions = Promise.resolve(cached);
      return;
    }
    const computed = options.worker === false ? Promise.resolve().then(() => computePositions(this.#input)) : this.#inWorker(options.workerFile ?? defaultWorkerFile());
    this.#positions = computed.then((positions) => {
      cache?.set(key, positions);
      return positions;
    });
    // Awaited only at the run's end: a failure before then must not be an unhandled rejection.
    this.#positions.catch(() => undefined);
  }

  /** The layout (rejects only when dagre itself fails, in the worker and then here). */
  async result(): Promise<DagLayout> {
    // Waited for now: the worker may keep the process alive until it answers.
    this.#worker?.ref();
    return placeLayout(this.#graph, this.#input, await this.#positions);
  }

  #inWorker(file: URL): Promise<LayoutPositions> {
    return new Promise<LayoutPositions>((resolve) => {
      let settled = false;
      const fallBack = (reason: string): void => {
        if (settled) return;
        settled = true;
        this.#worker = undefined;
        log.warn('The DAG layout worker failed (%s); laying the picture out in the main thread.', reason);
        resolve(Promise.resolve().then(() => computePositions(this.#input)));
      };
      let worker: Worker;
      try {
        // No loader flags of the parent: the worker is plain JavaScript.
        worker = new Worker(file, { workerData: this.#input, execArgv: [] });
      } catch (error) {
        fallBack((error as Error)?.message ?? String(error));
        return;
      }
      this.#worker = worker;
      worker.unref();
      worker.once('message', (positions: LayoutPositions) => {
        if (settled) return;
        settled = true;
        this.#worker = undefined;
        resolve(positions);
      });
      worker.once('error', (error) => fallBack(error?.message ?? String(error)));
      worker.once('exit', (code) => fallBack(`it exited with code ${code} before answering`));
    });
  }
}
