// One of several processes logging into the same MLflow at once (test/stack/team-stack.test.ts):
// argv: <mlflow-client bundle> <experiment id> <writer name> <n> <scratch folder>. Each value is its own
// request (no batching), so that the server sees many concurrent writes. Prints the run id.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [bundle, experimentId, name, count, scratch] = process.argv.slice(2);
const { MlflowClient } = await import(bundle);
const n = Number(count);
const client = new MlflowClient();
const run = await client.createRun(experimentId, { runName: name });
const runId = run.info.runId;
const folder = join(scratch, name);
mkdirSync(folder, { recursive: true });
for (let i = 0; i < n; i++) {
  await client.logParam(runId, `p${i}`, `${name}-${i}`);
  await client.logMetric(runId, 'step_value', i * 10, { step: i });
  await client.logMetric(runId, `m${i}`, i + 0.5);
  const file = join(folder, `a${i}.txt`);
  writeFileSync(file, `${name} artifact ${i}\n`);
  await client.logArtifact(runId, file, 'files');
}
await client.setTerminated(runId);
process.stdout.write(runId);
