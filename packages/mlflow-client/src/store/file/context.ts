/**
 * State shared by the parts of the file store: the layout, lazy initialisation of the root
 * (Default experiment `0` + `.trash`, like Python), and the lookups every part needs (experiment
 * folders, run folders, logged model folders) with a small cache of where runs live.
 */
import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { MlflowApiError } from '../../errors/mlflow-api-error.js';
import type { ViewType } from '../../entities/common.js';
import { validateExperimentId, validateRunId } from '../../validation.js';
import { createExclusive, isDirectory, listSubdirs, readMeta } from './fs-ops.js';
import { DEFAULT_EXPERIMENT_ID, Layout, RESERVED_EXPERIMENT_FOLDERS, TRASH, REGISTRY_FOLDER, appendToUri, validateModelId } from './layout.js';
import { dumpYaml, type YamlValue } from './yaml-meta.js';
import { withFileLock } from '../../file-lock.js';

export function notFound(message: string): MlflowApiError {
  return new MlflowApiError({ errorCode: 'RESOURCE_DOES_NOT_EXIST', message });
}

export function invalidParam(message: string): MlflowApiError {
  return new MlflowApiError({ errorCode: 'INVALID_PARAMETER_VALUE', message });
}

export function invalidState(message: string): MlflowApiError {
  return new MlflowApiError({ errorCode: 'INVALID_STATE', message });
}

export interface ExperimentLocation {
  dir: string;
  deleted: boolean;
}

export interface RunLocation {
  dir: string;
  experimentId: string;
  experimentDir: string;
}

export function str(value: YamlValue | undefined): string | undefined {
  if (value === null || value === undefined) return undefined;
  return typeof value === 'string' ? value : String(value);
}

export function num(value: YamlValue | undefined): number | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) ? n : undefined;
}

export class FileContext {
  readonly layout: Layout;
  private initialised: Promise<void> | undefined;
  private readonly runDirs = new Map<string, RunLocation>();

  constructor(root: string) {
    this.layout = new Layout(root);
  }

  /** Creates the root, the Default experiment and `.trash` on first use (idempotent, race-safe). */
  ready(): Promise<void> {
    this.initialised ??= this.initialise().catch((error: unknown) => {
      this.initialised = undefined;
      throw error;
    });
    return this.initialised;
  }

  private async initialise(): Promise<void> {
    const { root } = this.layout;
    await fsp.mkdir(root, { recursive: true });
    const entries = await fsp.readdir(root);
    const hasExperiments = entries.some((e) => e !== TRASH && e !== REGISTRY_FOLDER && !e.startsWith('.'));
    if (!hasExperiments) {
      const dir = this.layout.activeExperimentDir(DEFAULT_EXPERIMENT_ID);
      await fsp.mkdir(dir, { recursive: true });
      const now = Date.now();
      await createExclusive(
        join(dir, 'meta.yaml'),
        dumpYaml(experimentMeta({
          experimentId: DEFAULT_EXPERIMENT_ID,
          name: 'Default',
          artifactLocation: appendToUri(this.layout.rootUri, DEFAULT_EXPERIMENT_ID),
          lifecycleStage: 'active',
          creationTime: now,
          lastUpdateTime: now,
        })),
        dir,
      );
    }
    await fsp.mkdir(this.layout.trash, { recursive: true });
  }

  /** Active experiment ids (folder names at the root that are not `.trash` / `models`). */
  async activeExperimentIds(): Promise<string[]> {
    return (await listSubdirs(this.layout.root)).filter((d) => d !== TRASH && d !== REGISTRY_FOLDER && !d.startsWith('.'));
  }

  async deletedExperimentIds(): Promise<string[]> {
    return (await listSubdirs(this.layout.trash)).filter((d) => !d.startsWith('.'));
  }

