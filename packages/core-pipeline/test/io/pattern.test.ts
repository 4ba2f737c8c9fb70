import { isPattern, matchPattern, patternSpecificity, rankPatterns } from '@kedro-mlflow/core-pipeline';

describe('dataset factory pattern matching', () => {
  it('captures named placeholders lazily, anchored at both ends', () => {
    expect(matchPattern('{namespace}.{name}', 'a.b.c')).toEqual({ namespace: 'a', name: 'b.c' });
    expect(matchPattern('{name}_csv', 'cars_csv')).toEqual({ name: 'cars' });
    expect(matchPattern('{name}_csv', 'cars_csv_x')).toBeUndefined();
    expect(matchPattern('data/{name}', 'xdata/cars')).toBeUndefined();
  });

  it('needs at least one character per placeholder', () => {
    expect(matchPattern('{name}_csv', '_csv')).toBeUndefined();
    expect(matchPattern('{a}{b}', 'xy')).toEqual({ a: 'x', b: 'y' });
    expect(matchPattern('{a}{b}', 'x')).toBeUndefined();
  });

  it('is case-insensitive and matches across newlines', () => {
    expect(matchPattern('{name}_CSV', 'Cars_csv')).toEqual({ name: 'Cars' });
    expect(matchPattern('pre_{name}', 'pre_line1\nline2')).toEqual({ name: 'line1\nline2' });
  });

  it('requires a repeated placeholder to match the same text', () => {
    expect(matchPattern('{x}.{x}', 'a.a')).toEqual({ x: 'a' });
    expect(matchPattern('{x}.{x}', 'a.b')).toBeUndefined();
    expect(matchPattern('{x}-{x}1', 'ab-ab1')).toEqual({ x: 'ab' });
  });

  it('supports anonymous placeholders and escaped braces', () => {
    expect(matchPattern('{}_{name}', 'raw_cars')).toEqual({ name: 'cars' });
    expect(matchPattern('{{literal}}_{name}', '{literal}_cars')).toEqual({ name: 'cars' });
    expect(matchPattern('{{literal}}_{name}', 'x_cars')).toBeUndefined();
  });

  it('escapes regex characters in literal text', () => {
    expect(matchPattern('a+b.{name}', 'a+b.c')).toEqual({ name: 'c' });
    expect(matchPattern('a+b.{name}', 'aab.c')).toBeUndefined();
    expect(matchPattern('(x)[{name}]', '(x)[y]')).toEqual({ name: 'y' });
  });

  it('knows a pattern by its brace', () => {
    expect(isPattern('{name}')).toBe(true);
    expect(isPattern('cars')).toBe(false);
  });
});

describe('pattern ranking', () => {
  it('counts the characters outside placeholders', () => {
    expect(patternSpecificity('{name}')).toBe(0);
    expect(patternSpecificity('{a}{b}')).toBe(0);
    expect(patternSpecificity('data/{d}')).toBe(5);
    expect(patternSpecificity('path/to/{d}/data')).toBe(13);
  });

  it('orders by specificity, then placeholder count, then alphabetically', () => {
    expect(rankPatterns(['{name}', 'data/{d}', 'path/{d}/file', 'path/to/{d}/data'])).toEqual([
      'path/to/{d}/data',
      'path/{d}/file',
      'data/{d}',
      '{name}',
    ]);
    expect(rankPatterns(['{namespace}.{name}', '{name}', '{namespace}.int_{name}{a}', '{namespace}.ant_{name}{c}'])).toEqual([
      '{namespace}.ant_{name}{c}',
      '{namespace}.int_{name}{a}',
      '{namespace}.{name}',
      '{name}',
    ]);
    expect(rankPatterns(['{a}_x', '{a}_{b}x'])).toEqual(['{a}_{b}x', '{a}_x']);
  });
});
