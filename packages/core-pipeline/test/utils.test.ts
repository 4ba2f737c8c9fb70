import yaml from 'js-yaml';
import { runInNewContext } from 'node:vm';
import { isPlainObject } from '@kedro-mlflow/core-pipeline';
import { closeMatches } from '../src/utils/close-matches.js';
import { pyList, pySet } from '../src/utils/py-repr.js';

describe('python-style reprs', () => {
  it('prints lists in order and sets sorted and de-duplicated', () => {
    expect(pyList(['D', 'E'])).toBe("['D', 'E']");
    expect(pySet(['b', 'a', 'b'])).toBe("{'a', 'b'}");
    expect(pyList([])).toBe('[]');
  });
});

describe('closeMatches', () => {
  it('suggests near names and never unrelated ones', () => {
    expect(closeMatches('params:model_options_1', ['X_train', 'params:model_options', 'y'])).toEqual(['params:model_options']);
    expect(closeMatches('zzz', ['alpha', 'beta'])).toEqual([]);
  });

  it('orders by similarity and caps the count', () => {
    expect(closeMatches('node1', ['node12', 'node1_', 'node', 'nodeX1', 'nod'], 2)).toHaveLength(2);
    expect(closeMatches('data_science', ['data_engineering', 'data_science2'])[0]).toBe('data_science2');
  });
});

describe('isPlainObject', () => {
  it('is true for literals, parsed YAML and JSON maps, null-prototype objects and plain objects of another realm', () => {
    for (const value of [{}, { a: 1 }, yaml.load('a: {b: 1}'), JSON.parse('{"a": 1}'), Object.create(null), structuredClone({ a: 1 }), runInNewContext('({ a: 1 })')]) {
      expect(isPlainObject(value)).toBe(true);
    }
    expect(isPlainObject((yaml.load('a: {b: 1}') as { a: unknown }).a)).toBe(true);
  });

  it('is false for arrays, built-ins, class instances (of any realm), an object whose prototype is not an Object prototype, and primitives', () => {
    class Model {}
    const values = [[], new Map(), new Date(), new Model(), new Error('x'), runInNewContext('[]'), runInNewContext('new (class A {})()'), Object.create(Object.create(null)), null, undefined, 'a', 1, () => 1];
    for (const value of values) expect(isPlainObject(value)).toBe(false);
  });
});
