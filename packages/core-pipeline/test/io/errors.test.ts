import {
  DatasetAlreadyExistsError,
  DatasetError,
  DatasetNotFoundError,
  KedroError,
  VersionAlreadyExistsError,
  VersionNotFoundError,
} from '@kedro-mlflow/core-pipeline';

describe('dataset errors', () => {
  const subclasses = [DatasetNotFoundError, DatasetAlreadyExistsError, VersionNotFoundError, VersionAlreadyExistsError];

  it.each(subclasses.map((cls) => [cls.name, cls] as const))('%s is a DatasetError and a KedroError', (name, cls) => {
    const error = new cls('message', { cause: 'why' });
    expect(error.name).toBe(name);
    expect(error.message).toBe('message');
    expect(error.cause).toBe('why');
    expect(cls.isInstance(error)).toBe(true);
    expect(DatasetError.isInstance(error)).toBe(true);
    expect(KedroError.isInstance(error)).toBe(true);
    expect(error).toBeInstanceOf(DatasetError);
  });

  it('does not confuse siblings or the base class with a subclass', () => {
    expect(DatasetNotFoundError.isInstance(new DatasetError('x'))).toBe(false);
    expect(VersionNotFoundError.isInstance(new VersionAlreadyExistsError('x'))).toBe(false);
    expect(DatasetError.isInstance(new KedroError('x'))).toBe(false);
    expect(DatasetError.isInstance(new Error('x'))).toBe(false);
  });

  it('recognises an error from another copy of the package by its marker', () => {
    const foreign = Object.assign(new Error('x'), {
      [Symbol.for('@kedro-mlflow/core-pipeline.error.DatasetError')]: true,
      [Symbol.for('@kedro-mlflow/core-pipeline.error.DatasetNotFoundError')]: true,
    });
    expect(DatasetNotFoundError.isInstance(foreign)).toBe(true);
    expect(VersionNotFoundError.isInstance(foreign)).toBe(false);
  });
});
