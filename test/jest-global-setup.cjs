// One folder per jest invocation; the MLflow test harness starts its shared server into it on demand.
const { mkdtempSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

module.exports = async function globalSetup() {
  process.env.KEDRO_MLFLOW_TEST_RUN_DIR = mkdtempSync(join(tmpdir(), 'kedro-mlflow-jest-'));
};
