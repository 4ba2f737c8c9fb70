/**
 * The model of a training run (kedro-mlflow §2.6). Before the first node: the run's PipelineML is
 * looked up in the registry by the requested names (never by the class of the pipeline the hook is
 * handed, which a session's composition always makes a plain Pipeline: kedro-mlflow #690), its
 * inference inputs must be persisted, its `logModelKwargs` known, its code module found, and that
 * code bundled once into a throw-away folder (what saving the model would refuse, refused now).
 * After a successful run: the inference pipeline and the run's catalog become a KedroPipelineModel,
 * logged as an MLflow 3 logged model linked to the run (and registered when asked).
 */
import { getLogger, type DataCatalog, type KedroContext, type Pipeline, type RunParams } from '@kedro-mlflow/core-pipeline';
import type { MlflowClient } from '@kedro-mlflow/mlflow-client';
import {
  checkModelBundle,
  findPipelineMl,
  KedroPipelineModel,
  logModel,
  modelPipelineName,
  modelSignature,
  toInputExample,
  unpersistedInferenceInputs,
  type CodeSource,
  type LogPipelineModelOptions,
  type PipelineML,
} from '@kedro-mlflow/pipeline-ml';
import { PipelineMlHookError } from '../errors/pipeline-ml-hook-error.js';
import { runPipelineNames } from './kedro-command.js';
import { resolveModelCode } from './pipeline-ml-code.js';
import { tabularInputExample } from './tabular-input-example.js';

const log = getLogger('kedro-mlflow.hook');

/** `logModelKwargs` keys the hook uses (besides `name`, `signature`, `code`): passed to logModel. */
const PASSED_ON = ['inputExample', 'registeredModelName', 'registeredModelAliases', 'params', 'tags', 'metadata'] as const;
const KNOWN_KEYS: ReadonlySet<string> = new Set(['name', 'signature', 'code', ...PASSED_ON]);

interface PreparedModel {
  pipelineName: string;
  /** MLmodel's `pipeline_name`: the registry name of the PipelineML. */
  registryName: string;
  pipelineMl: PipelineML;
  code: CodeSource;
}

export interface LoggedPipelineModel {
  pipelineName: string;
  modelId: string;
  modelUri: string;
  name: string;
}

/** The MLflow run the model is linked to. */
export interface ModelRun {
  client: MlflowClient;
  runId: string;
  experimentId: string;
  /** Sends what the run queued, so that the model links the run's metrics logged so far. */
  flush?: () => Promise<void>;
}

function checkLogModelKwargs(pipelineName: string, kwargs: Readonly<Record<string, unknown>>): void {
  const unknown = Object.keys(kwargs).filter((key) => !KNOWN_KEYS.has(key));
  if (unknown.length === 0) return;
  throw new PipelineMlHookError(
    `The PipelineML '${pipelineName}' has logModelKwargs the model logger does not take: ${unknown.map((k) => `'${k}'`).join(', ')}. ` +
      `Use ${[...KNOWN_KEYS].map((k) => `'${k}'`).join(', ')}. (Python environment options such as condaEnv or pipRequirements ` +
      'have no meaning here: the model carries its code bundled, see the hooks README.)',
    { kind: 'log-model-kwargs', pipelineName, key: `logModelKwargs.${unknown[0]}` },
  );
}

/** One hook's PipelineML bookkeeping: the contexts of its sessions and the model each run will log. */
export class PipelineModelLogging {
  readonly #contexts = new Map<string, KedroContext>();
  readonly #prepared = new Map<string, PreparedModel>();

  contextCreated(sessionKey: string, context: KedroContext): void {
    this.#contexts.set(sessionKey, context);
  }

