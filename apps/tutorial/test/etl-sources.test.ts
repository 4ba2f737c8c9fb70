/**
 * etl_app through `kedro-mlflow run` with the catalog pointed at the other layouts of the dataset, as
 * a user does: a conf/local/catalog.yml entry `imdb_reviews` overriding conf/base's. Small files
 * written here stand for Kaggle's `IMDB Dataset.csv` and Stanford's `aclImdb/`.
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ParquetDataset } from '@kedro-mlflow/datasets';
import { copyTutorialProject } from './helpers/project-copy.js';
import { expectSuccess, runCli } from './helpers/run-process.js';

jest.setTimeout(120_000);

const reviews = Array.from({ length: 20 }, (_, i) => ({ text: `Review number ${i}, ${i % 2 === 0 ? 'a delight' : 'a bore'}.`, label: i % 2 === 0 ? 'positive' : 'negative' }));
const projects: string[] = [];
afterAll(() => projects.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function projectWithSource(label: string, entry: string, writeSource: (project: string) => void): string {
  const { work, project } = copyTutorialProject(label);
  projects.push(work);
  writeFileSync(join(project, 'conf', 'local', 'catalog.yml'), entry);
  writeSource(project);
  return project;
}

async function etlOutputs(project: string): Promise<{ train: string[]; test: string[]; labels: string[] }> {
  const load = (name: string) => new ParquetDataset({ filepath: join(project, 'data', '05_model_input', `${name}.parquet`) }).load();
  const [instances, testInstances, labels, testLabels] = await Promise.all(['instances', 'test_instances', 'labels', 'test_labels'].map(load));
  return {
    train: instances!.array('text') as string[],
    test: testInstances!.array('text') as string[],
    labels: [...(labels!.array('label') as string[]), ...(testLabels!.array('label') as string[])],
  };
}

const kaggleEntry = 'imdb_reviews:\n  type: ./src/datasets/kaggle-csv-dataset.ts#KaggleCsvDataset\n  filepath: data/01_raw/IMDB Dataset.csv\n';
const writeKaggle = (header: string) => (project: string) =>
  writeFileSync(join(project, 'data', '01_raw', 'IMDB Dataset.csv'), `${header}\n${reviews.map((r) => `"${r.text}",${r.label}`).join('\n')}\n`);

describe('etl_app on other layouts of the IMDB dataset', () => {
  const kaggle = projectWithSource('etl-kaggle', kaggleEntry, writeKaggle('review,sentiment'));
  const acl = projectWithSource('etl-acl', 'imdb_reviews:\n  type: ./src/datasets/acl-imdb-dataset.ts#AclImdbDataset\n  path: data/01_raw/aclImdb\n', (project) => {
    reviews.forEach((r, i) => {
      const dir = join(project, 'data', '01_raw', 'aclImdb', i < 10 ? 'train' : 'test', r.label === 'positive' ? 'pos' : 'neg');
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, `${i}_${r.label === 'positive' ? 9 : 2}.txt`), r.text);
    });
  });
  const badCsv = projectWithSource('etl-bad-csv', kaggleEntry, writeKaggle('text,label'));
  let runs: Awaited<ReturnType<typeof runCli>>[];

  beforeAll(async () => {
    runs = await Promise.all([kaggle, acl, badCsv].map((project) => runCli(['run', '--pipelines', 'etl_app'], project, { KEDRO_LOG_LEVEL: 'warn' })));
  });

  it.each([
    ["Kaggle's IMDB Dataset.csv", 0],
    ["Stanford's aclImdb/ folders", 1],
  ])('%s: a seeded 10 / 10 split of the 20 reviews, each text with its label', async (_label, index) => {
    expectSuccess('kedro-mlflow run --pipelines etl_app', runs[index]!);
    const { train, test, labels } = await etlOutputs([kaggle, acl][index]!);
    expect([train.length, test.length]).toEqual([10, 10]);
    expect([...train, ...test].sort()).toEqual(reviews.map((r) => r.text).sort());
    const labelOf = new Map(reviews.map((r) => [r.text, r.label]));
    expect(labels).toEqual([...train, ...test].map((t) => labelOf.get(t)));
  });

  it('a CSV without review/sentiment stops the run before anything is written, naming the file and the columns', () => {
    const res = runs[2]!;
    expect(res.code).toBe(1);
    expect(res.stderr).toContain(`'${join(badCsv, 'data', '01_raw', 'IMDB Dataset.csv')}' has no column 'review' or 'sentiment' (its header: 'text', 'label')`);
    expect(res.stderr).not.toMatch(/^\s+at /m);
    expect(existsSync(join(badCsv, 'data', '05_model_input', 'instances.parquet'))).toBe(false);
  });
});
