/** The messages between ParallelRunner and its worker threads (parallel-worker.ts). */
import type { EncodedThrown } from './error-codec.js';

/** What each worker is started with. */
export interface ParallelWorkerData {
  /** File URL of the module that defines the pipeline. */
  moduleUrl: string;
  /** Its export to use; undefined: `default`, else `registerPipelines`, else `createPipeline`. */
  exportName: string | undefined;
  /** What a DatasetError about an output that cannot cross threads says to do; undefined: the default. */
  remedy?: string | undefined;
}

export type WorkerTask = { type: 'locate' } | { type: 'run'; name: string; inputs: Record<string, unknown> };
/** Each request carries an id, and its reply the same id. */
export type WorkerRequest = WorkerTask & { id: number };

export type LocatedReply = { id: number; type: 'located'; names: string[] };
export type ResultReply = { id: number; type: 'result'; outputs: Record<string, unknown> };
export type WorkerReply = LocatedReply | ResultReply | { id: number; type: 'error'; error: EncodedThrown };
