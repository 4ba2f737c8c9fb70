/**
 * `kedro-mlflow modelify -p <pipeline> -i <input>`: logs a registered pipeline as a
 * `kedro_pipeline` model without training (kedro-mlflow §6.4): its artifacts are read from the
 * project's catalog as they are on disk. The model is an MLflow 3 logged model of the configured
 * experiment, linked to no run, optionally registered.
 */
import { parseModuleExport } from '@kedro-mlflow/core-pipeline';
import { isColumnTable } from '@kedro-mlflow/datasets';
import { getMlflowConfig, mlflowConfigOf, resolveModelCode, setupMlflow, tabularInputExample } from '@kedro-mlflow/hooks';
import { KedroPipelineModel, logModel, modelPipelineName, modelSignature, PipelineML, type CopyModeOption, type ModelInputExample } from '@kedro-mlflow/pipeline-ml';
import { CliError } from '../errors.js';
import { setupLogging } from '../output/logging.js';
import { writeStdout, type Terminal } from '../output/terminal.js';
import { openProjectSession } from './project-session.js';
import { pipelineNotFound } from './registry.js';

export interface ModelifyOptions {
  pipeline: string;
  inputName: string;
  env: string | undefined;
  inferSignature: boolean;
  inferInputExample: boolean;
  /** kedro-mlflow's CLI default is `deepcopy` (the class default is `assign`). */
  copyMode: string;
  modelName: string | undefined;
  registeredModelName: string | undefined;
  /** `<module>[#<export>]`: the module the model's code is bundled from. */
  code: string | undefined;
  verbose: boolean;
  terminal: Terminal;
}

function copyModeOption(value: string): CopyModeOption {
  return (value === 'null' ? null : value) as CopyModeOption;
}

/** The first row of the input data, as a one-row example (the data must be a table). */
function firstRow(data: unknown, inputName: string): ModelInputExample {
  if (isColumnTable(data)) return (data as { slice(start: number, end: number): ModelInputExample }).slice(0, 1);
  const rows = tabularInputExample(data);
  if (Array.isArray(rows)) return rows.slice(0, 1);
  throw new CliError(`--infer-input-example takes the first row of '${inputName}', which must be a table (an arquero table or a list of row objects).`);
}

export async function modelifyCommand(options: ModelifyOptions): Promise<number> {
  const log = setupLogging(options);
  const { metadata, session } = await openProjectSession(options.env);
  try {
    const context = await session.loadContext();
    const registry = await context.pipelines();
    const registered = Object.hasOwn(registry, options.pipeline) ? registry[options.pipeline] : undefined;
    if (registered === undefined) throw pipelineNotFound(options.pipeline, Object.keys(registry));
    const pipeline = PipelineML.isInstance(registered) ? registered.inference : registered;
    const inputs = [...pipeline.inputs()].sort();
    if (!inputs.includes(options.inputName)) {
      throw new CliError(
        `'${options.inputName}' is not a valid 'input_name', it must be an input of 'pipeline', i.e. one of: ${inputs.map((i) => `\n - ${i}`).join('')}`,
      );
    }
    const parsed = options.code === undefined ? undefined : (parseModuleExport(options.code) ?? { module: options.code });
    const aliases = Object.keys(registry).filter((name) => registry[name] === registered);
    const code = await resolveModelCode(metadata, options.pipeline, pipeline, parsed === undefined ? undefined : { ...parsed, pipelineName: options.pipeline }, aliases);
    const catalog = await context.catalog();
    const kpm = new KedroPipelineModel({
      pipeline,
      catalog,
      inputName: options.inputName,
      copyMode: copyModeOption(options.copyMode),
      code,
      pipelineName: modelPipelineName(registry, options.pipeline),
    });
    const data = options.inferSignature || options.inferInputExample ? await catalog.load(options.inputName) : undefined;
    const inputExample = options.inferInputExample ? firstRow(data, options.inputName) : undefined;
    const signature = options.inferSignature ? modelSignature('auto', tabularInputExample(data), kpm.runner, await kpm.parameters()) : null;
    const config = mlflowConfigOf(context) ?? (await getMlflowConfig(context));
    const { client, experiment } = await setupMlflow(context, config);
    const name = options.modelName ?? `model-${options.pipeline}`;
    try {
      const logged = await logModel(kpm, {
        client,
        experimentId: experiment.experimentId,
        name,
        signature,
        ...(inputExample === undefined ? {} : { inputExample }),
        ...(options.registeredModelName === undefined ? {} : { registeredModelName: options.registeredModelName }),
      });
      log.info("Model '%s' successfully logged with model_id '%s'", name, logged.modelId);
      writeStdout(`${logged.modelUri}\n`);
    } finally {
      await client.close();
    }
    return 0;
  } finally {
    session.close();
  }
}
