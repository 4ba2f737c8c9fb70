import type { HttpOptions } from '../store/rest/http-options.js';
import type { RegistryStore } from '../store/registry-store.js';
import type { TrackingStore } from '../store/tracking-store.js';

export interface MlflowClientOptions extends HttpOptions {
  /** `http(s)://host:port[/prefix]`, `file:///…/mlruns` or a folder. Default: `MLFLOW_TRACKING_URI`, else `./mlruns`. */
  trackingUri?: string;
  /** The model registry. Default: `MLFLOW_REGISTRY_URI`, else the tracking URI. */
  registryUri?: string;
  /** Use these stores instead of making them from the URIs. */
  trackingStore?: TrackingStore;
  registryStore?: RegistryStore;
  /** Environment to read `MLFLOW_*` variables from (default `process.env`). */
  env?: Record<string, string | undefined>;
}