  async experimentLocation(experimentId: string, view: ViewType = 'ALL'): Promise<ExperimentLocation | undefined> {
    validateExperimentId(experimentId);
    if (view !== 'DELETED_ONLY') {
      const dir = this.layout.activeExperimentDir(experimentId);
      if (await isDirectory(dir)) return { dir, deleted: false };
    }
    if (view !== 'ACTIVE_ONLY') {
      const dir = this.layout.trashedExperimentDir(experimentId);
      if (await isDirectory(dir)) return { dir, deleted: true };
    }
    return undefined;
  }

  /** Every experiment folder, active first then `.trash`. */
  async allExperimentDirs(): Promise<Array<{ id: string; dir: string }>> {
    const [active, deleted] = await Promise.all([this.activeExperimentIds(), this.deletedExperimentIds()]);
    return [
      ...active.map((id) => ({ id, dir: this.layout.activeExperimentDir(id) })),
      ...deleted.map((id) => ({ id, dir: this.layout.trashedExperimentDir(id) })),
    ];
  }

  /** A run folder is valid when it has `meta.yaml` and the `metrics`/`params`/`artifacts` folders. */
  async isRunDir(dir: string): Promise<boolean> {
    const checks = await Promise.all(['metrics', 'params', 'artifacts'].map((d) => isDirectory(join(dir, d))));
    return checks.every(Boolean);
  }

  /** Where a run lives; throws RESOURCE_DOES_NOT_EXIST "Run '…' not found". */
  async runLocation(runId: string, options: { fresh?: boolean } = {}): Promise<RunLocation> {
    validateRunId(runId);
    if (RESERVED_EXPERIMENT_FOLDERS.has(runId)) throw notFound(`Run '${runId}' not found`);
    const cached = this.runDirs.get(runId);
    if (cached !== undefined && !options.fresh) return cached;
    for (const { id, dir } of await this.allExperimentDirs()) {
      const runDir = join(dir, runId);
      if ((await isDirectory(runDir)) && (await this.isRunDir(runDir))) {
        const location = { dir: runDir, experimentId: id, experimentDir: dir };
        this.runDirs.set(runId, location);
        return location;
      }
    }
    this.runDirs.delete(runId);
    throw notFound(`Run '${runId}' not found`);
  }

  forgetRun(runId: string): void {
    this.runDirs.delete(runId);
  }

  forgetExperimentRuns(experimentId: string): void {
    for (const [runId, location] of this.runDirs) if (location.experimentId === experimentId) this.runDirs.delete(runId);
  }

  /** Where a logged model lives (any experiment, active or deleted). */
  async modelLocation(modelId: string): Promise<{ dir: string; experimentId: string; experimentDir: string } | undefined> {
    validateModelId(modelId);
    for (const { id, dir } of await this.allExperimentDirs()) {
      const modelDir = join(dir, 'models', modelId);
      if (await isDirectory(modelDir)) return { dir: modelDir, experimentId: id, experimentDir: dir };
    }
    return undefined;
  }

  /** Serialises read-modify-write of one entity's `meta.yaml` across processes. */
  withEntityLock<T>(entityDir: string, fn: () => Promise<T>): Promise<T> {
    return withFileLock(join(entityDir, '.mlflow-ts-meta.lock'), fn);
  }

  readMeta(dir: string): Promise<Record<string, YamlValue> | undefined> {
    return readMeta(dir);
  }
}

export interface ExperimentMetaInput {
  experimentId: string;
  name: string;
  artifactLocation: string;
  lifecycleStage: string;
  creationTime: number | undefined;
  lastUpdateTime: number | undefined;
}

/** The keys of an experiment's `meta.yaml` as MLflow 3.17 writes them. */
export function experimentMeta(e: ExperimentMetaInput): { [key: string]: YamlValue } {
  return {
    artifact_location: e.artifactLocation,
    creation_time: e.creationTime ?? null,
    effective_trace_archival_retention: null,
    experiment_id: e.experimentId,
    last_update_time: e.lastUpdateTime ?? null,
    lifecycle_stage: e.lifecycleStage,
    name: e.name,
    trace_location: null,
    workspace: 'default',
  };
}
