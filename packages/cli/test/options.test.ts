import { camelCaseKeys, parseLoadVersions, parseParams, parseYamlValue, resolvePlainScalar, splitNodeNames, splitString } from '@kedro-mlflow/cli';

describe('parseParams (kedro --params)', () => {
  it('types values as YAML the way kedro (OmegaConf + PyYAML) does', () => {
    expect(
      parseParams('float=123.45,dot=678.,exp=1e-2,int=0,bool=true,empty=,word=1a,spaced=fizz buzz,url=https://example.com, lead= x'),
    ).toEqual({
      float: 123.45,
      dot: 678,
      exp: 0.01,
      int: 0,
      bool: true,
      empty: null,
      word: '1a',
      spaced: 'fizz buzz',
      url: 'https://example.com',
      lead: 'x',
    });
  });

  it('splits each item at the first = only', () => {
    expect(parseParams('baz=fizz=buzz')).toEqual({ baz: 'fizz=buzz' });
  });

  it('builds nested objects from dotted keys and merges siblings', () => {
    expect(parseParams('foo.nested_1.double_nest=1,foo.nested_1.other=x,foo.top=2')).toEqual({
      foo: { nested_1: { double_nest: 1, other: 'x' }, top: 2 },
    });
  });

  it('lets later duplicates win, strips keys and drops empty items', () => {
    expect(parseParams(' a =1,, ,a=2 ,')).toEqual({ a: 2 });
  });

  it('keeps quoted values as strings', () => {
    expect(parseParams(`a="1",b='true'`)).toEqual({ a: '1', b: 'true' });
  });

  it("rejects an item without '=' with kedro's message", () => {
    expect(() => parseParams('a=1,bad')).toThrow('Invalid format of `params` option: Item `bad` must contain a key and a value separated by `=`.');
  });

  it("rejects an empty key with kedro's message, naming the option", () => {
    expect(() => parseParams(' =1')).toThrow('Invalid format of `params` option: Parameter key cannot be an empty string.');
    expect(() => parseParams('=1', 'runner_params')).toThrow('Invalid format of `runner_params` option: Parameter key cannot be an empty string.');
  });

  it('explains a value that is not valid YAML', () => {
    expect(() => parseParams('a=[1')).toThrow(/the value of `a` \(`\[1`\) is not valid YAML/);
  });

  it('returns an empty object for no value', () => {
    expect(parseParams(undefined)).toEqual({});
    expect(parseParams('')).toEqual({});
  });
});

describe('YAML 1.1 scalars (PyYAML rules)', () => {
  it.each([
    ['yes', true],
    ['Off', false],
    ['NULL', null],
    ['~', null],
    ['010', 8],
    ['0x1F', 31],
    ['0b101', 5],
    ['1_000', 1000],
    ['1:30', 90],
    ['-2.5e+3', -2500],
    ['.5', 0.5],
    ['.inf', Infinity],
    ['-.Inf', -Infinity],
    ['1e5', 100000],
    ['2024-01-15', '2024-01-15'],
    ['y', 'y'],
    ['0o17', '0o17'],
  ])('%s → %p', (text, value) => {
    expect(resolvePlainScalar(text)).toEqual(value);
  });

  it('reads .nan as NaN', () => {
    expect(Number.isNaN(resolvePlainScalar('.nan'))).toBe(true);
  });

  it('parses flow collections and comments like yaml.load', () => {
    expect(parseYamlValue('[1, two, "3"]')).toEqual([1, 'two', '3']);
    expect(parseYamlValue('{a: 1, b: [off]}')).toEqual({ a: 1, b: [false] });
    expect(parseYamlValue('value # comment')).toBe('value');
    expect(parseYamlValue('')).toBeNull();
  });
});

describe('splitString / splitNodeNames', () => {
  it('splits dataset lists on commas, stripping and dropping empties', () => {
    expect(splitString(' a, b ,,c ')).toEqual(['a', 'b', 'c']);
    expect(splitString(undefined)).toEqual([]);
  });

  it('does not split on commas inside square brackets (default node names)', () => {
    expect(splitNodeNames('node1,identity([a,b]) -> [c,d], node3')).toEqual(['node1', 'identity([a,b]) -> [c,d]', 'node3']);
  });

  it('handles nested brackets and drops empty names', () => {
    expect(splitNodeNames(',f([a,[b,c]]) -> [d],,g,')).toEqual(['f([a,[b,c]]) -> [d]', 'g']);
  });
});

describe('parseLoadVersions', () => {
  it('splits items at the first colon', () => {
    expect(parseLoadVersions('cars:2024-01-15T10.30.00.123Z, boats:v:1')).toEqual({ cars: '2024-01-15T10.30.00.123Z', boats: 'v:1' });
  });

  it("rejects an item without ':' with kedro's message", () => {
    expect(() => parseLoadVersions('cars')).toThrow(
      "Expected the form of 'load_versions' to be 'dataset_name:YYYY-MM-DDThh.mm.ss.sssZ',found cars instead",
    );
  });

  it.each(['cars:', 'cars:..', 'cars:a/b', 'cars:a\\b'])('rejects the unsafe version in %s', (value) => {
    expect(() => parseLoadVersions(value)).toThrow(/is not allowed\. Version strings must be a single non-empty path component/);
  });
});

describe('camelCaseKeys', () => {
  it("turns kedro's snake_case runner options into ours", () => {
    expect(camelCaseKeys({ max_workers: 4, is_async: true, maxWorkers2: 1 })).toEqual({ maxWorkers: 4, isAsync: true, maxWorkers2: 1 });
  });
});
