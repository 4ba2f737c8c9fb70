/**
 * Copies the model's artifacts into `<dir>/artifacts/`: for each, the file or folder its dataset
 * reads **now** — the resolved versioned path for a versioned dataset (kedro-mlflow took the
 * unversioned base path, §9.2 item 12) — plus what the bundled code needs to read it back (its type
 * and options, credentials left out). Parameters go to one JSON file.
 */
import { cp, mkdir, stat, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { getLogger } from '@kedro-mlflow/core-pipeline';
import { datasetTypes, isLocalPathDataset } from '@kedro-mlflow/datasets';
import { KedroPipelineModelError } from './errors/kedro-pipeline-model-error.js';
import type { KedroPipelineModel } from './kedro-pipeline-model.js';
import { PARAMETERS_FILE, type ArtifactEntry } from './runtime/flavor-config.js';

const log = getLogger('kedro_mlflow.mlflow.kedro_pipeline_model');

/** Options that never go into the model: where the data was, and secrets. */
const DROPPED = new Set(['type', 'filepath', 'path', 'versioned', 'version', 'credentials', 'fs_args', 'metadata']);

export interface SavedArtifacts {
  artifacts: Record<string, ArtifactEntry>;
  parameters: string | null;
  /** The dataset type names the bundle must hold (exports of @kedro-mlflow/datasets). */
  types: string[];
}

/** A folder name for a dataset name (namespaces have dots, factories may have odd characters). */
const folderName = (name: string): string => name.replace(/[^A-Za-z0-9._-]/g, '_');

function artifactType(name: string, dataset: object): string {
  const type = (dataset.constructor as { name?: string }).name ?? '';
  if (datasetTypes[type] !== dataset.constructor && datasetTypes[type]?.name !== type) {
    throw new KedroPipelineModelError(
      `Artifact '${name}' is a ${type || 'dataset'}: the model can carry the dataset types of @kedro-mlflow/datasets only (CSVDataset, JSONDataset, ObjectDataset, ParquetDataset, MlflowModelLocalFileSystemDataset, …). Save '${name}' with one of them.`,
      { kind: 'artifact-type', dataset: name },
    );
  }
  return type;
}

export async function saveArtifacts(kpm: KedroPipelineModel, dir: string): Promise<SavedArtifacts> {
  const artifacts: Record<string, ArtifactEntry> = {};
  const types = new Set<string>();
  for (const name of kpm.artifactNames()) {
    const dataset = kpm.initialCatalog.get(name)!;
    if (!isLocalPathDataset(dataset)) {
      throw new KedroPipelineModelError(
        `Artifact '${name}' (${dataset.constructor.name}) is not stored in a local file or folder, so it cannot be copied into the model. Save it with a file dataset (JSONDataset, ObjectDataset, CSVDataset, …).`,
        { kind: 'not-local', dataset: name },
      );
    }
    const type = artifactType(name, dataset);
    const config = dataset.initConfig() ?? {};
    const pathOption = 'filepath' in config ? 'filepath' : 'path' in config ? 'path' : undefined;
    if (pathOption === undefined) throw new KedroPipelineModelError(`Artifact '${name}' (${type}) has neither 'filepath' nor 'path' in its options.`, { kind: 'not-local', dataset: name });
    const source = await dataset.getLocalPath('load');
    if ((await stat(source).catch(() => undefined)) === undefined) {
      throw new KedroPipelineModelError(`Artifact '${name}' has no data at '${source}': run the training pipeline that saves it before saving the model.`, { kind: 'not-local', dataset: name });
    }
    const relative = `artifacts/${folderName(name)}/${basename(source)}`;
    await mkdir(join(dir, 'artifacts', folderName(name)), { recursive: true });
    await cp(source, join(dir, relative), { recursive: true });
    artifacts[name] = { path: relative, type, path_option: pathOption, config: Object.fromEntries(Object.entries(config).filter(([k]) => !DROPPED.has(k))) };
    types.add(type);
  }
  const parameters = await kpm.parameters();
  let parametersFile: string | null = null;
  if (Object.keys(parameters).length > 0) {
    parametersFile = PARAMETERS_FILE;
    await mkdir(join(dir, 'artifacts'), { recursive: true });
    await writeFile(join(dir, PARAMETERS_FILE), `${JSON.stringify(parameters, null, 2)}\n`, 'utf8');
    for (const name of Object.keys(parameters)) log.info("The parameter '%s' is persisted (as JSON) at '%s'.", name, join(dir, PARAMETERS_FILE));
  }
  return { artifacts, parameters: parametersFile, types: [...types].sort() };
}
