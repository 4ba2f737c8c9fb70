import { DatasetError } from '@kedro-mlflow/core-pipeline';
import { runInNewContext } from 'node:vm';
import { assertCrossesThreads } from '../../src/runner/thread-data.js';

class Model {
  weights = [1];
}

const check = (value: unknown) => () => assertCrossesThreads(value, 'D', 'n', 'output of');

describe('assertCrossesThreads (data sent to and from worker threads)', () => {
  it.each([
    ['a number', 3],
    ['null', null],
    ['a plain object', { a: 1, b: [2] }],
    ['an array of plain objects', [{ a: 1 }, { a: 2 }]],
    ['a Map, Set and Date', [new Map(), new Set(), new Date()]],
    ['a typed array', new Float64Array(3)],
    ['a built-in error', new RangeError('x')],
    ['a plain object from another realm', runInNewContext('({ a: 1, nested: [1] })')],
    ['an object without prototype', Object.create(null) as object],
  ])('lets %s through', (_what, value) => {
    expect(check(value)).not.toThrow();
  });

  it.each([
    ['a class instance', new Model(), 'an instance of Model'],
    ['a function', () => 1, 'a function'],
    ['a symbol', Symbol('s'), 'a symbol'],
    ['a class instance after the first array item', [1, 2, new Model()], 'an instance of Model'],
    ['a class instance in a plain object', { model: new Model() }, 'an instance of Model'],
    ['a class instance from another realm', runInNewContext('new (class Remote {})()'), 'an instance of Remote'],
  ])('refuses %s with a DatasetError naming the dataset and node', (_what, value, found) => {
    let error: unknown;
    try {
      check(value)();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DatasetError);
    expect((error as Error).message).toContain(`Dataset 'D' (output of node n) holds ${found}`);
    expect((error as Error).message).toContain('Run this pipeline with SequentialRunner or ConcurrentRunner');
  });
});
