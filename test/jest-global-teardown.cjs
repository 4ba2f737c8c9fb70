// Stops the shared MLflow server if a test started one, and removes the run folder.
const { existsSync, readFileSync, rmSync } = require('node:fs');
const { join } = require('node:path');

module.exports = async function globalTeardown() {
  const dir = process.env.KEDRO_MLFLOW_TEST_RUN_DIR;
  if (!dir) return;
  const info = join(dir, 'server.json');
  if (existsSync(info)) {
    const { pid } = JSON.parse(readFileSync(info, 'utf8'));
    for (const target of [-pid, pid]) {
      try {
        process.kill(target, 'SIGTERM');
        break;
      } catch {
        // try the next form, or it is already gone
      }
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  rmSync(dir, { recursive: true, force: true });
};
