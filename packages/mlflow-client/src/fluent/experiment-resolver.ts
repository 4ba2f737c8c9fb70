/**
 * Which experiment a new run goes to, as in Python's fluent API: the `experimentId` /
 * `experimentName` given to `startRun`, else the tracking object's (its option, or
 * `setExperiment`), else `MLFLOW_EXPERIMENT_NAME` / `MLFLOW_EXPERIMENT_ID`, else the Default
 * experiment `0`. Names are got-or-created, safely when several processes create the same name at
 * once (one wins, the others read it back after RESOURCE_ALREADY_EXISTS).
 */
import type { Experiment } from '../entities/tracking.js';
import { MlflowApiError } from '../errors/mlflow-api-error.js';
import { MlflowError } from '../errors/mlflow-error.js';
import type { MlflowClient } from '../client/mlflow-client.js';
import { validateExperimentId, validateExperimentName } from '../validation.js';

type Env = Record<string, string | undefined>;

export const DEFAULT_EXPERIMENT_ID = '0';

export interface ExperimentChoice {
  experimentId?: string;
  experimentName?: string;
}

function nonEmpty(value: string | undefined): string | undefined {
  const v = value?.trim();
  return v === undefined || v === '' ? undefined : v;
}

function deleted(experiment: Experiment): MlflowError {
  return new MlflowError(
    `Experiment '${experiment.name}' (id ${experiment.experimentId}) is deleted: restore it (MlflowClient.restoreExperiment('${experiment.experimentId}')) or use another name.`,
  );
}

export class ExperimentResolver {
  private fallback: ExperimentChoice;
  private readonly ids = new Map<string, Promise<string>>();

  constructor(
    private readonly client: MlflowClient,
    choice: ExperimentChoice,
    private readonly env: Env,
  ) {
    this.fallback = { ...choice };
  }

  /** Makes `choice` the default of later runs. */
  setDefault(choice: ExperimentChoice): void {
    this.fallback = { ...choice };
  }

  /** The experiment id for a new run. */
  async resolve(choice: ExperimentChoice = {}): Promise<string> {
    if (choice.experimentId !== undefined || choice.experimentName !== undefined) return this.pick(choice);
    if (this.fallback.experimentId !== undefined || this.fallback.experimentName !== undefined) return this.pick(this.fallback);
    const name = nonEmpty(this.env.MLFLOW_EXPERIMENT_NAME);
    const id = nonEmpty(this.env.MLFLOW_EXPERIMENT_ID);
    if (name !== undefined) {
      const resolved = await this.idOf(name);
      if (id !== undefined && id !== resolved) {
        throw new MlflowError(`MLFLOW_EXPERIMENT_NAME='${name}' is experiment ${resolved}, but MLFLOW_EXPERIMENT_ID=${id}: set only one of them, or make them agree.`);
      }
      return resolved;
    }
    if (id !== undefined) {
      validateExperimentId(id);
      const experiment = await this.client.getExperiment(id).catch((error: unknown) => {
        if (MlflowApiError.isNotFound(error)) throw new MlflowError(`MLFLOW_EXPERIMENT_ID=${id} names no experiment on ${this.client.trackingUri}.`, { cause: error });
        throw error;
      });
      if (experiment.lifecycleStage === 'deleted') throw deleted(experiment);
      return experiment.experimentId;
    }
    return DEFAULT_EXPERIMENT_ID;
  }

  /** The experiment called `name`, created when missing. */
  async getOrCreate(name: string): Promise<Experiment> {
    const id = await this.idOf(name);
    return this.client.getExperiment(id);
  }

  private async pick(choice: ExperimentChoice): Promise<string> {
    if (choice.experimentId !== undefined) {
      validateExperimentId(choice.experimentId);
      return choice.experimentId;
    }
    return this.idOf(choice.experimentName!);
  }

  private idOf(name: string): Promise<string> {
    validateExperimentName(name);
    let id = this.ids.get(name);
    if (id === undefined) {
      id = this.lookUpOrCreate(name);
      this.ids.set(name, id);
      // A failure is not remembered: the next run tries again.
      id.catch(() => this.ids.delete(name));
    }
    return id;
  }

  private async lookUpOrCreate(name: string): Promise<string> {
    const existing = await this.client.getExperimentByName(name);
    if (existing !== undefined) {
      if (existing.lifecycleStage === 'deleted') throw deleted(existing);
      return existing.experimentId;
    }
    try {
      return await this.client.createExperiment(name);
    } catch (error) {
      // Someone else created it between our lookup and our create.
      if (!MlflowApiError.isInstance(error) || error.errorCode !== 'RESOURCE_ALREADY_EXISTS') throw error;
      const winner = await this.client.getExperimentByName(name);
      if (winner === undefined) throw error;
      if (winner.lifecycleStage === 'deleted') throw deleted(winner);
      return winner.experimentId;
    }
  }
}
