/**
 * A real `mlflow server` with `--default-artifact-root s3://…` and no artifact proxy hands its
 * clients s3:// artifact URIs; with MLFLOW_S3_ENDPOINT_URL and the AWS variables (as MLflow reads
 * them) our client uploads to and downloads from the bucket directly, and Python MLflow (boto3)
 * reads what we logged — and the other way round.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mlflowAvailable, runPythonJson, s3Available, startMlflowServer, startS3Server, type MlflowServer, type S3Server } from '@kedro-mlflow/mlflow-test-server';
import { MlflowClient, S3ArtifactRepository } from '@kedro-mlflow/mlflow-client';
import { uniqueName } from '../contract/helpers.js';

const ready = s3Available() && mlflowAvailable();

(ready ? describe : describe.skip)('runs of an mlflow server whose artifact root is s3:// (no proxy)', () => {
  let s3: S3Server;
  let mlflow: MlflowServer;
  let work: string;
  let env: Record<string, string>;
  const saved: Record<string, string | undefined> = {};
  const bucket = 'mlflow-artifacts';

  beforeAll(async () => {
    s3 = await startS3Server({ buckets: [bucket] });
    env = { MLFLOW_S3_ENDPOINT_URL: s3.endpoint, AWS_ACCESS_KEY_ID: s3.accessKey, AWS_SECRET_ACCESS_KEY: s3.secretKey, AWS_DEFAULT_REGION: s3.region };
    // MLflow's clients read the S3 settings from the environment; so does ours.
    for (const [key, value] of Object.entries(env)) {
      saved[key] = process.env[key];
      process.env[key] = value;
    }
    mlflow = await startMlflowServer({ env, extraArgs: ['--no-serve-artifacts', '--default-artifact-root', `s3://${bucket}/mlflow`] });
    work = mkdtempSync(join(tmpdir(), 'mlflow-s3-root-'));
  }, 120_000);

  afterAll(async () => {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    await mlflow?.stop();
    await s3?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('our client logs into the bucket, Python MLflow lists and downloads it; Python logs, we download', async () => {
    const client = new MlflowClient({ trackingUri: mlflow.url, env: {} });
    try {
      const experimentId = await client.createExperiment(uniqueName('s3-root'));
      const run = await client.createRun(experimentId);
      const runId = run.info.runId;
      expect(run.info.artifactUri).toBe(`s3://${bucket}/mlflow/${experimentId}/${runId}/artifacts`);
      expect(await client.runArtifactRepository(runId)).toBeInstanceOf(S3ArtifactRepository);

      writeFileSync(join(work, 'metrics.json'), '{"acc": 0.91}');
      await client.logArtifact(runId, join(work, 'metrics.json'), 'outputs');
      await client.logText(runId, 'hello from node', 'notes/readme.txt');
      expect((await client.listArtifacts(runId)).map((f) => f.path)).toEqual(['notes', 'outputs']);
      // The object is in the bucket itself, not behind the server.
      expect(readFileSync(join(s3.dataDir, bucket, 'mlflow', experimentId, runId, 'artifacts', 'outputs', 'metrics.json'), 'utf8')).toBe('{"acc": 0.91}');

      const fromPython = await runPythonJson<{ files: Array<[string, boolean, number | null]>; content: string; root: string }>(
        `
import json, tempfile
import mlflow
from mlflow.tracking import MlflowClient
c = MlflowClient(tracking_uri=${JSON.stringify(mlflow.url)})
files = [[f.path, f.is_dir, f.file_size] for f in c.list_artifacts(${JSON.stringify(runId)}, "outputs")]
local = mlflow.artifacts.download_artifacts(run_id=${JSON.stringify(runId)}, artifact_path="outputs/metrics.json", dst_path=tempfile.mkdtemp(), tracking_uri=${JSON.stringify(mlflow.url)})
c.log_text(${JSON.stringify(runId)}, "hello from python", "python/said.txt")
print(json.dumps({"files": files, "content": open(local).read(), "root": c.get_run(${JSON.stringify(runId)}).info.artifact_uri}))
`,
        { env },
      );
      expect(fromPython).toEqual({ files: [['outputs/metrics.json', false, 13]], content: '{"acc": 0.91}', root: run.info.artifactUri });

      const local = await client.downloadArtifacts(runId, 'python/said.txt', join(work, 'dst'));
      expect(readFileSync(local, 'utf8')).toBe('hello from python');
    } finally {
      await client.close();
    }
  }, 120_000);
});
