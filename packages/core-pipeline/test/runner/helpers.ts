import { AbstractDataset, node, Pipeline } from '@kedro-mlflow/core-pipeline';

export const identity = <T>(x: T): T => x;
export const fanIn = (...xs: unknown[]): unknown[] => xs;
export const source = (): string => 'stuff';
export const sink = (_x: unknown): void => undefined;

/** A → B → {C, D, E} → Z */
export function fanOutFanIn(): Pipeline {
  return new Pipeline([
    node(identity, 'A', 'B', { name: 'node1' }),
    node(identity, 'B', 'C', { name: 'node2' }),
    node(identity, 'B', 'D', { name: 'node3' }),
    node(identity, 'B', 'E', { name: 'node4' }),
    node(fanIn, ['C', 'D', 'E'], 'Z', { name: 'node5' }),
  ]);
}

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
