import { join } from 'node:path';
import { absolutiseCatalogPaths } from '@kedro-mlflow/core-pipeline';

describe('absolutiseCatalogPaths', () => {
  const project = join('/', 'home', 'me', 'project');

  it('makes relative filepath / filename / path values absolute at any depth, in a copy', () => {
    const config = {
      cars: { type: 'CSVDataset', filepath: 'data/01_raw/cars.csv', load_args: { sep: ',' } },
      wrapped: { type: 'CachedDataset', dataset: { type: 'TextDataset', filename: './data/x.txt', options: { path: '../shared/y' } } },
      '{name}_csv': { type: 'CSVDataset', filepath: 'data/{name}.csv' },
    };
    const result = absolutiseCatalogPaths(config, project);
    expect(result).toEqual({
      cars: { type: 'CSVDataset', filepath: join(project, 'data/01_raw/cars.csv'), load_args: { sep: ',' } },
      wrapped: { type: 'CachedDataset', dataset: { type: 'TextDataset', filename: join(project, 'data/x.txt'), options: { path: join('/', 'home', 'me', 'shared', 'y') } } },
      '{name}_csv': { type: 'CSVDataset', filepath: join(project, 'data/{name}.csv') },
    });
    expect(config.cars.filepath).toBe('data/01_raw/cars.csv');
  });

  it('leaves URLs, absolute paths, Windows drives (as POSIX), other keys and non-strings alone', () => {
    const result = absolutiseCatalogPaths(
      {
        s3: { filepath: 's3://bucket/cars.csv' },
        local: { filepath: 'file:///data/cars.csv' },
        absolute: { filepath: '/data/cars.csv' },
        windows: { filepath: 'C:\\data\\cars.csv' },
        other: { folder: 'data/x', path: 3, filepath: '' },
        list: { paths: ['data/a'] },
      },
      project,
    );
    expect(result).toEqual({
      s3: { filepath: 's3://bucket/cars.csv' },
      local: { filepath: 'file:///data/cars.csv' },
      absolute: { filepath: '/data/cars.csv' },
      windows: { filepath: 'C:/data/cars.csv' },
      other: { folder: 'data/x', path: 3, filepath: '' },
      list: { paths: ['data/a'] },
    });
  });
});
