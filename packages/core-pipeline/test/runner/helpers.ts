import { AbstractDataset } from '@kedro-mlflow/core-pipeline';

// The kedro test fixtures (identity, source, sink, fanIn, fanOutFanIn) are shared with the pipeline tests.
export { fanOutFanIn, identity, sink, source } from '../pipeline/fixtures.js';

/** Records loads, saves and releases in a shared log, and keeps its data in memory. */
export class LoggingDataset extends AbstractDataset {
  private value: unknown;
  constructor(private readonly log: string[], private readonly name: string, value?: unknown, private readonly persistent = true) {
    super({});
    this.value = value;
  }
  protected _load(): unknown {
    this.log.push(`load ${this.name}`);
    return this.value;
  }
  protected _save(data: unknown): void {
    this.log.push(`save ${this.name}`);
    this.value = data;
  }
  protected override _release(): void {
    this.log.push(`release ${this.name}`);
  }
  protected override _exists(): boolean {
    return this.value !== undefined;
  }
  protected _describe(): Record<string, unknown> {
    return { name: this.name, persistent: this.persistent };
  }
}

/** A dataset that persists (not ephemeral) and counts `confirm()` calls. */
export class ConfirmableDataset extends LoggingDataset {
  confirmed = 0;
  confirm(): void {
    this.confirmed += 1;
  }
}
