// A child process of process-exit.test.ts, running the compiled sources. argv[2] = compiled source
// dir, argv[3] = JSON job. Prints JSON lines on stdout (or talks over IPC when forked).
const [srcDir, jobText] = process.argv.slice(2);
const job = JSON.parse(jobText);
const { MlflowTracking } = await import(`${srcDir}/src/fluent/mlflow-tracking.js`);

const mlflow = new MlflowTracking({
  trackingUri: job.uri,
  env: {},
  journalDir: job.journalDir,
  experimentId: job.experimentId,
  maxRetries: 1,
  backoffFactorMs: 20,
  backoffJitterMs: 0,
  probeIntervalMs: 200,
});
const say = (message) => process.stdout.write(`${JSON.stringify(message)}\n`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function logSome(n) {
  for (let i = 0; i < n; i++) mlflow.logMetric('m', i / 3, { step: i, timestamp: 1_700_000_000_000 + i });
  for (let i = 0; i < 10; i++) mlflow.logParam(`p${i}`, i);
  for (let i = 0; i < 5; i++) mlflow.setTag(`t${i}`, `v${i}`);
}

switch (job.action) {
  case 'log-and-leave': {
    const run = await mlflow.startRun({ runName: job.runName });
    say({ runId: run.runId, journal: mlflow.journalPath });
    logSome(job.n);
    // Nothing awaited, no endRun: the process ends by itself, or is made to exit at once.
    if (job.exit === 'process.exit') process.exit(0);
    if (job.exit === 'exitCode') process.exitCode = 3;
    break;
  }
  case 'log-while-down': {
    const run = await mlflow.startRun({ runName: job.runName });
    process.send({ runId: run.runId, journal: mlflow.journalPath });
    await new Promise((r) => process.once('message', r)); // the parent takes the server down
    logSome(job.n);
    await mlflow.endRun(); // the server is down: kept in the journal
    process.send({ pending: await mlflow.pendingInJournal() });
    process.disconnect();
    break;
  }
  case 'replay-on-start': {
    // Nothing but making the tracker: the journal of this URI is replayed by itself.
    const deadline = Date.now() + 60_000;
    while ((await mlflow.pendingInJournal()).entries > 0) {
      if (Date.now() > deadline) throw new Error('the journal was not replayed');
      await sleep(100);
    }
    await mlflow.close();
    say({ ok: true });
    break;
  }
  default:
    throw new Error(`unknown action ${job.action}`);
}
