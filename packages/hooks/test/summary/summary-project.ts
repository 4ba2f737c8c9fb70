/**
 * A test project whose `features` is a versioned file dataset (so the summary has versions to
 * report), and a helper reading a run's artifacts back through the client.
 */
import { readFile } from 'node:fs/promises';
import { MlflowClient } from '@kedro-mlflow/mlflow-client';
import type { RunSummary } from '@kedro-mlflow/hooks';
import { BASE_FILES, makeProject } from '../project.js';

const VERSIONED_JSON_MJS = `import { readFile, writeFile } from 'node:fs/promises';
import { AbstractVersionedDataset } from '@kedro-mlflow/core-pipeline';
export class VersionedJsonDataset extends AbstractVersionedDataset {
  static OPTION_KEYS = ['filepath', 'version', 'metadata'];
  async _load() { return JSON.parse(await readFile(await this.getLoadPath(), 'utf8')); }
  async _save(data) { await writeFile(await this.getSavePath(), JSON.stringify(data)); }
  _describe() { return { filepath: this.filepath, version: this.version }; }
}
`;

/** breaking: a node that turns its run's artifact folder into a file, so every artifact upload fails. */
const BREAKING_PIPELINE_MJS = `import { rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { node, pipeline } from '@kedro-mlflow/core-pipeline';
import { currentMlflowRun } from '@kedro-mlflow/hooks';
export const breakArtifacts = async (greeting) => {
  const run = currentMlflowRun();
  const info = await run.tracking.client.getRun(run.runId);
  const dir = fileURLToPath(info.info.artifactUri);
  rmSync(dir, { recursive: true, force: true });
  writeFileSync(dir, 'not a folder');
  if (globalThis.__breakAndFail) throw new TypeError('the pipeline failed after breaking the artifacts');
  return greeting;
};
export function createPipeline() {
  return pipeline([node(breakArtifacts, 'greeting', 'broken', { name: 'break_artifacts' })]);
}
`;

export function summaryProject(files: Record<string, string> = {}): string {
  return makeProject({
    'src/versioned_json.mjs': VERSIONED_JSON_MJS,
    'src/pipelines/breaking/pipeline.mjs': BREAKING_PIPELINE_MJS,
    'src/pipeline_registry.mjs': `import { findPipelines, Pipeline } from '@kedro-mlflow/core-pipeline';
export async function registerPipelines() {
  const pipelines = await findPipelines(import.meta.url);
  pipelines.__default__ = pipelines.train;
  return pipelines;
}
`,
    'conf/base/catalog.yml': `${BASE_FILES['conf/base/catalog.yml']}features:
  type: ./src/versioned_json.mjs#VersionedJsonDataset
  filepath: data/features.json
  versioned: true
`,
    ...files,
  });
}

/** The artifact `path` of run `runId` as text, or undefined when the run has no such artifact. */
export async function artifactText(trackingUri: string, runId: string, path: string): Promise<string | undefined> {
  const client = new MlflowClient({ trackingUri, env: {} });
  try {
    const names = (await client.listArtifacts(runId)).map((f) => f.path);
    if (!names.includes(path)) return undefined;
    return await readFile(await client.downloadArtifacts(runId, path), 'utf8');
  } finally {
    await client.close();
  }
}

export async function runSummaryOf(trackingUri: string, runId: string): Promise<RunSummary> {
  const text = await artifactText(trackingUri, runId, 'run_summary.json');
  if (text === undefined) throw new Error(`run ${runId} has no run_summary.json`);
  return JSON.parse(text) as RunSummary;
}
