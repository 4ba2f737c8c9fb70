export { KedroError } from './errors/kedro-error.js';
export { getLogger, getRootLogger, setRootLogger, captureLogs, REDACT_PATHS } from './logging.js';
export type { Log, LogRecord, CapturedLogs } from './logging.js';
export * from './pipeline/index.js';
export * from './io/index.js';
export * from './hooks/index.js';
export * from './runner/index.js';
export * from './config/index.js';
