// A child process of concurrency.test.ts: runs one scenario against the compiled FileStore and
// prints one JSON line. argv[2] = compiled source dir, argv[3] = JSON job.
const [srcDir, jobText] = process.argv.slice(2);
const job = JSON.parse(jobText);
const { FileStore } = await import(`${srcDir}/src/store/file/file-store.js`);
const store = new FileStore(job.root);
const wait = job.startAt - Date.now();
if (wait > 0) await new Promise((r) => setTimeout(r, wait));

const codeOf = async (fn) => {
  try {
    return { ok: true, value: await fn() };
  } catch (error) {
    return { ok: false, code: error.errorCode ?? String(error) };
  }
};

let result;
switch (job.action) {
  case 'metrics': {
    for (let i = 0; i < job.n; i++) {
      await store.logMetric(job.runId, { key: job.key, value: job.worker * 1e6 + i, timestamp: Date.now(), step: i });
    }
    const metrics = [];
    for (let i = 0; i < job.n; i++) metrics.push({ key: job.key, value: job.worker * 1e6 + job.n + i, timestamp: Date.now(), step: job.n + i });
    await store.logBatch(job.runId, { metrics, tags: [{ key: `worker-${job.worker}`, value: 'done' }] });
    result = { ok: true };
    break;
  }
  case 'createExperiment':
    result = await codeOf(() => store.createExperiment(job.name));
    break;
  case 'param':
    result = await codeOf(() => store.logParam(job.runId, { key: job.key, value: job.value }));
    break;
  case 'versions': {
    const made = [];
    for (let i = 0; i < job.n; i++) made.push((await store.createModelVersion({ name: job.name, source: `s3://b/${job.worker}/${i}` })).version);
    result = { ok: true, value: made };
    break;
  }
  case 'registeredModel':
    result = await codeOf(() => store.createRegisteredModel(job.name).then((m) => m.name));
    break;
  case 'runMeta': {
    for (let i = 0; i < job.n; i++) {
      await store.setTag(job.runId, { key: 'mlflow.runName', value: `w${job.worker}-${i}` });
      await store.updateRun(job.runId, { status: 'RUNNING' });
      const run = await store.getRun(job.runId);
      if (!run.info.runName.startsWith('w')) throw new Error(`unexpected run name ${run.info.runName}`);
    }
    result = { ok: true };
    break;
  }
  default:
    throw new Error(`unknown action ${job.action}`);
}
process.stdout.write(`${JSON.stringify(result)}\n`);
