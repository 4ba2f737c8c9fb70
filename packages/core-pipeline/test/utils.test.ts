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
