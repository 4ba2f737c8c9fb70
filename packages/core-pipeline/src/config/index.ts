export { ConfigLoader, DEFAULT_CONFIG_PATTERNS } from './config-loader.js';
export type { ConfigLoaderOptions } from './config-loader.js';
export type { Resolver } from './interpolation.js';
export { deepMerge } from './merge.js';
export type { ConfigDict, MergeStrategy } from './merge.js';
export { ConfigError } from '../errors/config-error.js';
export type { ConfigErrorLocation } from '../errors/config-error.js';
export { MissingConfigError } from '../errors/missing-config-error.js';
