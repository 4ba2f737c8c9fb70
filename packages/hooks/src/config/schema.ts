/**
 * `mlflow.yml`: every key kedro-mlflow 2.0 accepts, with its defaults, plus `long_params_max_length`.
 * Unknown keys are refused at every level. An empty section (`server:` with every key commented
 * out) means its defaults.
 */
import { MAX_PARAM_VALUE_LENGTH } from '@kedro-mlflow/mlflow-client';
import { z } from 'zod';

/** A section: a strict object whose missing or null value means "all defaults". */
function section<T extends z.ZodRawShape>(shape: T) {
  return z.preprocess((value) => (value === null ? undefined : value), z.strictObject(shape).prefault({} as z.input<z.ZodObject<T, z.core.$strict>>));
}

const optionalString = z.string().min(1).nullable().default(null);

const port = z
  .union([z.number(), z.string().regex(/^\d+$/, 'expected a port number').transform(Number)])
  .pipe(z.number().int().min(1).max(65535))
  .default(5000);

export const LONG_PARAMS_STRATEGIES = ['fail', 'truncate', 'tag'] as const;

export const mlflowConfigSchema = z.strictObject({
  server: section({
    /** null: `MLFLOW_TRACKING_URI`, else `mlruns` (both relative to the project). */
    mlflow_tracking_uri: optionalString,
    mlflow_registry_uri: optionalString,
    /** A key of credentials.yml whose entries are exported as environment variables. */
    credentials: optionalString,
    request_header_provider: section({
      /** `<module>#<Export>`: a path relative to the project or a package, e.g. `./src/auth.ts#TokenProvider`. */
      type: optionalString,
      pass_context: z.boolean().default(false),
      init_kwargs: z.record(z.string(), z.unknown()).nullable().default({}).transform((v) => v ?? {}),
    }),
  }),
  tracking: section({
    disable_tracking: section({
      pipelines: z.array(z.string().min(1)).nullable().default([]).transform((v) => v ?? []),
      /** Accepted for compatibility: nothing turns autologging on in TypeScript. */
      disable_autologging: z.boolean().default(true),
    }),
    experiment: section({
      /** null or missing: the project's package name. */
      name: z.string().min(1).nullable().default(null),
      create_experiment_kwargs: section({
        artifact_location: optionalString,
        tags: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]).transform(String)).nullable().default(null),
      }),
      restore_if_deleted: z.boolean().default(true),
    }),
    run: section({
      id: z.string({ error: (issue) => (typeof issue.input === 'number' ? 'a run id must be a string: quote it' : undefined) }).min(1).nullable().default(null),
      name: optionalString,
      nested: z.boolean().default(true),
    }),
    params: section({
      dict_params: section({
        flatten: z.boolean().default(false),
        recursive: z.boolean().default(true),
        sep: z.string().min(1).default('.'),
      }),
      long_params_strategy: z.enum(LONG_PARAMS_STRATEGIES).default('fail'),
      /** MLflow's limit; lower it for an older server. The client cannot send more than MLflow's. */
      long_params_max_length: z.number().int().min(1).max(MAX_PARAM_VALUE_LENGTH).default(MAX_PARAM_VALUE_LENGTH),
    }),
    /** Not in kedro-mlflow: `run_summary.json` and `pipeline_dag.svg` logged with every run. */
    run_summary: section({
      enabled: z.boolean().default(true),
      /** Draw the datasets between the nodes in the picture (false: nodes only, for very big pipelines). */
      dag_datasets: z.boolean().default(true),
    }),
  }),
  ui: section({
    port,
    host: z.string().min(1).default('127.0.0.1'),
  }),
});

/** What `mlflow.yml` may contain. */
export type MlflowConfigInput = z.input<typeof mlflowConfigSchema>;
/** The validated configuration, every default filled in. */
export type MlflowConfig = z.output<typeof mlflowConfigSchema>;
export type LongParamsStrategy = (typeof LONG_PARAMS_STRATEGIES)[number];
