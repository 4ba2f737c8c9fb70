export { AbstractRunner } from './abstract-runner.js';
export type { RunOptions } from './abstract-runner.js';
export { SequentialRunner } from './sequential-runner.js';
export { ConcurrentRunner } from './concurrent-runner.js';
export type { ConcurrentRunnerOptions } from './concurrent-runner.js';
export { ParallelRunner } from './parallel-runner.js';
export type { ParallelRunnerOptions } from './parallel-runner.js';
export { NodeRunError } from '../errors/node-run-error.js';