  /**
   * Before the first node: finds the run's PipelineML and checks everything the model needs that
   * exists before training. Throws a `PipelineMlHookError` (or the PipelineML's own error) so that
   * nothing runs; does nothing for a run without a PipelineML.
   */
  async beforeRun(runParams: RunParams, pipeline: Pipeline, catalog: DataCatalog): Promise<void> {
    const key = runParams.runId;
    this.#prepared.delete(key);
    const context = this.#contexts.get(key) ?? this.#contexts.get('');
    if (context === undefined) return;
    const registry = await context.pipelines();
    const found = findPipelineMl(registry, runPipelineNames(runParams), pipeline);
    if (found === undefined) return;
    const { name: pipelineName, pipelineMl } = found;
    const aliases = Object.keys(registry).filter((name) => registry[name] === registry[pipelineName]);
    const unpersisted = unpersistedInferenceInputs(pipelineMl, catalog);
    if (unpersisted.length > 0) {
      const lines = unpersisted.map(({ name, reason }) => `\n  - '${name}' (${reason === 'memory' ? 'a MemoryDataset' : 'not in the catalog'})`);
      throw new PipelineMlHookError(
        `The PipelineML '${pipelineName}' logs its inference pipeline as a model at the end of the run, and the model carries ` +
          `every inference input but '${pipelineMl.inputName}' and the parameters as a file. These are kept in memory only:${lines.join('')}` +
          '\nDeclare each in catalog.yml with a file dataset type (JSONDataset, CSVDataset, …) before training.',
        { kind: 'unpersisted-inputs', pipelineName, datasets: unpersisted.map((u) => u.name) },
      );
    }
    checkLogModelKwargs(pipelineName, pipelineMl.logModelKwargs);
    const code = await resolveModelCode(context.metadata, pipelineName, pipelineMl.inference, pipelineMl.logModelKwargs.code, aliases);
    // A native addon or a computed import() in an inference node would fail the save after the whole training.
    const started = performance.now();
    await checkModelBundle({ pipeline: pipelineMl.inference, inputName: pipelineMl.inputName, code, catalog });
    log.debug("The inference code of the PipelineML '%s' bundles (checked in %d ms).", pipelineName, Math.round(performance.now() - started));
    this.#prepared.set(key, { pipelineName, registryName: modelPipelineName(registry, pipelineName), pipelineMl, code });
    log.info("The run trains the PipelineML '%s': its inference pipeline will be logged as the model '%s'.", pipelineName, pipelineMl.logModelKwargs.name);
  }

  /** Forgets a session entirely once its run ended. */
  sessionEnded(sessionKey: string): void {
    this.#prepared.delete(sessionKey);
    this.#contexts.delete(sessionKey);
  }

  /** After a successful run: logs the prepared model, linked to `run`; undefined when the run has no PipelineML. */
  async afterRun(sessionKey: string, catalog: DataCatalog, run: ModelRun): Promise<LoggedPipelineModel | undefined> {
    const prepared = this.#prepared.get(sessionKey);
    if (prepared === undefined) return undefined;
    this.#prepared.delete(sessionKey);
    const { pipelineName, registryName, pipelineMl, code } = prepared;
    const kwargs = pipelineMl.logModelKwargs;
    const name = kwargs.name ?? 'model';
    try {
      await run.flush?.();
      // getDataset builds dataset-factory entries, so pattern-matched artifacts are found (kedro-mlflow materialises them with exists()).
      const kpm = new KedroPipelineModel({
        pipeline: pipelineMl,
        catalog,
        inputName: pipelineMl.inputName,
        runner: pipelineMl.kpmKwargs.runner,
        copyMode: pipelineMl.kpmKwargs.copyMode,
        code,
        pipelineName: registryName,
      });
      const options: LogPipelineModelOptions = { client: run.client, runId: run.runId, experimentId: run.experimentId, name };
      for (const key of PASSED_ON) if (kwargs[key] !== undefined) (options as Record<string, unknown>)[key] = kwargs[key];
      options.signature = await this.#signature(kwargs.signature, kpm, catalog, options.inputExample);
      const logged = await logModel(kpm, options);
      log.info("Model '%s' of the PipelineML '%s' logged with model_id '%s' (%s).", name, pipelineName, logged.modelId, logged.modelUri);
      return { pipelineName, modelId: logged.modelId, modelUri: logged.modelUri, name };
    } catch (error) {
      throw new PipelineMlHookError(
        `The training run succeeded, but logging the model '${name}' of the PipelineML '${pipelineName}' failed: ${(error as Error)?.message ?? String(error)} ` +
          'The MLflow run is marked FAILED; fix the cause and run the training again.',
        { kind: 'model-logging', pipelineName },
        { cause: error },
      );
    }
  }

  /** `auto`: columns from the input dataset as the run left it (kedro-mlflow loads it too), params from inference and the runner. */
  async #signature(option: unknown, kpm: KedroPipelineModel, catalog: DataCatalog, inputExample: unknown): Promise<LogPipelineModelOptions['signature']> {
    if (option !== 'auto' && option !== undefined) return option as LogPipelineModelOptions['signature'];
    const example = inputExample !== undefined ? toInputExample(inputExample as Parameters<typeof toInputExample>[0]) : tabularInputExample(await catalog.load(kpm.inputName));
    return modelSignature('auto', example, kpm.runner, await kpm.parameters());
  }
}
