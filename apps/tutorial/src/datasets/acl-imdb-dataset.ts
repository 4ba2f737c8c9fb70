/**
 * Stanford's own layout of the Large Movie Review Dataset, as unpacked from `aclImdb_v1.tar.gz`:
 * `aclImdb/{train,test}/{pos,neg}/<id>_<rating>.txt`, one review per file (`unsup/` holds unlabelled
 * reviews and is skipped). `path` may also point at one split (`aclImdb/train`, holding `pos/` and `neg/`).
 * The dataset's own train/test division is not kept: the ETL pipeline makes its seeded split.
 *
 *   imdb_reviews:
 *     type: ./src/datasets/acl-imdb-dataset.ts#AclImdbDataset
 *     path: data/01_raw/aclImdb
 */
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DatasetContext } from '@kedro-mlflow/core-pipeline';
import { ImdbSourceError } from '../errors/imdb-source-error.js';
import { RawReviewsDataset, type RawReviews, type Sentiment } from './raw-reviews-dataset.js';

export interface AclImdbDatasetOptions {
  path: string;
  metadata?: Record<string, unknown>;
}

const LABEL_FOLDERS: ReadonlyArray<readonly [string, Sentiment]> = [
  ['neg', 'negative'],
  ['pos', 'positive'],
];
const SPLITS = ['train', 'test'];
// Files read at once: enough to keep the disk busy, few enough to stay far from the open-files limit.
const CONCURRENT_READS = 64;

export class AclImdbDataset extends RawReviewsDataset {
  static override readonly OPTION_KEYS = ['path', 'metadata'] as const;

  constructor(options: AclImdbDatasetOptions, context?: DatasetContext) {
    super(options, options?.path, 'path', context);
  }

  protected async read(path: string): Promise<RawReviews> {
    const isSplit = LABEL_FOLDERS.some(([folder]) => existsSync(join(path, folder)));
    const roots = isSplit ? [path] : SPLITS.map((split) => join(path, split)).filter((dir) => existsSync(dir));
    const files: Array<{ file: string; label: Sentiment }> = [];
    for (const root of roots) {
      for (const [folder, label] of LABEL_FOLDERS) {
        const dir = join(root, folder);
        if (!existsSync(dir)) continue;
        const names = (await readdir(dir)).filter((name) => name.endsWith('.txt')).sort(byReviewId);
        for (const name of names) files.push({ file: join(dir, name), label });
      }
    }
    if (files.length === 0) {
      throw new ImdbSourceError({
        kind: 'empty-folder',
        filepath: path,
        field: isSplit ? 'pos,neg' : 'train,test',
        message:
          `Cannot load dataset ${this.label}: '${path}' holds no reviews. Expected aclImdb's layout, ` +
          "{train,test}/{pos,neg}/<id>_<rating>.txt (or pos/ and neg/ directly); unpack aclImdb_v1.tar.gz there, or fix 'path'.",
      });
    }
    const texts: string[] = new Array(files.length);
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < files.length) {
        const i = next++;
        texts[i] = await readFile(files[i]!.file, 'utf8');
      }
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENT_READS, files.length) }, worker));
    return { texts, labels: files.map((f) => f.label) };
  }

  protected missingHint(): string {
    return "Download aclImdb_v1.tar.gz from https://ai.stanford.edu/~amaas/data/sentiment/ and unpack it into data/01_raw/, or fix 'path'.";
  }

  protected _describe(): Record<string, unknown> {
    return { path: this.location };
  }
}

/** `12_8.txt` before `100_3.txt`: by the numeric id, so the order does not depend on the file system. */
function byReviewId(a: string, b: string): number {
  return Number.parseInt(a, 10) - Number.parseInt(b, 10) || a.localeCompare(b);
}
