/**
 * The mlflow.yml model on its own (kedro-mlflow's `KedroMlflowConfig()`): the whole default tree
 * written out, a parse of a parsed config giving the same config, and the keys kept only for
 * compatibility.
 */
import { mlflowConfigSchema } from '@kedro-mlflow/hooks';

describe('mlflowConfigSchema', () => {
  it('gives this whole default tree for an empty file', () => {
    expect(mlflowConfigSchema.parse({})).toEqual({
      server: {
        mlflow_tracking_uri: null,
        mlflow_registry_uri: null,
        credentials: null,
        request_header_provider: { type: null, pass_context: false, init_kwargs: {} },
      },
      tracking: {
        disable_tracking: { pipelines: [], disable_autologging: true },
        experiment: { name: null, create_experiment_kwargs: { artifact_location: null, tags: null }, restore_if_deleted: true },
        run: { id: null, name: null, nested: true },
        params: { dict_params: { flatten: false, recursive: true, sep: '.' }, long_params_strategy: 'fail', long_params_max_length: 6000 },
        run_summary: { enabled: true, dag_datasets: true },
      },
      ui: { port: 5000, host: '127.0.0.1' },
    });
    // null sections mean their defaults too (a section whose keys are all commented out)
    expect(mlflowConfigSchema.parse({ server: null, tracking: { run: null, run_summary: null } })).toEqual(mlflowConfigSchema.parse({}));
  });

  it('parses its own output to the same config (dict → config → dict)', () => {
    const config = mlflowConfigSchema.parse({
      server: { mlflow_tracking_uri: 'http://127.0.0.1:5000', request_header_provider: { type: './src/a.ts#A', init_kwargs: { a: 'a', n: 1 } } },
      tracking: {
        disable_tracking: { pipelines: ['p'] },
        experiment: { name: 'e', create_experiment_kwargs: { tags: { team: 'ml', n: 2 } } },
        run: { id: 'abc', nested: false },
        params: { dict_params: { flatten: true, sep: '-' }, long_params_strategy: 'tag' },
        run_summary: { dag_datasets: false },
      },
      ui: { port: '5151' },
    });
    expect(mlflowConfigSchema.parse(config)).toEqual(config);
    expect(config.tracking.experiment.create_experiment_kwargs.tags).toEqual({ team: 'ml', n: '2' });
    expect(config.ui.port).toBe(5151);
  });

  it('accepts disable_autologging true or false (nothing turns autologging on in TypeScript), and only booleans', () => {
    for (const value of [true, false]) {
      expect(mlflowConfigSchema.parse({ tracking: { disable_tracking: { disable_autologging: value } } }).tracking.disable_tracking.disable_autologging).toBe(value);
    }
    expect(mlflowConfigSchema.safeParse({ tracking: { disable_tracking: { disable_autologging: 'true' } } }).success).toBe(false);
    expect(mlflowConfigSchema.safeParse({ tracking: { run_summary: { enabled: 1 } } }).success).toBe(false);
  });
});
