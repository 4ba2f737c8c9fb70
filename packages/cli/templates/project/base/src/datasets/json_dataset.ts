import { readFile, writeFile } from 'node:fs/promises';
import { AbstractVersionedDataset, type VersionedDatasetOptions } from '@kedro-mlflow/core-pipeline';

export interface JSONDatasetOptions extends VersionedDatasetOptions {
  /** Spaces of indentation in saved files (default 2; 0 writes one line). */
  indent?: number;
}

/**
 * A JSON file. In catalog.yml: `type: ./src/datasets/json_dataset.ts#JSONDataset`, `filepath: ...`,
 * and optionally `versioned: true`.
 */
export class JSONDataset<T = unknown> extends AbstractVersionedDataset<T> {
  static override readonly OPTION_KEYS = ['filepath', 'version', 'indent'];
  private readonly indent: number;

  constructor(options: JSONDatasetOptions) {
    super(options);
    this.indent = options.indent ?? 2;
  }

  protected async _load(): Promise<T> {
    return JSON.parse(await readFile(await this.getLoadPath(), 'utf8')) as T;
  }

  protected async _save(data: T): Promise<void> {
    await writeFile(await this.getSavePath(), `${JSON.stringify(data, null, this.indent)}\n`);
  }

  protected _describe(): Record<string, unknown> {
    return { filepath: this.filepath, version: this.version };
  }
}
