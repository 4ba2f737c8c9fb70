/**
 * The worker thread that computes a DAG layout while the pipeline runs (dag-layout-job.ts): the
 * input comes as workerData, the positions go back as one message, then the thread ends. The build
 * bundles this file to dist/dag-layout-worker.js, beside the package's bundle.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { computePositions, type LayoutInput } from './dag-positions.js';

parentPort!.postMessage(computePositions(workerData as LayoutInput));
