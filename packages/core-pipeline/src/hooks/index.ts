export { HookManager } from './hook-manager.js';
export type { HookImplementation } from './hook-manager.js';
export type { KedroHookSpecs, KedroHookName, KedroHooks, RunParams, RunPart, RunResult } from './hook-specs.js';
