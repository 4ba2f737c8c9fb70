export type ModelVersionStatus = 'PENDING_REGISTRATION' | 'FAILED_REGISTRATION' | 'READY';

/** Deprecated by MLflow in favour of aliases, still readable. */
export type ModelVersionStage = 'None' | 'Staging' | 'Production' | 'Archived';

export interface ModelVersion {
  name: string;
  /** A decimal number as a string, as on the wire. */
  version: string;
  creationTimestamp: number;
  lastUpdatedTimestamp: number;
  currentStage: ModelVersionStage;
  description?: string;
  source: string;
  runId?: string;
  runLink?: string;
  status: ModelVersionStatus;
  statusMessage?: string;
  userId?: string;
  tags: Record<string, string>;
  aliases: string[];
  /** MLflow 3: the logged model this version was made from. */
  modelId?: string;
}

export interface RegisteredModel {
  name: string;
  creationTimestamp: number;
  lastUpdatedTimestamp: number;
  description?: string;
  /** Latest version per stage. */
  latestVersions: ModelVersion[];
  tags: Record<string, string>;
  /** alias → version */
  aliases: Record<string, string>;
}
