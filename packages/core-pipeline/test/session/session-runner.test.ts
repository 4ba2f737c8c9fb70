import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ConcurrentRunner, KedroSession, KedroSessionError, ParallelRunner, SequentialRunner, type KedroHookSpecs, type SessionRunOptions } from '@kedro-mlflow/core-pipeline';
import { removeProjects, writeFiles } from '../project/project-fixture.js';
import { makeDemoProject } from './demo-project.js';

afterAll(removeProjects);

const RUNNER_MODULE = `import { SequentialRunner } from '@kedro-mlflow/core-pipeline';
export class LoudRunner extends SequentialRunner {
  constructor(options) { super(options); this.options = options; globalThis.__loudRunners = (globalThis.__loudRunners ?? 0) + 1; }
}
export const notARunner = { hello: 1 };
export default LoudRunner;
`;

/** Runs data_processing with `runner`; returns the runner name handed to hooks and the output. */
async function runWith(runner: SessionRunOptions['runner'], runnerOptions?: Record<string, unknown>, root = makeDemoProject({ 'src/runners.mjs': RUNNER_MODULE })) {
  let name: string | undefined;
  const session = await KedroSession.create({
    projectPath: root,
    hooks: [{ beforePipelineRun: ({ runParams }: KedroHookSpecs['beforePipelineRun']) => void (name = runParams.runner) }],
  });
  const result = await session.run({ pipelineNames: ['data_processing'], runner, ...(runnerOptions ? { runnerOptions } : {}) });
  return { name, total: await result.total!.load() };
}

async function runnerError(runner: SessionRunOptions['runner'], runnerOptions?: Record<string, unknown>): Promise<string> {
  const error = await runWith(runner, runnerOptions).catch((e: unknown) => e);
  expect(KedroSessionError.isInstance(error)).toBe(true);
  return (error as Error).message;
}

