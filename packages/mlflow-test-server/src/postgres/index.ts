export { findPostgresBin, postgresAvailable, requirePostgresBin } from './postgres-bin.js';
export { startPostgres } from './postgres-server.js';
export type { PostgresServer, PostgresOptions } from './postgres-server.js';
export { startMlflowStack, artifactArgs } from './mlflow-stack.js';
export type { MlflowStack, MlflowStackOptions, ArtifactMode } from './mlflow-stack.js';
