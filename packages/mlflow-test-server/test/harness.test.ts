import { mlflowAvailable, runPythonJson, sharedMlflowServer, freePort } from '@kedro-mlflow/mlflow-test-server';

const withMlflow = mlflowAvailable() ? describe : describe.skip;

withMlflow('the real MLflow server harness', () => {
  it('starts one healthy server per run and reuses it', async () => {
    const first = await sharedMlflowServer();
    const again = await sharedMlflowServer();
    expect(again).toBe(first);
    const health = await fetch(`${first.url}/health`);
    expect(health.status).toBe(200);
    const res = await fetch(`${first.url}/api/2.0/mlflow/experiments/get-by-name?experiment_name=Default`);
    expect(((await res.json()) as { experiment: { experiment_id: string } }).experiment.experiment_id).toBe('0');
  }, 120_000);

  it('runs Python with the venv that has mlflow', async () => {
    const result = await runPythonJson<{ major: number }>('import json, mlflow; print(json.dumps({"major": int(mlflow.__version__.split(".")[0])}))');
    expect(result.major).toBe(3);
  }, 60_000);
});

describe('freePort', () => {
  it('returns a port that can be bound on loopback', async () => {
    const port = await freePort();
    expect(port).toBeGreaterThan(1024);
    const { createServer } = await import('node:net');
    await new Promise<void>((resolve, reject) => {
      const s = createServer().once('error', reject).listen(port, '127.0.0.1', () => s.close(() => resolve()));
    });
  });
});

withMlflow('a private server killed and restarted', () => {
  it('comes back on the same port with the same backend store and artifact root', async () => {
    const { startMlflowServer } = await import('@kedro-mlflow/mlflow-test-server');
    const server = await startMlflowServer();
    try {
      const created = await fetch(`${server.url}/api/2.0/mlflow/experiments/create`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'survives-restart' }),
      });
      const { experiment_id: experimentId } = (await created.json()) as { experiment_id: string };
      const put = await fetch(`${server.url}/api/2.0/mlflow-artifacts/artifacts/kept/a.txt`, { method: 'PUT', body: 'artifact bytes' });
      expect(put.status).toBe(200);
      const firstPid = server.pid;

      await server.kill();
      expect(server.running).toBe(false);
      await expect(fetch(`${server.url}/health`)).rejects.toThrow();

      await server.restart();
      expect(server.running).toBe(true);
      expect(server.pid).not.toBe(firstPid);
      const got = await fetch(`${server.url}/api/2.0/mlflow/experiments/get?experiment_id=${experimentId}`);
      expect(((await got.json()) as { experiment: { name: string } }).experiment.name).toBe('survives-restart');
      const read = await fetch(`${server.url}/api/2.0/mlflow-artifacts/artifacts/kept/a.txt`);
      expect(await read.text()).toBe('artifact bytes');
    } finally {
      await server.stop();
    }
  }, 240_000);
});
