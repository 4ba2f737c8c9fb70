export { findMlflowVenv, mlflowAvailable, requireMlflowVenv } from './venv.js';
export type { MlflowVenv } from './venv.js';
export { freePort } from './free-port.js';
export { startMlflowServer, waitForHealth, killGroup } from './mlflow-server.js';
export type { MlflowServer, StartOptions } from './mlflow-server.js';
export { sharedMlflowServer, RUN_DIR_ENV } from './shared-server.js';
export type { SharedServer } from './shared-server.js';
export { runPython, runPythonJson } from './python.js';
export type { PythonResult } from './python.js';