describe('session.run: runners', () => {
  it('defaults to SequentialRunner', async () => {
    await expect(runWith(undefined)).resolves.toEqual({ name: 'SequentialRunner', total: 12 });
  });

  it.each([
    ['SequentialRunner', { isAsync: true }, 'SequentialRunner'],
    ['ConcurrentRunner', { maxWorkers: 2 }, 'ConcurrentRunner'],
    ['ThreadRunner', { max_workers: 2, is_async: true }, 'ConcurrentRunner'],
  ])('builds %s by name with its options', async (spec, options, name) => {
    await expect(runWith(spec, options)).resolves.toEqual({ name, total: 12 });
  });

  it('uses a runner instance as given', async () => {
    const runner = new ConcurrentRunner({ maxWorkers: 1 });
    const spy = jest.spyOn(runner, 'run');
    await expect(runWith(runner)).resolves.toEqual({ name: 'ConcurrentRunner', total: 12 });
    expect(spy).toHaveBeenCalledTimes(1);
    expect(spy.mock.calls[0]![2]).toMatchObject({ runId: expect.stringMatching(/^\d{4}-/), onlyMissingOutputs: false });
  });

  it('refuses a runner class, with kedro wording', async () => {
    const message = await runnerError(SequentialRunner as unknown as string);
    expect(message).toBe(
      'KedroSession expect an instance of Runner instead of a class. Have you forgotten the `new` at the beginning of the statement? ' +
        "Write `new SequentialRunner()`, or pass the runner's name as a string.",
    );
  });

  it('refuses unknown runner names and options, listing the valid ones', async () => {
    expect(await runnerError('SequentalRunner')).toBe(
      "Unknown runner 'SequentalRunner'. Did you mean 'SequentialRunner'? Use one of ['SequentialRunner', 'ConcurrentRunner', 'ThreadRunner', 'ParallelRunner'], " +
        "or '<module path>#<ExportedClass>' for a runner of your own (e.g. './src/runners.ts#MyRunner').",
    );
    expect(await runnerError('ConcurrentRunner', { max_workrs: 2 })).toBe("Unknown option(s) ['maxWorkrs'] for ConcurrentRunner. Its options are ['maxWorkers', 'isAsync'].");
    expect(await runnerError({ run: 'no' } as unknown as string)).toContain('The runner must be a runner instance');
  });

  it('loads a runner class from a project module, with options', async () => {
    (globalThis as { __loudRunners?: number }).__loudRunners = 0;
    await expect(runWith('./src/runners.mjs#LoudRunner', { isAsync: true })).resolves.toEqual({ name: 'LoudRunner', total: 12 });
    await expect(runWith('./src/runners')).resolves.toEqual({ name: 'LoudRunner', total: 12 });
    expect((globalThis as { __loudRunners?: number }).__loudRunners).toBe(2);
  });

  it('explains a runner module that cannot be used', async () => {
    expect(await runnerError('./src/nope.mjs#X')).toMatch(/^Cannot find the module '\.\/src\/nope\.mjs' of runner '\.\/src\/nope\.mjs#X' \(paths are relative to the project /);
    expect(await runnerError('./src/runners.mjs#Missing')).toBe(
      "Module './src/runners.mjs' has no export 'Missing' (runner './src/runners.mjs#Missing'). Its exports are ['LoudRunner', 'default', 'notARunner'].",
    );
    expect(await runnerError('./src/runners.mjs#notARunner')).toContain("The runner must be a runner instance (SequentialRunner, ConcurrentRunner, ParallelRunner or a class extending AbstractRunner), got './src/runners.mjs#notARunner'.");
  });

  it('runs ParallelRunner worker threads on the project registry', async () => {
    const root = makeDemoProject({
      // A CPU-bound node that reports the worker thread it ran on.
      'src/pipelines/heavy/pipeline.mjs': `import { node, pipeline } from '@kedro-mlflow/core-pipeline';
import { threadId } from 'node:worker_threads';
const spin = (xs) => { let acc = 0; for (let i = 0; i < 1e5; i += 1) acc = (acc + i) % 7; return { thread: threadId, n: xs.length + acc * 0 }; };
export function createPipeline() { return pipeline([node(spin, 'raw', 'spun', { name: 'spin' })]); }
`,
    });
    const session = await KedroSession.create({ projectPath: root, workerExecArgv: [] });
    const spy = jest.spyOn(ParallelRunner.prototype, 'run');
    const result = await session.run({ pipelineNames: ['heavy', 'data_processing'], runner: 'ParallelRunner', runnerOptions: { maxWorkers: 2 } });
    const spun = (await result.spun!.load()) as { thread: number; n: number };
    expect(spun.n).toBe(3);
    expect(spun.thread).not.toBe(0);
    await expect(result.total!.load()).resolves.toBe(12);
    const runner = spy.mock.contexts[0] as unknown as { options: Record<string, unknown> };
    spy.mockRestore();
    const options = runner.options;
    expect(options).toEqual({ pipelineModule: join(root, 'src', 'pipeline_registry.mjs'), pipelineExport: 'registerPipelines', execArgv: [], maxWorkers: 2 });
  }, 60_000);

  it('runs a project natively (dist, ESM) from the command line of a child process', async () => {
    const root = makeDemoProject();
    writeFiles(root, {
      'run.mjs': `import { KedroSession } from '@kedro-mlflow/core-pipeline';
const session = await KedroSession.create({ runtimeParams: { label: 'native' } });
const result = await session.run({ pipelineNames: ['data_processing', 'reporting'], runner: 'ParallelRunner', runnerOptions: { maxWorkers: 1 } });
console.log(JSON.stringify(await result.report.load()));
`,
    });
    const { stdout } = await promisify(execFile)(process.execPath, ['run.mjs'], { cwd: root, env: { ...process.env, KEDRO_LOG_LEVEL: 'silent' } });
    expect(JSON.parse(stdout)).toBe('native: 12');
  }, 60_000);

  it('explains natively that Node needs a loader for TypeScript project files', async () => {
    const root = makeDemoProject({ 'src/settings.ts': 'const settings: object = {};\nexport default settings;\n' });
    writeFiles(root, {
      'run.mjs': `import { KedroSession } from '@kedro-mlflow/core-pipeline';
try { await KedroSession.create(); console.log(JSON.stringify({ name: 'none' })); } catch (error) { console.log(JSON.stringify({ name: error.name, message: error.message })); }
`,
    });
    const { stdout } = await promisify(execFile)(process.execPath, ['run.mjs'], { cwd: root, env: { ...process.env, KEDRO_LOG_LEVEL: 'silent' } });
    const error = JSON.parse(stdout) as { name: string; message: string };
    // Newer Node versions strip types themselves: then the settings simply load.
    if ((process.features as { typescript?: unknown }).typescript) {
      expect(error.name).toBe('none');
      return;
    }
    expect(error.name).toBe('ProjectError');
    expect(error.message).toMatch(/^Failed to import the project settings src\/settings\.ts: /);
    expect(error.message).toContain('Node cannot import TypeScript files by itself: run the project through the kedro-mlflow CLI, start node with `--import tsx`');
  }, 60_000);
});
