export { findTemporalCli, requireTemporalCli, temporalAvailable } from './temporal-cli.js';
export { startTemporalServer } from './temporal-server.js';
export type { TemporalServer, TemporalServerOptions } from './temporal-server.js';
