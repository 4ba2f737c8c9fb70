/**
 * Kaggle's "IMDB Dataset of 50K Movie Reviews" layout: one CSV file with a header row and the columns
 * `review` (the text, `<br />` line breaks and all) and `sentiment` (`positive` / `negative`).
 *
 *   imdb_reviews:
 *     type: ./src/datasets/kaggle-csv-dataset.ts#KaggleCsvDataset
 *     filepath: data/01_raw/IMDB Dataset.csv
 *     # text_column: review          (defaults; set them for a CSV with other column names)
 *     # label_column: sentiment
 */
import type { DatasetContext } from '@kedro-mlflow/core-pipeline';
import { CSVDataset } from '@kedro-mlflow/datasets';
import { ImdbSourceError } from '../errors/imdb-source-error.js';
import { RawReviewsDataset, type RawReviews, type Sentiment } from './raw-reviews-dataset.js';

export interface KaggleCsvDatasetOptions {
  filepath: string;
  text_column?: string;
  label_column?: string;
  metadata?: Record<string, unknown>;
}

export class KaggleCsvDataset extends RawReviewsDataset {
  static override readonly OPTION_KEYS = ['filepath', 'text_column', 'label_column', 'metadata'] as const;
  private readonly textColumn: string;
  private readonly labelColumn: string;

  constructor(options: KaggleCsvDatasetOptions, context?: DatasetContext) {
    super(options, options?.filepath, 'filepath', context);
    this.textColumn = options.text_column ?? 'review';
    this.labelColumn = options.label_column ?? 'sentiment';
  }

  protected async read(path: string): Promise<RawReviews> {
    // The generic CSV reader does the parsing (quotes, commas and newlines inside reviews).
    const table = await new CSVDataset({ filepath: path }).load();
    const columns = table.columnNames();
    const missing = [this.textColumn, this.labelColumn].filter((name) => !columns.includes(name));
    if (missing.length > 0) {
      throw new ImdbSourceError({
        kind: 'missing-columns',
        filepath: path,
        field: missing.join(','),
        message:
          `Cannot load dataset ${this.label}: '${path}' has no column ${missing.map((c) => `'${c}'`).join(' or ')} ` +
          `(its header: ${columns.map((c) => `'${c}'`).join(', ') || 'none'}). Kaggle's file has 'review' and 'sentiment'; ` +
          "for other names set 'text_column' and 'label_column' in the catalog entry.",
      });
    }
    const rawTexts = table.array(this.textColumn) as ArrayLike<unknown>;
    const rawLabels = table.array(this.labelColumn) as ArrayLike<unknown>;
    const texts: string[] = new Array(table.numRows());
    const labels: Sentiment[] = new Array(table.numRows());
    for (let row = 0; row < texts.length; row++) {
      const text = rawTexts[row];
      const label = RawReviewsDataset.sentiment(rawLabels[row]);
      // Data rows are numbered from 1 as a spreadsheet would, the header being row 1.
      if (text === null || text === undefined || text === '') throw this.badRecord(path, this.textColumn, row, 'is empty');
      if (label === undefined) throw this.badRecord(path, this.labelColumn, row, `is ${JSON.stringify(rawLabels[row])}, not 'positive' or 'negative'`);
      texts[row] = String(text);
      labels[row] = label;
    }
    return { texts, labels };
  }

  private badRecord(path: string, column: string, row: number, what: string): ImdbSourceError {
    return new ImdbSourceError({
      kind: 'bad-record',
      filepath: path,
      field: `${column}[${row}]`,
      message: `Cannot load dataset ${this.label}: column '${column}' of data row ${row + 1} (line ${row + 2} if no review spans lines) of '${path}' ${what}.`,
    });
  }

  protected missingHint(): string {
    return "Download 'IMDB Dataset.csv' from Kaggle's 'IMDB Dataset of 50K Movie Reviews' into data/01_raw/, or fix 'filepath'.";
  }

  protected _describe(): Record<string, unknown> {
    return { filepath: this.location, text_column: this.textColumn, label_column: this.labelColumn };
  }
}
